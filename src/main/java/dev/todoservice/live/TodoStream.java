package dev.todoservice.live;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.todoservice.todo.Owner;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter.DataWithMediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live stream of applied changes on this instance: every instance hears every commit
 * (through {@link Announcements}), keeps the most recent ones for clients that reconnect
 * with Last-Event-ID, and pushes new ones as server-sent events to the connected clients
 * of the change's owner, and to no one else.
 * <p>
 * The clients are kept by owner, so a change costs only its owner's streams and a client
 * comes and goes in constant time, however many streams the instance holds. An open
 * stream holds no request thread: {@link SseEmitter} is Spring MVC's asynchronous
 * response, written from the thread that publishes.
 * <p>
 * Over 200 lines on purpose: subscribing, publishing, the heartbeat and the shutdown all
 * guard the same map of clients, so they stay in one class.
 */
@Component
public class TodoStream implements SmartLifecycle {

	/** How many recent changes a reconnecting client can catch up on. */
	public static final int HISTORY = 10_000;

	private static final long TIMEOUT = Duration.ofMinutes(30).toMillis();

	private final History history = new History();

	private final ObjectWriter json;

	/** An owner is here while it has a client: owners who left leave nothing behind. */
	private final Map<Owner, Set<Client>> clients = new ConcurrentHashMap<>();

	private volatile boolean running;

	/**
	 * Writes each change once for all the streams it goes to, with the mapper Spring MVC
	 * writes responses with; non-ASCII escaped, as the event is sent as text, which
	 * leaves the bytes to the text converter's charset.
	 */
	TodoStream(JsonMapper json) {
		this.json = json.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII);
	}

	/** Identity, not the record's equality: each connection is a client of its own. */
	private static final class Client {

		private final SseEmitter emitter;

		private final Owner owner;

		Client(SseEmitter emitter, Owner owner) {
			this.emitter = emitter;
			this.owner = owner;
		}

	}

	/**
	 * A new client of {@code owner}; with {@code lastEventId} it first gets every change
	 * after that one that is still in the history, or a {@code reset} event when some of
	 * them are not (the client should reload).
	 */
	public SseEmitter subscribe(Owner owner, @Nullable Long lastEventId) {
		return subscribe(new SseEmitter(TIMEOUT), owner, lastEventId);
	}

	/**
	 * {@link #subscribe(Owner, Long)} onto a given emitter (the tests' recording ones).
	 */
	SseEmitter subscribe(SseEmitter emitter, Owner owner, @Nullable Long lastEventId) {
		Client client = new Client(emitter, owner);
		emitter.onCompletion(() -> remove(client));
		emitter.onTimeout(() -> remove(client));
		emitter.onError((ex) -> remove(client));
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
					if (!catchUp.missed().isEmpty()) {
						emitter.send(events(catchUp.missed()));
					}
				}
				// Atomic per owner, as remove: a set that its last client is leaving is
				// not reused after it was dropped.
				this.clients.compute(owner, (key, owners) -> {
					Set<Client> kept = (owners != null) ? owners : ConcurrentHashMap.newKeySet();
					kept.add(client);
					return kept;
				});
			}
			catch (IOException ex) {
				emitter.completeWithError(ex);
			}
		}
		return emitter;
	}

	/**
	 * The changes heard together, in commit order, from the one thread that hears the
	 * database's notifications. Each stream gets its owner's changes among them in one
	 * write: when the fan-out falls behind, more changes are heard together, and the
	 * writes per stream stop growing with the changes.
	 */
	synchronized void publish(List<OwnedChange> changes) {
		Map<Owner, List<TodoChanged>> byOwner = new LinkedHashMap<>();
		for (OwnedChange each : changes) {
			// The history in commit order first: it tells a change heard twice (after
			// reconnecting to the database) by its number.
			if (this.history.add(each) && this.clients.containsKey(each.owner())) {
				byOwner.computeIfAbsent(each.owner(), (owner) -> new ArrayList<>()).add(each.change());
			}
		}
		byOwner.forEach(this::send);
	}

	private void send(Owner owner, List<TodoChanged> changes) {
		Set<Client> owners = this.clients.get(owner);
		if (owners == null) {
			return;
		}
		Set<DataWithMediaType> events = events(changes);
		for (Client client : owners) {
			try {
				client.emitter.send(events);
			}
			catch (IOException | IllegalStateException ex) {
				remove(client);
			}
		}
	}

	/**
	 * A comment now and then keeps proxies from closing idle streams and finds clients
	 * that left.
	 */
	@Scheduled(fixedDelay = 15_000)
	void heartbeat() {
		for (Set<Client> owners : this.clients.values()) {
			for (Client client : owners) {
				try {
					client.emitter.send(SseEmitter.event().comment("keep-alive"));
				}
				catch (IOException | IllegalStateException ex) {
					remove(client);
				}
			}
		}
	}

	/** The open streams. */
	int clients() {
		return this.clients.values().stream().mapToInt(Set::size).sum();
	}

	/** The owners with an open stream. */
	int owners() {
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
		for (Set<Client> owners : this.clients.values()) {
			for (Client client : owners) {
				client.emitter.complete();
			}
		}
		this.clients.clear();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Drops the client, and its owner's entry with its last one. */
	private void remove(Client client) {
		this.clients.computeIfPresent(client.owner, (owner, owners) -> {
			owners.remove(client);
			return owners.isEmpty() ? null : owners;
		});
	}

	/**
	 * The changes as server-sent events, ready to be sent to any number of streams, as
	 * one piece of text: Spring MVC converts each part of a send apart (an event's parts
	 * are its header lines, its data and its end), then flushes once.
	 */
	private Set<DataWithMediaType> events(List<TodoChanged> changes) {
		StringBuilder text = new StringBuilder();
		for (TodoChanged change : changes) {
			SseEmitter.event()
				.id(Long.toString(change.seq()))
				.name(change.type())
				.data(this.json.writeValueAsString(change), MediaType.TEXT_PLAIN)
				.build()
				.forEach((part) -> text.append(part.getData()));
		}
		return Set.of(new DataWithMediaType(text.toString(), MediaType.TEXT_PLAIN));
	}

}
