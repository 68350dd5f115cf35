package dev.todoservice.todo;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.todoservice.database.DatabaseUrl;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Read-your-writes across instances: the consumer that applied a change announces it with PostgreSQL
 * NOTIFY in its transaction (delivered only on commit), and every instance LISTENs, so the instance whose
 * request waits learns of the apply even when another instance's consumer owns the partition.
 * Hand-written because no Spring module listens to PostgreSQL notifications on a plain JDBC stack.
 */
@Component
class AppliedNotifications implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(AppliedNotifications.class);

	private static final String CHANNEL = "todo_applied";

	/** PostgreSQL's payload limit is 8000 bytes; stay below it with ASCII lines. */
	private static final int MAX_PAYLOAD = 7900;

	private final JdbcClient db;

	private final DatabaseUrl database;

	private final AppliedChanges applied;

	private final Todos todos;

	private final IdempotencyKeys keys;

	private volatile boolean running;

	private volatile Connection connection;

	private Thread thread;

	AppliedNotifications(JdbcClient db, DatabaseUrl database, AppliedChanges applied, Todos todos,
			IdempotencyKeys keys) {
		this.db = db;
		this.database = database;
		this.applied = applied;
		this.todos = todos;
		this.keys = keys;
	}

	/** Announces the applied changes; delivered to the listeners when the surrounding transaction commits. */
	@Transactional(propagation = Propagation.MANDATORY)
	void announce(List<TodoApplier.Applied> changes) {
		StringBuilder payload = new StringBuilder();
		for (TodoApplier.Applied change : changes) {
			if (change.eventId() == null) {
				continue;
			}
			String line = encode(change.eventId(), change.outcome());
			if (payload.length() + line.length() + 1 > MAX_PAYLOAD) {
				notify(payload.toString());
				payload.setLength(0);
			}
			payload.append(line).append('\n');
		}
		if (!payload.isEmpty()) {
			notify(payload.toString());
		}
	}

	private void notify(String payload) {
		this.db.sql("SELECT pg_notify(:channel, :payload)")
			.param("channel", CHANNEL)
			.param("payload", payload)
			.query((rs, row) -> null)
			.list();
	}

	static String encode(UUID eventId, ApplyOutcome outcome) {
		if (outcome instanceof ApplyOutcome.Stored stored) {
			return eventId + " S " + stored.todo().id();
		}
		if (outcome instanceof ApplyOutcome.Deleted deleted) {
			return eventId + " D " + deleted.id();
		}
		if (outcome instanceof ApplyOutcome.NotFound notFound) {
			return eventId + " N " + notFound.id();
		}
		if (outcome instanceof ApplyOutcome.PreconditionFailed failed) {
			return eventId + " P " + failed.id() + " " + failed.version();
		}
		if (outcome instanceof ApplyOutcome.Replayed replayed) {
			return eventId + " R " + replayed.todoId();
		}
		return eventId + " K 0";
	}

	/** The outcome a notification line stands for, for the change a request here waits on, if any. */
	Optional<ApplyOutcome> decode(String line, TodoChange change) {
		String[] parts = line.split(" ");
		long id = Long.parseLong(parts[2]);
		return switch (parts[1]) {
			// The committed state is readable now; a todo deleted since is left to the 202 fallback.
			case "S" -> this.todos.find(id).map(ApplyOutcome.Stored::new);
			case "D" -> Optional.of(new ApplyOutcome.Deleted(id));
			case "N" -> Optional.of(new ApplyOutcome.NotFound(id));
			case "P" -> Optional.of(new ApplyOutcome.PreconditionFailed(id, Long.parseLong(parts[3])));
			case "R" -> this.keys.find(change.idempotency().key())
				.filter((entry) -> entry.status() != null)
				.map((entry) -> new ApplyOutcome.Replayed(entry.status(), entry.todoId(), entry.body()));
			default -> Optional.of(new ApplyOutcome.KeyReused(change.idempotency().key()));
		};
	}

	@Override
	public void start() {
		this.running = true;
		this.thread = new Thread(this::listen, "todo-applied-listener");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	@Override
	public void stop() {
		this.running = false;
		closeQuietly();
		this.thread.interrupt();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void listen() {
		while (this.running) {
			// A connection of its own: a pooled one would carry the LISTEN (and its queue) to other users.
			try (Connection listening = this.database.open()) {
				this.connection = listening;
				try (Statement statement = listening.createStatement()) {
					statement.execute("LISTEN " + CHANNEL);
				}
				PGConnection pg = listening.unwrap(PGConnection.class);
				while (this.running) {
					PGNotification[] notifications = pg.getNotifications(1000);
					if (notifications != null) {
						for (PGNotification notification : notifications) {
							deliver(notification.getParameter());
						}
					}
				}
			}
			catch (SQLException | RuntimeException ex) {
				if (this.running) {
					log.warn("Listening for applied changes failed, reconnecting in 1 s: {}", ex.getMessage());
					pause();
				}
			}
		}
	}

	private void deliver(String payload) {
		List<String> lines = new ArrayList<>(List.of(payload.split("\n")));
		for (String line : lines) {
			UUID eventId = UUID.fromString(line.substring(0, line.indexOf(' ')));
			TodoChange change = this.applied.waitingFor(eventId);
			if (change != null) {
				decode(line, change).ifPresent((outcome) -> this.applied.applied(eventId, outcome));
			}
		}
	}

	private void pause() {
		try {
			Thread.sleep(1000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void closeQuietly() {
		Connection current = this.connection;
		if (current != null) {
			try {
				current.close();
			}
			catch (SQLException ex) {
				log.debug("Closing the listening connection: {}", ex.getMessage());
			}
		}
	}

}
