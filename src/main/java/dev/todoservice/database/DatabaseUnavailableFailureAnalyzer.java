package dev.todoservice.database;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an unreachable database at start into Boot's short failure report instead of a
 * stack trace.
 */
class DatabaseUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<DatabaseUnavailableException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DatabaseUnavailableException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Start PostgreSQL, or point DATABASE_URL at a running server (postgresql://user:pass@host:port/db).",
				cause);
	}

}
