package dev.todoservice.system.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The service laid out as the container image runs it (see the Dockerfile): the
 * executable jar extracted by Boot's {@code -Djarmode=tools extract}, and a cache of the
 * classes start-up loads, written by a training run that stops once the application
 * context is refreshed ({@code -Dspring.context.exit=onRefresh}): the JDK's AOT cache
 * from JDK 25 on, a CDS archive before. The training run has the JVM options the service
 * is then measured with (a cache made with other ones, such as another object header
 * layout, is refused) and, as in the image's build, no database or broker to reach.
 */
final class Deployed {

	/**
	 * What the Dockerfile's training run is given: nothing that start-up would wait for
	 * (the migration, topic creation) and no address that answers.
	 */
	static final Map<String, String> TRAINING_ENVIRONMENT = Map.of("SPRING_FLYWAY_ENABLED", "false",
			"SPRING_KAFKA_ADMIN_AUTO_CREATE", "false", "DATABASE_URL", "postgresql://127.0.0.1:1/training",
			"KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1", "TODO_AUTH_ISSUER_URI", "http://127.0.0.1:1/training", "PORT",
			"0");

	private static final long TIMEOUT_SECONDS = 600;

	private Deployed() {
	}

	/**
	 * The extracted jar and the JVM options that use the cache beside it.
	 */
	record Layout(Path jar, List<String> jvmOptions) {
	}

	/**
	 * Extracts {@code executableJar} into {@code dir} (which must not exist yet) and
	 * trains the cache there with {@code javaHome}'s JDK, its output into {@code log}.
	 */
	static Layout prepare(Path javaHome, Path executableJar, List<String> jvmOptions, Path dir, Path log) {
		Path java = javaHome.resolve("bin").resolve("java");
		run(List.of(java.toString(), "-Djarmode=tools", "-jar", executableJar.toString(), "extract", "--destination",
				dir.toString()), dir.getParent(), Map.of(), log);
		Path jar = dir.resolve(executableJar.getFileName());
		boolean aotCache = featureVersion(javaHome) >= 25;
		List<String> training = new ArrayList<>();
		training.add(java.toString());
		training.addAll(jvmOptions);
		training.add(aotCache ? "-XX:AOTCacheOutput=app.aot" : "-XX:ArchiveClassesAtExit=app.jsa");
		training.addAll(List.of("-Dspring.context.exit=onRefresh", "-jar", jar.getFileName().toString()));
		run(training, dir, TRAINING_ENVIRONMENT, log);
		List<String> options = new ArrayList<>(jvmOptions);
		options.add(aotCache ? "-XX:AOTCache=app.aot" : "-XX:SharedArchiveFile=app.jsa");
		return new Layout(jar, options);
	}

	/** The JDK's feature version (17, 25), from its {@code release} file. */
	static int featureVersion(Path javaHome) {
		try (Stream<String> lines = Files.lines(javaHome.resolve("release"))) {
			String version = lines.filter((line) -> line.startsWith("JAVA_VERSION="))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("No JAVA_VERSION in " + javaHome.resolve("release")))
				.replaceAll("[^0-9.]", "");
			return Integer.parseInt(version.split("\\.")[0]);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void run(List<String> command, Path directory, Map<String, String> env, Path log) {
		try {
			Files.createDirectories(log.getParent());
			ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
			builder.environment().putAll(env);
			Process process = builder.start();
			if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(String.join(" ", command) + " did not end in time, see " + log);
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException(
						String.join(" ", command) + " exited with " + process.exitValue() + ", see " + log);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
