package dev.todoservice.system.faults;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import dev.todoservice.system.faults.Op.Kind;
import dev.todoservice.system.faults.Op.Outcome;
import dev.todoservice.system.processes.Pause;

/**
 * The scenario's clients: N threads send a mix of creates, updates and deletes, bounded
 * in count and in time, and note every request in the ledger. Each thread updates and
 * deletes only the todos it created itself, one request at a time, so the order of a
 * todo's writes is the order its thread issued them.
 */
final class LoadDriver {

	/**
	 * The load of one scenario.
	 *
	 * @param threads client threads
	 * @param creates POSTs in all (each with a unique title)
	 * @param updates PUTs in all (each setting a unique title)
	 * @param deletes DELETEs in all
	 * @param duration when the threads stop even if writes are left
	 */
	record Plan(int threads, int creates, int updates, int deletes, Duration duration) {

		int writes() {
			return this.creates + this.updates + this.deletes;
		}

	}

	/**
	 * Longer than the service ever holds a request (Kafka metadata + send + apply wait, 5
	 * s each).
	 */
	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * Pause after a refused connection, so a down instance does not turn into a busy
	 * loop.
	 */
	private static final Duration REFUSED_PAUSE = Duration.ofMillis(500);

	/**
	 * An update goes to one of the thread's most recent todos, so many todos see several
	 * updates.
	 */
	private static final int RECENT = 16;

	private final Plan plan;

	private final Ledger ledger;

	private final List<Integer> ports;

	/** Thread n's bearer token, or null for none (the open mode). */
	private final IntFunction<String> tokens;

	private final AtomicInteger next = new AtomicInteger();

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private ExecutorService threads;

	private volatile long deadline;

	private long started;

	private long ended;

	/**
	 * @param tokens thread n's bearer token (each thread signs in as an owner of its
	 * own), or null for none
	 */
	LoadDriver(Plan plan, List<Integer> ports, Ledger ledger, IntFunction<String> tokens) {
		this.plan = plan;
		this.ports = new CopyOnWriteArrayList<>(ports);
		this.ledger = ledger;
		this.tokens = tokens;
	}

	void start() {
		this.started = System.nanoTime();
		this.deadline = this.started + this.plan.duration().toNanos();
		this.threads = Executors.newFixedThreadPool(this.plan.threads(), (task) -> {
			Thread thread = new Thread(task, "load");
			thread.setDaemon(true);
			return thread;
		});
		for (int thread = 0; thread < this.plan.threads(); thread++) {
			int id = thread;
			this.threads.execute(() -> run(id));
		}
		this.threads.shutdown();
	}

	/** Sends no more requests to an instance (it was killed for good). */
	void retire(int port) {
		this.ports.remove(Integer.valueOf(port));
	}

