package dev.todoservice.live;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.todoservice.todo.Owner;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live stream of applied changes on this instance: every instance hears every commit
 * (through {@link Announcements}), keeps the most recent ones for clients that reconnect
 * with Last-Event-ID, and pushes new ones as server-sent events to the connected clients
 * of the change's owner, and to no one else.
 */
@Component
public class TodoStream implements SmartLifecycle {

	/** How many recent changes a reconnecting client can catch up on. */
	public static final int HISTORY = 10_000;

	private static final long TIMEOUT = Duration.ofMinutes(30).toMillis();

	private final History history = new History();

	private final List<Client> clients = new CopyOnWriteArrayList<>();

	private volatile boolean running;

	private record Client(SseEmitter emitter, Owner owner) {
	}

	/**
	 * A new client of {@code owner}; with {@code lastEventId} it first gets every change
	 * after that one that is still in the history, or a {@code reset} event when some of
	 * them are not (the client should reload).
	 */
	public SseEmitter subscribe(Owner owner, @Nullable Long lastEventId) {
		SseEmitter emitter = new SseEmitter(TIMEOUT);
		Client client = new Client(emitter, owner);
		emitter.onCompletion(() -> this.clients.remove(client));
		emitter.onTimeout(() -> this.clients.remove(client));
		emitter.onError((ex) -> this.clients.remove(client));
		synchronized (this) {
			try {
				// The newest number known here, so a client that drops before its first
				// change can resume.
				SseEmitter.SseEventBuilder connected = SseEmitter.event().comment("connected");
				Long last = this.history.last();
				if (last != null) {
					connected.id(Long.toString(last));
				}
				emitter.send(connected);
				if (lastEventId != null) {
					History.CatchUp catchUp = this.history.since(lastEventId, owner);
					if (catchUp.reset()) {
						emitter.send(SseEmitter.event().name("reset").data("{}", MediaType.APPLICATION_JSON));
					}
					for (TodoChanged change : catchUp.missed()) {
						send(emitter, change);
					}
				}
				this.clients.add(client);
			}
			catch (IOException ex) {
				emitter.completeWithError(ex);
			}
		}
		return emitter;
	}

	/**
	 * Called in commit order, from the one thread that hears the database's
	 * notifications.
	 */
	synchronized void publish(Owner owner, TodoChanged change) {
		if (!this.history.add(owner, change)) {
			return; // heard twice (after reconnecting to the database)
		}
		for (Client client : this.clients) {
			if (!client.owner().equals(owner)) {
				continue;
			}
			try {
				send(client.emitter(), change);
			}
			catch (IOException | IllegalStateException ex) {
				this.clients.remove(client);
			}
		}
	}

	/**
	 * A comment now and then keeps proxies from closing idle streams and finds clients
	 * that left.
	 */
	@Scheduled(fixedDelay = 15_000)
	void heartbeat() {
		for (Client client : this.clients) {
			try {
				client.emitter().send(SseEmitter.event().comment("keep-alive"));
			}
			catch (IOException | IllegalStateException ex) {
				this.clients.remove(client);
			}
		}
	}

	int clients() {
		return this.clients.size();
	}

	@Override
	public void start() {
		this.running = true;
	}

	/**
	 * Ends every stream before the web server's graceful shutdown (which stops later: its
	 * phase is lower), since open streams count as requests in flight and would hold the
	 * shutdown for its whole timeout. Clients reconnect, with Last-Event-ID, to another
	 * instance.
	 */
	@Override
	public void stop() {
		this.running = false;
		for (Client client : this.clients) {
			client.emitter().complete();
		}
		this.clients.clear();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private static void send(SseEmitter emitter, TodoChanged change) throws IOException {
		emitter.send(SseEmitter.event()
			.id(Long.toString(change.seq()))
			.name(change.type())
			.data(change, MediaType.APPLICATION_JSON));
	}

}
