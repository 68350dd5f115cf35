package dev.todoservice.system.processes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Prometheus server (Debian's {@code prometheus} package,
 * {@code /usr/bin/prometheus} or {@code -Dprometheus.binary=...}) as a process of its
 * own, with the configuration it is given, its database in a directory of the run,
 * listening on a port of the run; and the two parts of its HTTP API a test needs: instant
 * queries and the alerts' states.
 */
public final class PrometheusProcess implements AutoCloseable {

	public static final Path BINARY = Path.of(System.getProperty("prometheus.binary", "/usr/bin/prometheus"));

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

	private static final Set<Process> started = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> started.forEach(Process::destroyForcibly)));
	}

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private final int port;

	private final Process process;

	private final Path log;

	private PrometheusProcess(int port, Process process, Path log) {
		this.port = port;
		this.process = process;
		this.log = log;
	}

	/**
	 * Writes {@code config} to {@code dir/prometheus.yml}, starts Prometheus with its
	 * database under {@code dir/data} and waits until it is ready.
	 */
	public static PrometheusProcess start(Path dir, int port, String config) {
		Path log = dir.resolve("prometheus.log");
		Process process;
		try {
			Files.createDirectories(dir);
			Path file = dir.resolve("prometheus.yml");
			Files.writeString(file, config);
			process = new ProcessBuilder(BINARY.toString(), "--config.file=" + file,
					"--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
					// Debian's defaults point at /etc/prometheus, which a test must not
					// need.
					"--web.console.templates=" + dir, "--web.console.libraries=" + dir)
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		started.add(process);
		process.onExit().thenRun(() -> started.remove(process));
		PrometheusProcess prometheus = new PrometheusProcess(port, process, log);
		prometheus.awaitReady();
		return prometheus;
	}

	public int port() {
		return this.port;
	}

	public Path log() {
		return this.log;
	}

	private void awaitReady() {
		Readiness.await("Prometheus", this.process, this.log, this.client, request("/-/ready"), READY_TIMEOUT);
	}

	/**
	 * An instant query now: its result (an array of series; empty when nothing matches).
	 * @throws QueryException when Prometheus rejects or fails the query
	 */
	public JsonNode query(String expression) {
		JsonNode answer = get("/api/v1/query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8));
		if (!"success".equals(answer.path("status").asString())) {
			throw new QueryException(answer.path("errorType").asString() + ": " + answer.path("error").asString());
		}
		return answer.path("data").path("result");
	}

	/** The names of the alerts in the given state ({@code pending} or {@code firing}). */
	public List<String> alerts(String state) {
		JsonNode alerts = get("/api/v1/alerts").path("data").path("alerts");
		return alerts.valueStream()
			.filter((alert) -> state.equals(alert.path("state").asString()))
			.map((alert) -> alert.path("labels").path("alertname").asString())
			.distinct()
			.sorted()
			.toList();
	}

	private JsonNode get(String path) {
		try {
			HttpResponse<String> response = this.client.send(request(path), HttpResponse.BodyHandlers.ofString());
			return json.readTree(response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private HttpRequest request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10))
			.build();
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

	/** Prometheus answered a query with an error (bad syntax, unknown function...). */
	public static final class QueryException extends RuntimeException {

		QueryException(String message) {
			super(message);
		}

	}

}
