package dev.todoservice.live;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live stream of applied changes on this instance: every instance hears every commit
 * (through {@link Announcements}), keeps the most recent ones for clients that reconnect
 * with Last-Event-ID, and pushes new ones to the connected clients as server-sent events.
 */
@Component
public class TodoStream implements SmartLifecycle {

	/** How many recent changes a reconnecting client can catch up on. */
	public static final int HISTORY = 10_000;

	private static final long TIMEOUT = Duration.ofMinutes(30).toMillis();

	private final History history = new History();

	private final List<SseEmitter> clients = new CopyOnWriteArrayList<>();

	private volatile boolean running;

	/**
	 * A new client; with {@code lastEventId} it first gets every change after that one
	 * that is still in the history, or a {@code reset} event when some of them are not
	 * (the client should reload).
	 */
	public SseEmitter subscribe(@Nullable Long lastEventId) {
		SseEmitter emitter = new SseEmitter(TIMEOUT);
		emitter.onCompletion(() -> this.clients.remove(emitter));
		emitter.onTimeout(() -> this.clients.remove(emitter));
		emitter.onError((ex) -> this.clients.remove(emitter));
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
					History.CatchUp catchUp = this.history.since(lastEventId);
					if (catchUp.reset()) {
						emitter.send(SseEmitter.event().name("reset").data("{}", MediaType.APPLICATION_JSON));
					}
					for (TodoChanged change : catchUp.missed()) {
						send(emitter, change);
					}
				}
				this.clients.add(emitter);
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
	synchronized void publish(TodoChanged change) {
		if (!this.history.add(change)) {
			return; // heard twice (after reconnecting to the database)
		}
		for (SseEmitter client : this.clients) {
			try {
				send(client, change);
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
		for (SseEmitter client : this.clients) {
			try {
				client.send(SseEmitter.event().comment("keep-alive"));
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
		for (SseEmitter client : this.clients) {
			client.complete();
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
