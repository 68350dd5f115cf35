package dev.todoservice.system.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a command-line tool (wrk, pgbench), keeps its output in a file and reads a figure
 * from it.
 */
final class Tools {

	private Tools() {
	}

	/**
	 * Runs the command to its end (at most {@code timeoutSeconds}) and returns what it
	 * printed.
	 */
	static String run(List<String> command, Map<String, String> env, Path output, long timeoutSeconds) {
		try {
			Files.createDirectories(output.getParent());
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
			builder.environment().putAll(env);
			long from = Files.exists(output) ? Files.size(output) : 0;
			Process process = builder.start();
			if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(
						String.join(" ", command) + " did not end within " + timeoutSeconds + " s, see " + output);
			}
			String printed = Files.readString(output).substring((int) from);
			if (process.exitValue() != 0) {
				throw new IllegalStateException(
						String.join(" ", command) + " exited with " + process.exitValue() + ":\n" + printed);
			}
			return printed;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The first group of the last match of {@code pattern} in {@code text}, as a number.
	 */
	static double figure(String text, String pattern, String what) {
		return lastMatch(text, pattern)
			.orElseThrow(() -> new IllegalStateException("No " + what + " (" + pattern + ") in:\n" + text));
	}

	/**
	 * The first group of the last match, or 0 when the tool printed no such line (wrk
	 * omits zero counts).
	 */
	static double figureOrZero(String text, String pattern) {
		return lastMatch(text, pattern).orElse(0.0);
	}

	private static Optional<Double> lastMatch(String text, String pattern) {
		Matcher matcher = Pattern.compile(pattern).matcher(text);
		Double found = null;
		while (matcher.find()) {
			found = Double.parseDouble(matcher.group(1));
		}
		return Optional.ofNullable(found);
	}

}
