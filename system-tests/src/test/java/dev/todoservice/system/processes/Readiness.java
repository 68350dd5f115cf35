package dev.todoservice.system.processes;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Polls a child process's readiness URL until it answers 200; fails at once, naming its
 * log, when the process exits first or the time runs out.
 */
final class Readiness {

	private Readiness() {
	}

	/**
	 * @param what the process as the failure names it, e.g. "Prometheus"
	 */
	static void await(String what, Process process, Path log, HttpClient client, HttpRequest probe, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			if (!process.isAlive()) {
				throw new IllegalStateException(what + " exited with " + process.exitValue() + ", see " + log);
			}
			try {
				if (client.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(what + " was not ready within " + timeout + ", see " + log);
			}
			Pause.briefly(Duration.ofMillis(50));
		}
	}

}
