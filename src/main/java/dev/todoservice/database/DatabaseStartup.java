package dev.todoservice.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;

/**
 * Waits for the PostgreSQL server at start (it may still be booting beside us, as in a
 * compose file) and creates the service's database when the server has none of that name.
 * Flyway's {@code connect-retries} could wait, but it cannot create the database it waits
 * for; so the wait happens here, with Spring's {@link RetryTemplate}, and only creating
 * the database is hand-written.
 */
class DatabaseStartup {

	private static final Logger log = LoggerFactory.getLogger(DatabaseStartup.class);

	private static final String INVALID_CATALOG_NAME = "3D000";

	private static final String DUPLICATE_DATABASE = "42P04";

	private final DatabaseUrl url;

	private final int attempts;

	private final Duration delay;

	private final RetryTemplate retry;

	DatabaseStartup(DatabaseUrl url, int attempts, Duration delay) {
		this.url = url;
		this.attempts = attempts;
		this.delay = delay;
		this.retry = new RetryTemplate(
				RetryPolicy.builder().maxRetries(attempts - 1).delay(delay).includes(SQLException.class).build());
	}

	void awaitAndCreate() {
		AtomicInteger attempt = new AtomicInteger();
		// Retryable's result may be null (R extends @Nullable Object), which NullAway
		// reads only in JSpecify mode (JDK 22+).
		@SuppressWarnings("NullAway")
		Retryable<@Nullable Void> connect = () -> {
			connectOrCreate(attempt.incrementAndGet());
			return null;
		};
		try {
			this.retry.execute(connect);
		}
		catch (RetryException ex) {
			throw new DatabaseUnavailableException(this.url, this.attempts, ex.getCause());
		}
	}

	private void connectOrCreate(int attempt) throws SQLException {
		try (Connection connection = this.url.open()) {
			log.info("Database {} is up", this.url);
		}
		catch (SQLException ex) {
			if (INVALID_CATALOG_NAME.equals(ex.getSQLState())) {
				createDatabase();
				return;
			}
			if (attempt < this.attempts) {
				log.warn("Database {} not reachable (attempt {}/{}): {}; retrying in {} s", this.url, attempt,
						this.attempts, ex.getMessage(), this.delay.toMillis() / 1000.0);
			}
			throw ex;
		}
	}

	private void createDatabase() {
		String name = this.url.databaseName();
		try (Connection connection = this.url.maintenance().open();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
			log.info("Created database {} on {}", name, this.url.maintenance());
		}
		catch (SQLException ex) {
			// Another instance starting at the same moment may have created it first.
			if (!DUPLICATE_DATABASE.equals(ex.getSQLState())) {
				throw new DatabaseUnavailableException(this.url, 1, ex);
			}
		}
	}

}
