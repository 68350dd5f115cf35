package dev.todoservice.system.processes;

import java.time.Duration;

/**
 * Waiting between two polls for an outcome, or holding a fault for its duration; never
 * used to wait for something to have happened.
 */
public final class Pause {

	private Pause() {
	}

	public static void briefly(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}
