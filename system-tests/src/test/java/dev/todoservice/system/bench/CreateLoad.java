package dev.todoservice.system.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * POSTs of todos with unique titles ({@code <prefix><n>}), each answered 201 once the
 * consumer has committed it (or 202 when the service's wait ran out). Either closed loop
 * (a fixed number of creates from a fixed number of connections, as fast as they are
 * answered) or open loop (a fixed rate, each request's latency counted from the moment it
 * was due, so a stalled service cannot hide its backlog).
 */
final class CreateLoad {

	/** What one run sent and how each request was answered. */
	record Result(String prefix, int sent, int created, int accepted, int failed, long startNanos, long endNanos,
			long[] latencyNanos, boolean[] acknowledged, int[] client) {

		int acked() {
			return this.created + this.accepted;
		}

		double seconds() {
			return (this.endNanos - this.startNanos) / 1e9;
		}

		/**
		 * Latency quantile in milliseconds over the acknowledged requests (0.5, 0.99, 1.0
		 * for the max).
		 */
		double latencyMillis(double quantile) {
			long[] sorted = sortedLatencies(0, this.sent);
			return (sorted.length == 0) ? Double.NaN : quantile(sorted, quantile) / 1e6;
		}

		/**
		 * For the log of an open-loop run: the p99 and max of each consecutive window of
		 * {@code perWindow} creates (by when each was due), in milliseconds, to tell a
		 * steady tail from a stall or a slow start.
		 */
		String tailByWindow(int perWindow) {
			StringBuilder text = new StringBuilder();
			for (int from = 0; from < this.sent; from += perWindow) {
				long[] window = sortedLatencies(from, Math.min(this.sent, from + perWindow));
				if (window.length > 0) {
					text.append((text.length() > 0) ? ", " : "")
						.append(String.format("%.0f/%.0f", quantile(window, 0.99) / 1e6,
								window[window.length - 1] / 1e6));
				}
			}
			return text.toString();
		}

		/** The latencies of the acknowledged creates from {@code from} to {@code to}. */
		private long[] sortedLatencies(int from, int to) {
			long[] sorted = new long[to - from];
			int n = 0;
			for (int i = from; i < to; i++) {
				if (this.acknowledged[i]) {
					sorted[n++] = this.latencyNanos[i];
				}
			}
			sorted = Arrays.copyOf(sorted, n);
			Arrays.sort(sorted);
			return sorted;
		}

		private static long quantile(long[] sorted, double quantile) {
			int n = sorted.length;
			return sorted[(int) Math.min(n - 1, Math.max(0, Math.ceil(quantile * n) - 1))];
		}

		/** The titles the service acknowledged: each must be stored exactly once. */
		List<String> ackedTitles() {
			List<String> titles = new ArrayList<>(acked());
			for (int i = 0; i < this.sent; i++) {
				if (this.acknowledged[i]) {
					titles.add(this.prefix + i);
				}
			}
			return titles;
		}

	}

	private final List<Integer> ports;

	private final SignIn signIn;

	/**
	 * 0: connection {@code c} creates as client {@code c}; otherwise create {@code i} is
	 * client {@code i % owners}'s, whichever connection sends it.
	 */
	private final int owners;

	/**
	 * With {@link #owners}, client {@code n}'s token at {@code n}; empty in the open
	 * mode.
	 */
	private final List<String> tokens;

	/**
	 * @param signIn the clients' tokens: connection {@code c} sends client {@code c}'s
	 */
	CreateLoad(int port, SignIn signIn) {
		this(List.of(port), signIn, 0);
	}

	/**
	 * Several instances: connection {@code c} goes to {@code ports[c % n]}, round-robin,
	 * as a load balancer spreading connections would.
	 */
	CreateLoad(List<Integer> ports, SignIn signIn) {
		this(ports, signIn, 0);
	}

	private CreateLoad(List<Integer> ports, SignIn signIn, int owners) {
		this.ports = List.copyOf(ports);
		this.signIn = signIn;
		this.owners = owners;
		// Taken once: a create should not wait for the issuer's signature or a lock.
		this.tokens = signIn.tokens(owners);
	}

	/**
	 * The creates spread over {@code owners} clients, create {@code i} with client
	 * {@code i % owners}'s token, on any connection: many owners need not be as many
	 * connections. {@link Result#client()} is then each create's owner.
	 */
	CreateLoad byOwner(int owners) {
		return new CreateLoad(this.ports, this.signIn, owners);
	}

	/**
	 * {@code total} creates from {@code connections} connections, each sending its next
	 * as soon as answered.
	 */
	Result closedLoop(String prefix, int total, int connections) throws InterruptedException {
		AtomicInteger next = new AtomicInteger();
		return run(prefix, total, connections, (c, connection, answers, opened) -> {
			for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
				long sent = System.nanoTime();
				answers.record(i, client(c, i), send(connection, prefix, i), System.nanoTime() - sent);
			}
		});
	}

	/**
	 * {@code total} creates due at {@code perSecond}, from up to {@code connections}
	 * connections; a request's latency runs from when it was due (it waits for a free
	 * connection when all are busy). The schedule starts once every connection is open:
	 * the client's own threads and connects are not the service's latency.
	 */
	Result openLoop(String prefix, int total, int connections, double perSecond) throws InterruptedException {
		return openLoop(prefix, total, connections, -1, interval(perSecond));
	}

	/**
	 * {@link #openLoop(String, int, int, double)} on a given schedule: create {@code i}
	 * is due at {@code start + i * interval} (nanoTime; {@code start} -1: 10 ms after the
	 * connections are open).
	 */
	Result openLoop(String prefix, int total, int connections, long start, long interval) throws InterruptedException {
		AtomicInteger next = new AtomicInteger();
		return run(prefix, total, connections, (c, connection, answers, opened) -> {
			long first = (start >= 0) ? start : opened + 10_000_000L;
			for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
				long due = first + i * interval;
				for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
					LockSupport.parkNanos(wait);
				}
				answers.record(i, client(c, i), send(connection, prefix, i), System.nanoTime() - due);
			}
		});
	}

	static long interval(double perSecond) {
		return (long) (1e9 / perSecond);
	}

	/** Whose create {@code i} is, sent on connection {@code c}. */
	private int client(int c, int i) {
		return (this.owners > 0) ? i % this.owners : c;
	}

	private int send(HttpConnection connection, String prefix, int i) {
		try {
			String json = "{\"title\":\"" + prefix + i + "\",\"description\":\"benchmark\"}";
			return (this.owners > 0 && !this.tokens.isEmpty())
					? connection.post("/todos/", json, this.tokens.get(i % this.owners))
					: connection.post("/todos/", json);
		}
		catch (IOException ex) {
			return 0;
		}
	}

	@FunctionalInterface
	private interface Client {

		/**
		 * @param opened when every connection of the run was open (nanoTime)
		 */
		void run(int client, HttpConnection connection, Answers answers, long opened);

	}

	private static final class Answers {

		final long[] latency;

		final int[] status;

		/** Which connection (and so whose token) sent each create. */
		final int[] client;

		Answers(int total) {
			this.latency = new long[total];
			this.status = new int[total];
			this.client = new int[total];
		}

		void record(int i, int client, int status, long nanos) {
			this.status[i] = status;
			this.client[i] = client;
			this.latency[i] = nanos;
		}

	}

	private Result run(String prefix, int total, int connections, Client client) throws InterruptedException {
		Answers answers = new Answers(total);
		List<Thread> threads = new ArrayList<>();
		CountDownLatch connected = new CountDownLatch(connections);
		CountDownLatch go = new CountDownLatch(1);
		AtomicLong opened = new AtomicLong();
		for (int c = 0; c < connections; c++) {
			String token = (this.owners > 0) ? null : this.signIn.token(c);
			int port = this.ports.get(c % this.ports.size());
			int n = c;
			Thread thread = new Thread(() -> {
				try (HttpConnection connection = new HttpConnection("127.0.0.1", port, token)) {
					connection.open();
					connected.countDown();
					go.await();
					client.run(n, connection, answers, opened.get());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}, "bench-client-" + c);
			thread.setDaemon(true);
			thread.start();
			threads.add(thread);
		}
		connected.await();
		long start = System.nanoTime();
		opened.set(start);
		go.countDown();
		for (Thread thread : threads) {
			thread.join();
		}
		long end = System.nanoTime();
		int created = 0;
		int accepted = 0;
		int failed = 0;
		boolean[] acknowledged = new boolean[total];
		for (int i = 0; i < total; i++) {
			int status = answers.status[i];
			created += (status == 201) ? 1 : 0;
			accepted += (status == 202) ? 1 : 0;
			failed += (status != 201 && status != 202) ? 1 : 0;
			acknowledged[i] = status == 201 || status == 202;
		}
		return new Result(prefix, total, created, accepted, failed, start, end, answers.latency, acknowledged,
				answers.client);
	}

}
