package dev.todoservice.system.processes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Starts a JVM of its own (a main class of this module's classpath, such as Kafka's, or
 * the service's executable jar), its output appended to a log file, so that a fault
 * scenario can SIGKILL it. Every JVM started here is also killed when the JVM that
 * started it exits, whatever way it exits: nothing else on the machine is ever touched.
 */
public final class ChildJvm {

	private static final Set<Process> started = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> started.forEach(Process::destroyForcibly)));
	}

	private ChildJvm() {
	}

	public static Process start(String mainClass, List<String> jvmOptions, List<String> args, Map<String, String> env,
			Path log) {
		return start(javaHome(), null, jvmOptions, List.of("-cp", System.getProperty("java.class.path"), mainClass),
				args, env, log);
	}

	/** Starts an executable jar, as it is deployed. */
	public static Process startJar(Path jar, List<String> jvmOptions, Map<String, String> env, Path log) {
		return start(javaHome(), null, jvmOptions, List.of("-jar", jar.toString()), List.of(), env, log);
	}

	/**
	 * Starts an executable jar with the JDK at {@code javaHome}, in the jar's directory:
	 * an AOT cache or CDS archive holds the classpath as the training run saw it,
	 * relative to the jar (as in the container image).
	 */
	public static Process startJar(Path javaHome, Path jar, List<String> jvmOptions, Map<String, String> env,
			Path log) {
		return start(javaHome, jar.toAbsolutePath().getParent(), jvmOptions,
				List.of("-jar", jar.getFileName().toString()), List.of(), env, log);
	}

	/** The JDK this JVM runs on, which starts the others unless told otherwise. */
	public static Path javaHome() {
		return Path.of(System.getProperty("java.home"));
	}

	/**
	 * SIGTERM, as a platform stops a service: the process shuts down gracefully, or is
	 * killed after the wait.
	 */
	public static void stop(Process process, Duration wait) {
		process.destroy();
		if (!await(process, wait)) {
			kill(process);
		}
	}

	private static Process start(Path javaHome, Path directory, List<String> jvmOptions, List<String> launch,
			List<String> args, Map<String, String> env, Path log) {
		List<String> command = new ArrayList<>();
		command.add(javaHome.resolve("bin").resolve("java").toString());
		command.addAll(jvmOptions);
		command.addAll(launch);
		command.addAll(args);
		try {
			Files.createDirectories(log.getParent());
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
			if (directory != null) {
				builder.directory(directory.toFile());
			}
			builder.environment().putAll(env);
			Process process = builder.start();
			started.add(process);
			process.onExit().thenRun(() -> started.remove(process));
			return process;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * SIGKILL, and wait until the process is gone (its ports and file locks are free
	 * then).
	 */
	public static void kill(Process process) {
		process.destroyForcibly();
		await(process, Duration.ofSeconds(30));
	}

	private static boolean await(Process process, Duration timeout) {
		try {
			return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
			return false;
		}
	}

}
