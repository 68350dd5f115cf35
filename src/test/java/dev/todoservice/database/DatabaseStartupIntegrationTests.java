package dev.todoservice.database;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.todoservice.TodoServiceApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the production main class as its own process against a database that is not
 * there. Shares nothing with the other tests, so it runs beside them.
 */
@Execution(ExecutionMode.CONCURRENT)
class DatabaseStartupIntegrationTests {

	@Test
	void retriesThenExitsNonZeroWithOneReadableLine() throws Exception {
		// C1 only and Serial GC, like the test JVM: the process lives a few seconds.
		ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
				TodoServiceApplication.class.getName())
			.redirectErrorStream(true);
		builder.environment().put("DATABASE_URL", "postgresql://app:s3cr3t@127.0.0.1:1/todo");
		builder.environment().put("DATABASE_CONNECT_ATTEMPTS", "3");
		builder.environment().put("DATABASE_CONNECT_DELAY", "200ms");
		builder.environment().put("PORT", "0");
		builder.environment().put("TODO_AUTH", "none");
		builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1");
		Process process = builder.start();
		String output = read(process);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("process ended").isTrue();

		assertThat(process.exitValue()).as("exit code of a start without database").isNotZero();
		assertThat(output).as("the two retries are logged")
			.contains("not reachable (attempt 1/3)")
			.contains("not reachable (attempt 2/3)");
		assertThat(output).as("one line names the URL tried, password masked")
			.contains("Database postgresql://app:****@127.0.0.1:1/todo not reachable after 3 attempts");
		assertThat(output).as("the password never shows").doesNotContain("s3cr3t");
		assertThat(output).as("no stack trace").doesNotContainPattern("\\n\\s+at [a-z]+\\.");
	}

	private static String read(Process process) throws IOException {
		return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
	}

}
