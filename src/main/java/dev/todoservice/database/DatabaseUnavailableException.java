package dev.todoservice.database;

import org.jspecify.annotations.Nullable;

/**
 * The database could not be reached at start; {@link DatabaseUnavailableFailureAnalyzer}
 * reports it.
 */
class DatabaseUnavailableException extends RuntimeException {

	private final DatabaseUrl url;

	DatabaseUnavailableException(DatabaseUrl url, int attempts, @Nullable Throwable cause) {
		super("Database " + url + " not reachable after " + attempts + " attempt" + (attempts == 1 ? "" : "s")
				+ ((cause != null) ? ": " + cause.getMessage() : ""), cause);
		this.url = url;
	}

	DatabaseUrl url() {
		return this.url;
	}

}
