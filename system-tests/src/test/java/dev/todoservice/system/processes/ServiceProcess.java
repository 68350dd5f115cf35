package dev.todoservice.system.processes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One instance of the service, run from its executable jar as deployed, in a JVM of its
 * own configured through the environment as in production, so that a fault scenario can
 * SIGKILL it and start it again.
 */
public final class ServiceProcess implements AutoCloseable {

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

	private final int port;

	private final Map<String, String> env;

	private final Path log;

	private final List<String> jvmOptions;

	private final Path jar;

	private final Path javaHome;

	private Process process;

	/**
	 * @param jar the service's executable jar ({@link #jar()})
	 * @param settings environment of the instance beyond the four given here
	 * ({@code TODO_TOPIC}, {@code KAFKA_GROUP_ID}, ...)
	 * @param jvmOptions options of its JVM (heap, GC, flight recorder)
	 */
	public ServiceProcess(Path jar, int port, String databaseUrl, String bootstrapServers, Map<String, String> settings,
			List<String> jvmOptions, Path log) {
		this(null, jar, port, databaseUrl, bootstrapServers, settings, jvmOptions, log);
	}

	/**
	 * An instance run by the JDK at {@code javaHome} in the jar's directory, as the
	 * container image runs the extracted jar with its AOT cache; {@code null}: this JVM's
	 * JDK, from the current directory.
	 */
	public ServiceProcess(Path javaHome, Path jar, int port, String databaseUrl, String bootstrapServers,
			Map<String, String> settings, List<String> jvmOptions, Path log) {
		this.javaHome = javaHome;
		this.jar = jar;
		this.port = port;
		this.log = log;
		this.jvmOptions = List.copyOf(jvmOptions);
		this.env = new HashMap<>(settings);
		// Every load here is the one shared owner at thousands of requests a second: the
		// per-owner rate limit would measure itself, not the service (a suite may turn it
		// on).
		this.env.putIfAbsent("TODO_RATE_LIMIT_ENABLED", "false");
		// The open API: the scenarios measure the write path, not sign-in (a setting may
		// say otherwise).
		this.env.putIfAbsent("TODO_AUTH", "none");
		this.env.put("PORT", Integer.toString(port));
		this.env.put("DATABASE_URL", databaseUrl);
		this.env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
	}

	public int port() {
		return this.port;
	}

	public Path log() {
		return this.log;
	}

	/**
	 * The service's executable jar, {@code todo-service-*.jar} in the root build's
	 * {@code target} directory (system property {@code service.target}, which the
	 * module's build sets; {@code ../target} otherwise).
	 */
	public static Path jar() {
		Path target = Path.of(System.getProperty("service.target", "../target")).toAbsolutePath().normalize();
		String build = "at the repository's root: ./mvnw -B -ntp -q -DskipTests";
		List<Path> jars = List.of();
		if (Files.isDirectory(target)) {
			try (Stream<Path> files = Files.list(target)) {
				jars = files.filter(ServiceProcess::isServiceJar).sorted().toList();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		if (jars.isEmpty()) {
			throw new IllegalStateException(
					"No todo-service-*.jar in " + target + ": build the service's jar first, " + build + " package");
		}
		if (jars.size() > 1) {
			throw new IllegalStateException("More than one todo-service-*.jar in " + target + " " + jars
					+ ": build the service's jar alone, " + build + " clean package");
		}
		return jars.get(0);
	}

	private static boolean isServiceJar(Path path) {
		String name = path.getFileName().toString();
		return name.startsWith("todo-service-") && name.endsWith(".jar");
	}

	/** The operating system's process id of the running instance. */
	public long pid() {
		return this.process.pid();
	}

	/** Starts the instance (again, on the same port) without waiting for it. */
	public void launch() {
		if (this.process != null && this.process.isAlive()) {
			throw new IllegalStateException("The service on port " + this.port + " is running already");
		}
		this.process = (this.javaHome != null)
				? ChildJvm.startJar(this.javaHome, this.jar, this.jvmOptions, this.env, this.log)
				: ChildJvm.startJar(this.jar, this.jvmOptions, this.env, this.log);
	}

	/** Starts the instance and waits until it is ready for traffic. */
	public void start() {
		launch();
		awaitReady();
	}

	/** Polls the readiness probe until it answers 200. */
	public void awaitReady() {
		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(2))
			.build();
		HttpRequest probe = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/health/readiness"))
			.timeout(Duration.ofSeconds(5))
			.build();
		Readiness.await("The service on port " + this.port, this.process, this.log, client, probe, READY_TIMEOUT);
	}

	/**
	 * Waits for the instance to exit by itself (a start that fails, or one told to exit
	 * once refreshed): its exit code, or none if it still runs after {@code timeout}.
	 */
	public OptionalInt awaitExit(Duration timeout) throws InterruptedException {
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			return OptionalInt.empty();
		}
		return OptionalInt.of(this.process.exitValue());
	}

	/**
	 * SIGTERM: the graceful shutdown a platform asks for (flight recordings are written
	 * then).
	 */
	public void stop() {
		ChildJvm.stop(this.process, Duration.ofSeconds(60));
	}

	/**
	 * SIGKILL: no graceful shutdown, requests in flight break off, the open transaction
	 * is rolled back.
	 */
	public void kill() {
		ChildJvm.kill(this.process);
	}

	/**
	 * Kills the instance: by then its run is over, and a graceful stop would only take
	 * time.
	 */
	@Override
	public void close() {
		if (this.process != null) {
			ChildJvm.kill(this.process);
		}
	}

}
