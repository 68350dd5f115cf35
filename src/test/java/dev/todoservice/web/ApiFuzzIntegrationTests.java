package dev.todoservice.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.todoservice.infrastructure.Http;
import dev.todoservice.infrastructure.IntegrationTest;
import dev.todoservice.infrastructure.ProblemAssertions;
import dev.todoservice.infrastructure.RawHttp;
import dev.todoservice.web.FuzzRequests.FuzzRequest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * F1, the stateless fuzz (issue #4, item 6): requests generated from the service's own
 * OpenAPI document and mutated into hostile ones ({@link FuzzRequests}), sent by 8
 * threads. No answer may be a 5xx; every error must be problem+json with {@code type},
 * {@code title} and {@code status}; no body may show internals; every response carries
 * the security headers; and afterwards the {@code todo} table holds exactly the todos the
 * accepted requests created, minus those accepted deletes removed.
 * <p>
 * {@code ./mvnw verify} sends 2,000 with a new seed each run; CI's {@code .ci/run} then
 * sends F1's 10,000 ({@code -Dfuzz.requests=10000}). The seed is printed;
 * {@code -Dfuzz.seed=<seed>} replays a run. It runs last and alone ({@link Isolated}): it
 * takes both cores, and counts the warnings the whole test JVM logs meanwhile.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
@Isolated
@Order(Integer.MAX_VALUE)
class ApiFuzzIntegrationTests {

	private static final int REQUESTS = Integer.getInteger("fuzz.requests", 2_000);

	private static final int THREADS = 8;

	/**
	 * Lines logged at WARN or above that the fuzz may cause: a few, not one a request.
	 */
	private static final int MAX_WARNINGS = 10;

	/**
	 * Todos the fuzz creates for itself first: the only existing ones its item requests
	 * aim at.
	 */
	private static final int TARGETS = 200;

	/**
	 * Tomcat's limit on a request's line and headers (Boot's
	 * server.max-http-request-header-size).
	 */
	private static final int MAX_HEAD = 8 * 1024;

	private static final Pattern CREATED = Pattern.compile("/todos/(\\d+)");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient db;

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	@Test
	void hostileRequestsGetNo5xxNoLeaksAndChangeOnlyWhatWasAccepted(CapturedOutput output) throws Exception {
		long seed = Long.getLong("fuzz.seed", System.nanoTime());
		// Not from the seed: a replay in the same database must not see the first run's
		// rows as its own.
		String marker = String.format("fz%08x", (int) System.nanoTime());
		System.out.printf("fuzz: seed %d, marker %s (replay: ./mvnw verify -Dtest=ApiFuzzIntegrationTests "
				+ "-Dfuzz.seed=%d -Dfuzz.requests=%d)%n", seed, marker, seed, REQUESTS);
		ExecutorService threads = Executors.newFixedThreadPool(THREADS);
		try {
			Ledger ledger = new Ledger();
			List<Long> targets = createTargets(threads, marker, ledger);
			JsonNode document = new Http(this.port).get("/openapi.json").json();
			FuzzRequests requests = new FuzzRequests(document, targets, marker, seed);
			assertThat(requests.operations()).as("operations in /openapi.json").hasSizeGreaterThanOrEqualTo(6);

			long started = System.nanoTime();
			int logBefore = output.getOut().length();
			List<Future<?>> sent = new ArrayList<>();
			for (int i = 0; i < REQUESTS; i++) {
				int index = i;
				sent.add(threads.submit(() -> {
					FuzzRequest request = requests.next(index);
					ledger.record(request, send(request));
				}));
			}
			// One bound for the whole run, not per request: on a machine busy with other
			// builds the queue drains
			// slowly (about 2 minutes when quiet); every request has its own 30 s timeout
			// besides.
			long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
			for (Future<?> request : sent) {
				request.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
			System.out.printf("fuzz: %d requests, seed %d: %s (%d s)%n", REQUESTS, seed, ledger.counts(),
					TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));

			assertThat(ledger.violations)
				.as("%d violations of %d requests, seed %d; the first ones", ledger.violationCount.get(), REQUESTS,
						seed)
				.isEmpty();
			assertTableHoldsWhatWasAccepted(ledger, marker, seed);
			// A client's mistakes are answered, not logged: a loop of bad requests must
			// not flood the log.
			List<String> warnings = output.getOut()
				.substring(logBefore)
				.lines()
				.filter((line) -> line.contains(" WARN ") || line.contains(" ERROR "))
				.toList();
			assertThat(warnings).as("lines logged at WARN or above for %d hostile requests, seed %d", REQUESTS, seed)
				.hasSizeLessThanOrEqualTo(MAX_WARNINGS);
		}
		finally {
			threads.shutdownNow();
		}
	}

	/** The fuzz's own todos, created (and checked) through the API like any other. */
	private List<Long> createTargets(ExecutorService threads, String marker, Ledger ledger) throws Exception {
		List<Future<Long>> created = new ArrayList<>();
		for (int i = 0; i < TARGETS; i++) {
			String body = "{\"title\": \"" + marker + " target " + i + "\", \"description\": \"d\"}";
			created.add(threads.submit(() -> {
				Outcome outcome = send(
						new FuzzRequest(-1, "target", "POST", "/todos/", List.of("Content-Type", "application/json"),
								body.getBytes(StandardCharsets.UTF_8), null, false, null));
				assertThat(outcome.status()).as(outcome.toString()).isIn(201, 202);
				Matcher id = CREATED.matcher(outcome.header("Location"));
				assertThat(id.matches()).as(outcome.toString()).isTrue();
				return Long.parseLong(id.group(1));
			}));
		}
		List<Long> targets = new ArrayList<>();
		for (Future<Long> id : created) {
			targets.add(id.get(1, TimeUnit.MINUTES));
		}
		targets.sort(null); // the order of creation varies; request i must not
		ledger.created.addAll(targets);
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(existing(targets)).as("the fuzz's own todos are stored before it starts")
				.containsExactlyInAnyOrderElementsOf(targets));
		return targets;
	}

	/**
	 * Once the accepted writes are applied: every todo the fuzz was told was created is
	 * there unless an accepted delete removed it, and no todo with the fuzz's marker
	 * exists that it was not told about.
	 */
	private void assertTableHoldsWhatWasAccepted(Ledger ledger, String marker, long seed) {
		Set<Long> mustExist = new HashSet<>(ledger.created);
		mustExist.removeAll(ledger.deleted);
		mustExist.removeAll(ledger.maybeDeleted);
		Set<Long> mayExist = new HashSet<>(mustExist);
		mayExist.addAll(ledger.maybeDeleted);
		mayExist.removeAll(ledger.deleted);
		System.out.printf("fuzz: %d todos created, %d deleted, %d deletes under If-Match (may or may not apply)%n",
				ledger.created.size(), ledger.deleted.size(), ledger.maybeDeleted.size());
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
			Set<Long> missing = new HashSet<>(mustExist);
			missing.removeAll(existing(mustExist));
			// Every title the fuzz sends starts with its marker, so a row with it is the
			// fuzz's doing.
			Set<Long> marked = new HashSet<>(this.db.sql("SELECT id FROM todo WHERE title LIKE :marker")
				.param("marker", marker + "%")
				.query(Long.class)
				.list());
			Set<Long> unexpected = new HashSet<>(marked);
			unexpected.removeAll(mayExist);
			assertThat(missing).as("accepted creates not stored (seed %d): %s", seed, ledger.about(missing, this.db))
				.isEmpty();
			assertThat(unexpected)
				.as("todos no accepted request created, or an accepted delete removed (seed %d): %s", seed,
						ledger.about(unexpected, this.db))
				.isEmpty();
			assertThat(existing(ledger.deleted)).as("todos an accepted delete removed (seed %d)", seed).isEmpty();
		});
	}

	private List<Long> existing(Set<Long> ids) {
		return existing(List.copyOf(ids));
	}

	private List<Long> existing(List<Long> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return this.db.sql("SELECT id FROM todo WHERE id IN (:ids)").param("ids", ids).query(Long.class).list();
	}

	/** Sends through the JDK client, or over a socket what the client refuses to send. */
	private Outcome send(FuzzRequest request) {
		if (!request.isRaw()) {
			HttpRequest http;
			try {
				http = toHttpRequest(request);
			}
			catch (IllegalArgumentException ex) {
				return sendRaw(request.toRaw(this.port));
			}
			try {
				HttpResponse<byte[]> response = this.client.send(http, HttpResponse.BodyHandlers.ofByteArray());
				Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
				response.headers().map().forEach((name, values) -> headers.put(name, values.get(0)));
				return new Outcome(response.statusCode(), headers, new String(response.body(), StandardCharsets.UTF_8),
						null);
			}
			catch (IOException ex) {
				return new Outcome(-1, Map.of(), "", ex.toString());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		return sendRaw(request.raw());
	}

	private Outcome sendRaw(byte[] bytes) {
		try {
			RawHttp.Response response = new RawHttp(this.port).send(bytes);
			Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
			headers.putAll(response.headers());
			return new Outcome(response.status(), headers, response.body(), null);
		}
		catch (RuntimeException ex) {
			return new Outcome(-1, Map.of(), "", ex.toString());
		}
	}

	private HttpRequest toHttpRequest(FuzzRequest request) {
		HttpRequest.Builder builder = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + request.path()))
			.timeout(Duration.ofSeconds(30))
			.method(request.method(), (request.body() != null) ? HttpRequest.BodyPublishers.ofByteArray(request.body())
					: HttpRequest.BodyPublishers.noBody());
		List<String> headers = request.headers();
		for (int i = 0; i < headers.size(); i += 2) {
			builder.header(headers.get(i), headers.get(i + 1));
		}
		return builder.build();
	}

	/** What came back; status -1 with {@code error} when nothing did. */
	record Outcome(int status, Map<String, String> headers, String body, String error) {

		String header(String name) {
			return this.headers.get(name);
		}

		@Override
		public String toString() {
			return (this.error != null) ? "no answer: " + this.error
					: this.status + " " + FuzzRequests.printable(this.body, 300);
		}

	}

	/**
	 * Every answer, checked as it comes, and what the accepted writes did to the table.
	 */
	private static final class Ledger {

		private static final int SHOWN = 40;

		final Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();

		final Set<Long> created = ConcurrentHashMap.newKeySet();

		final Set<Long> deleted = ConcurrentHashMap.newKeySet();

		final Set<Long> maybeDeleted = ConcurrentHashMap.newKeySet();

		/** Per todo, the answers its requests got, to explain a failure. */
		final Map<Long, Queue<String>> history = new ConcurrentHashMap<>();

		final Queue<String> violations = new ConcurrentLinkedQueue<>();

		final AtomicInteger violationCount = new AtomicInteger();

		void record(FuzzRequest request, Outcome outcome) {
			String status = (outcome.error() == null) ? String.valueOf(outcome.status())
					: closedForItsHead(request) ? "closed" : "none";
			this.statuses.computeIfAbsent(status, (key) -> new AtomicInteger()).incrementAndGet();
			check(request, outcome);
			track(request, outcome);
		}

		private void check(FuzzRequest request, Outcome outcome) {
			if (outcome.error() != null) {
				if (!closedForItsHead(request)) {
					violation(request, outcome, "no answer");
				}
				return;
			}
			int status = outcome.status();
			if (status >= 500) {
				violation(request, outcome, "a 5xx");
			}
			if (status >= 400) {
				String type = outcome.header("Content-Type");
				if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/problem+json")) {
					violation(request, outcome, "an error that is not problem+json (" + type + ")");
				}
				else if (!isHead(request)) {
					checkProblem(request, outcome);
				}
			}
			for (String leak : ProblemAssertions.LEAKS) {
				if (outcome.body().contains(leak)) {
					violation(request, outcome, "a body showing internals (" + leak + ")");
				}
			}
			if (!"nosniff".equals(outcome.header("X-Content-Type-Options"))
					|| !"DENY".equals(outcome.header("X-Frame-Options"))
					|| !"no-referrer".equals(outcome.header("Referrer-Policy"))
					|| outcome.header("Content-Security-Policy") == null) {
				violation(request, outcome, "security headers missing " + outcome.headers());
			}
			if (outcome.header("Server") != null || outcome.header("X-Powered-By") != null) {
				violation(request, outcome, "a version banner " + outcome.headers());
			}
		}

		/**
		 * Tomcat answers a head over its limit with 400 before it has read it all, then
		 * closes the connection: the unread bytes make the kernel reset it, which can
		 * destroy the 400 before the client reads it. A race of TCP, not an answer of the
		 * service; counted as "closed".
		 */
		private static boolean closedForItsHead(FuzzRequest request) {
			return request.headBytes() > MAX_HEAD;
		}

		/** A HEAD answer has the headers of a GET's and no body. */
		private static boolean isHead(FuzzRequest request) {
			return "HEAD".equals(request.method())
					|| (request.isRaw() && new String(request.raw(), StandardCharsets.ISO_8859_1).startsWith("HEAD "));
		}

		private void checkProblem(FuzzRequest request, Outcome outcome) {
			try {
				JsonNode problem = JSON.readTree(outcome.body());
				if (!problem.path("type").isString() || !problem.path("title").isString()
						|| problem.path("status").asInt() != outcome.status()) {
					violation(request, outcome, "a problem without type, title and its status");
				}
			}
			catch (RuntimeException ex) {
				violation(request, outcome, "a problem that is no JSON");
			}
		}

		/**
		 * Which todos exist afterwards: creates answered 201/202, deletes answered
		 * 200/202.
		 */
		private void track(FuzzRequest request, Outcome outcome) {
			int status = outcome.status();
			String method = (request.method() != null) ? request.method() : "";
			boolean accepted = status >= 200 && status < 300;
			if (request.target() != null) {
				this.history.computeIfAbsent(request.target(), (id) -> new ConcurrentLinkedQueue<>())
					.add(method + " " + status + " If-Match=" + request.header("If-Match") + " Prefer="
							+ request.header("Prefer") + " #" + request.index());
			}
			if (method.equals("POST") && (status == 201 || status == 202)) {
				Matcher id = CREATED.matcher(String.valueOf(outcome.header("Location")));
				if (id.matches()) {
					this.created.add(Long.parseLong(id.group(1)));
					this.history.computeIfAbsent(Long.parseLong(id.group(1)), (key) -> new ConcurrentLinkedQueue<>())
						.add("POST " + status + " #" + request.index());
				}
				else {
					violation(request, outcome, "a create without Location " + outcome.headers());
				}
			}
			if (accepted && request.absentTarget()
					&& (method.equals("PUT") || method.equals("PATCH") || method.equals("DELETE"))) {
				violation(request, outcome, "a write accepted for a todo that cannot exist");
			}
			if (method.equals("DELETE") && (status == 200 || status == 202) && request.target() != null) {
				// A 202 under If-Match is decided where it is applied: the todo may have
				// changed by then.
				if (status == 202 && request.header("If-Match") != null) {
					this.maybeDeleted.add(request.target());
				}
				else {
					this.deleted.add(request.target());
				}
			}
		}

		/** What the ledger and the table say of these todos, for a failure message. */
		String about(Set<Long> ids, JdbcClient db) {
			StringBuilder about = new StringBuilder();
			for (long id : ids) {
				about.append(String.format("%n  todo %d: created %s, deleted %s, maybe deleted %s, row %s, answers %s",
						id, this.created.contains(id), this.deleted.contains(id), this.maybeDeleted.contains(id),
						db.sql("SELECT title || ' v' || version FROM todo WHERE id = :id")
							.param("id", id)
							.query(String.class)
							.optional()
							.orElse("none"),
						this.history.getOrDefault(id, new ConcurrentLinkedQueue<>())));
			}
			return about.toString();
		}

		private void violation(FuzzRequest request, Outcome outcome, String what) {
			if (this.violationCount.incrementAndGet() <= SHOWN) {
				this.violations.add(what + ": " + request + " -> " + outcome);
			}
		}

		String counts() {
			return this.statuses.entrySet()
				.stream()
				.sorted(Map.Entry.comparingByKey())
				.map((entry) -> entry.getKey() + "=" + entry.getValue().get())
				.collect(Collectors.joining(", "));
		}

	}

}
