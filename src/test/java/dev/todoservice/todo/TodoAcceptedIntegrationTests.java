package dev.todoservice.todo;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import dev.todoservice.infrastructure.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A create answered 202 while PostgreSQL was down: the 202 promised the todo to its
 * owner's next request, so the acceptance outlives the outage (found in the fault suite's
 * scenario c: an update right after the database came back was answered 404).
 */
@IntegrationTest
class TodoAcceptedIntegrationTests {

	@Autowired
	DataSource dataSource;

	@Autowired
	JdbcClient db;

	private final Owner alice = new Owner("https://id.example#alice-" + UUID.randomUUID());

	private final Owner bob = new Owner("https://id.example#bob-" + UUID.randomUUID());

	private final long id = ThreadLocalRandom.current().nextLong(1L << 50, 1L << 60);

	@Test
	void anAcceptanceTheDatabaseCouldNotTakeStillCountsForItsOwnerAndIsRecordedOnceItAnswers() {
		Outage outage = new Outage(this.dataSource);
		TodoAccepted accepted = new TodoAccepted(JdbcClient.create(outage));
		TodoAccepted otherInstance = new TodoAccepted(this.db);

		outage.down = true;
		assertThatExceptionOfType(DataAccessException.class).as("the API logs it and answers 202 all the same")
			.isThrownBy(() -> accepted.add(this.id, this.alice));
		assertThat(accepted.contains(this.id, this.alice)).as("the owner's next request, database still down").isTrue();
		accepted.recordLater();
		assertThat(otherInstance.contains(this.id, this.alice)).as("another instance, while it is not recorded")
			.isFalse();

		outage.down = false;
		accepted.recordLater();
		assertThat(otherInstance.contains(this.id, this.alice)).as("another instance, once the database answered")
			.isTrue();
		assertThat(accepted.contains(this.id, this.bob)).as("another owner, on this instance").isFalse();
		assertThat(otherInstance.contains(this.id, this.bob)).as("another owner, on another instance").isFalse();
	}

	/** The test's PostgreSQL, refusing every connection while {@link #down}. */
	static final class Outage extends DelegatingDataSource {

		volatile boolean down;

		Outage(DataSource database) {
			super(database);
		}

		@Override
		public Connection getConnection() throws SQLException {
			if (this.down) {
				throw new SQLException("Connection refused (a test's outage)", "08001");
			}
			return super.getConnection();
		}

	}

}