	/** Waits until every thread is done: its share sent, or the plan's duration over. */
	void awaitDone() throws InterruptedException {
		if (!this.threads.awaitTermination(this.plan.duration().plus(REQUEST_TIMEOUT).toMillis() + 10_000,
				TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException("The load did not end in time");
		}
		this.ended = System.nanoTime();
	}

	/** Stops the threads at once (the scenario broke off). */
	void abort() {
		this.deadline = 0;
		if (this.threads != null) {
			this.threads.shutdownNow();
		}
	}

	double seconds() {
		return (this.ended - this.started) / 1e9;
	}

	private void run(int thread) {
		Random random = new Random(thread);
		int[] left = { share(this.plan.creates(), thread), share(this.plan.updates(), thread),
				share(this.plan.deletes(), thread) };
		List<Long> alive = new ArrayList<>();
		long seq = 0;
		while (System.nanoTime() < this.deadline && !Thread.currentThread().isInterrupted()) {
			Kind kind = choose(random, left, alive.isEmpty());
			if (kind == null) {
				return;
			}
			Op op = switch (kind) {
				case CREATE -> create(thread, seq);
				case UPDATE ->
					update(thread, seq, alive.get(alive.size() - 1 - random.nextInt(Math.min(RECENT, alive.size()))));
				case DELETE -> delete(thread, seq, alive.get(random.nextInt(alive.size())));
			};
			seq++;
			this.ledger.add(op);
			if (op.outcome() == Outcome.REFUSED) {
				Pause.briefly(REFUSED_PAUSE); // not a write: the same kind of write
												// again, maybe elsewhere
				continue;
			}
			left[kind.ordinal()]--;
			if (kind == Kind.CREATE && op.acked()) {
				alive.add(op.id());
			}
			if (kind == Kind.DELETE && op.mayHaveApplied()) {
				alive.remove(op.id());
			}
		}
	}

	/**
	 * A kind of write in proportion to what is left; updates and deletes need a todo of
	 * this thread.
	 */
	private static Kind choose(Random random, int[] left, boolean nothingToChange) {
		int creates = left[0];
		int updates = nothingToChange ? 0 : left[1];
		int deletes = nothingToChange ? 0 : left[2];
		int total = creates + updates + deletes;
		if (total == 0) {
			return null;
		}
		int pick = random.nextInt(total);
		return (pick < creates) ? Kind.CREATE : (pick < creates + updates) ? Kind.UPDATE : Kind.DELETE;
	}

	private int share(int total, int thread) {
		return total / this.plan.threads() + ((thread < total % this.plan.threads()) ? 1 : 0);
	}

	private Op create(int thread, long seq) {
		String title = "c" + thread + "." + seq;
		return send(Kind.CREATE, thread, seq, 0, title, request(thread, "/todos/")
			.POST(json("{\"title\": \"" + title + "\", \"description\": \"fault suite\"}")));
	}

	private Op update(int thread, long seq, long id) {
		String title = "u" + thread + "." + seq;
		return send(Kind.UPDATE, thread, seq, id, title, request(thread, "/todos/" + id)
			.PUT(json("{\"title\": \"" + title + "\", \"completed\": " + (seq % 2 == 0) + "}")));
	}

	private Op delete(int thread, long seq, long id) {
		return send(Kind.DELETE, thread, seq, id, null, request(thread, "/todos/" + id).DELETE());
	}

	private HttpRequest.Builder request(int thread, String path) {
		int port = this.ports.get(Math.floorMod(this.next.getAndIncrement(), this.ports.size()));
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(REQUEST_TIMEOUT)
			.header("Content-Type", "application/json");
		String token = (this.tokens != null) ? this.tokens.apply(thread) : null;
		return (token != null) ? request.header("Authorization", "Bearer " + token) : request;
	}

	private static HttpRequest.BodyPublisher json(String body) {
		return HttpRequest.BodyPublishers.ofString(body);
	}

	private Op send(Kind kind, int thread, long seq, long id, String title, HttpRequest.Builder request) {
		long sent = System.nanoTime();
		long at = (sent - this.started) / 1_000_000;
		int status = 0;
		Outcome outcome;
		try {
			HttpResponse<Void> response = this.client.send(request.build(), HttpResponse.BodyHandlers.discarding());
			status = response.statusCode();
			outcome = Outcome.of(status);
			if (kind == Kind.CREATE) {
				id = response.headers().firstValue("Location").map(LoadDriver::idOf).orElse(0L);
			}
		}
		catch (HttpConnectTimeoutException ex) {
			outcome = Outcome.REFUSED;
		}
		catch (HttpTimeoutException ex) {
			outcome = Outcome.UNKNOWN;
		}
		catch (IOException ex) {
			// Refused at connect: the request never left. Anything else broke off after
			// it went out.
			outcome = refusedAtConnect(ex) ? Outcome.REFUSED : Outcome.UNKNOWN;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			outcome = Outcome.UNKNOWN;
		}
		return new Op(kind, thread, seq, id, title, status, outcome, at, millisSince(sent));
	}

	private static long millisSince(long started) {
		return (System.nanoTime() - started) / 1_000_000;
	}

	private static boolean refusedAtConnect(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException) {
				return true;
			}
		}
		return false;
	}

	private static long idOf(String location) {
		return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
	}

}
