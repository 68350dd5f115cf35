package dev.todoservice.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for the PostgreSQL server at start (it may still be booting beside us, as in a
 * compose file) and creates the service's database when the server has none of that name.
 * Hand-written because neither Hikari nor Flyway retries a first connection or creates a
 * database.
 */
class DatabaseStartup {

	private static final Logger log = LoggerFactory.getLogger(DatabaseStartup.class);

	private static final String INVALID_CATALOG_NAME = "3D000";

	private final DatabaseUrl url;

	private final int attempts;

	private final Duration delay;

	DatabaseStartup(DatabaseUrl url, int attempts, Duration delay) {
		this.url = url;
		this.attempts = attempts;
		this.delay = delay;
	}

	void awaitAndCreate() {
		SQLException last = null;
		for (int attempt = 1; attempt <= this.attempts; attempt++) {
			try (Connection connection = this.url.open()) {
				log.info("Database {} is up", this.url);
				return;
			}
			catch (SQLException ex) {
				if (INVALID_CATALOG_NAME.equals(ex.getSQLState())) {
					createDatabase();
					return;
				}
				last = ex;
				if (attempt < this.attempts) {
					log.warn("Database {} not reachable (attempt {}/{}): {}; retrying in {} s", this.url, attempt,
							this.attempts, ex.getMessage(), this.delay.toMillis() / 1000.0);
					sleep();
				}
			}
		}
		throw new DatabaseUnavailableException(this.url, this.attempts, last);
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
			if (!"42P04".equals(ex.getSQLState())) {
				throw new DatabaseUnavailableException(this.url, 1, ex);
			}
		}
	}

	private void sleep() {
		try {
			Thread.sleep(this.delay.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DatabaseUnavailableException(this.url, this.attempts, null);
		}
	}

}
