package dev.todoservice.todo;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.todoservice.database.DatabaseUrl;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every instance hears every commit: the consumer that applied changes announces them with PostgreSQL
 * NOTIFY in its transaction (delivered only on commit, in commit order), and every instance LISTENs. So
 * the instance whose request waits learns of the apply even when another instance's consumer owns the
 * partition (read-your-writes), and every instance's live stream ({@link TodoStream}) sees every change.
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

	private final IdempotencyKeys keys;

	private final TodoStream stream;

	private final JsonMapper json;

	private volatile boolean running;

	private volatile Connection connection;

	private Thread thread;

	AppliedNotifications(JdbcClient db, DatabaseUrl database, AppliedChanges applied, IdempotencyKeys keys,
			TodoStream stream, JsonMapper json) {
		this.db = db;
		this.database = database;
		this.applied = applied;
		this.keys = keys;
		this.stream = stream;
		this.json = json;
	}

	/**
	 * Numbers the applied changes for the live stream and announces them; delivered to the listeners when
	 * the surrounding transaction commits. Call it last in the transaction: the counter row it updates
	 * stays locked until the commit, which is what makes the numbers follow commit order.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void announce(List<TodoApplier.Applied> changes) {
		long changed = changes.stream().filter((change) -> isChange(change.outcome())).count();
		long seq = 0;
		if (changed > 0) {
			seq = this.db.sql("UPDATE change_counter SET seq = seq + :count WHERE id = 1 RETURNING seq")
				.param("count", changed)
				.query(Long.class)
				.single() - changed + 1;
		}
		StringBuilder payload = new StringBuilder();
		for (TodoApplier.Applied change : changes) {
			boolean isChange = isChange(change.outcome());
			if (!isChange && change.eventId() == null) {
				continue;
			}
			String line = encode(isChange ? seq++ : 0, change.eventId(), change.outcome());
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

	private static boolean isChange(ApplyOutcome outcome) {
		return outcome instanceof ApplyOutcome.Stored || outcome instanceof ApplyOutcome.Deleted;
	}

	private void notify(String payload) {
		this.db.sql("SELECT pg_notify(:channel, :payload)")
			.param("channel", CHANNEL)
			.param("payload", payload)
			.query((rs, row) -> null)
			.list();
	}

	/** One line: {@code seq eventId kind id version json}; seq 0 when not a change, "-" for absent values. */
	private String encode(long seq, UUID eventId, ApplyOutcome outcome) {
		String head = seq + " " + ((eventId != null) ? eventId : "-") + " ";
		if (outcome instanceof ApplyOutcome.Stored stored) {
			return head + "S " + stored.todo().id() + " " + stored.todo().version() + " "
					+ this.json.writeValueAsString(stored.todo());
		}
		if (outcome instanceof ApplyOutcome.Deleted deleted) {
			return head + "D " + deleted.id() + " " + deleted.version() + " -";
		}
		if (outcome instanceof ApplyOutcome.NotFound notFound) {
			return head + "N " + notFound.id() + " 0 -";
		}
		if (outcome instanceof ApplyOutcome.PreconditionFailed failed) {
			return head + "P " + failed.id() + " " + failed.version() + " -";
		}
		if (outcome instanceof ApplyOutcome.Replayed replayed) {
			return head + "R " + replayed.todoId() + " 0 -";
		}
		return head + "K 0 0 -";
	}

	/** The outcome a notification line stands for, for the change a request here waits on. */
	private Optional<ApplyOutcome> decode(String kind, long id, long version, Todo todo, TodoChange change) {
		return switch (kind) {
			case "S" -> Optional.of(new ApplyOutcome.Stored(todo));
			case "D" -> Optional.of(new ApplyOutcome.Deleted(id, version));
			case "N" -> Optional.of(new ApplyOutcome.NotFound(id));
			case "P" -> Optional.of(new ApplyOutcome.PreconditionFailed(id, version));
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
		for (String line : payload.split("\n")) {
			try {
				deliverLine(line);
			}
			catch (RuntimeException ex) {
				// One bad line must not cost the connection, and with it the notifications after it.
				log.warn("Ignoring a notification line that does not parse ({}): {}", ex.getMessage(), line);
			}
		}
	}

	/** The fields of a todo as {@link #encode} writes them (the version travels beside them). */
	private record TodoFields(long id, String title, String description, boolean completed) {
	}

	private void deliverLine(String line) {
		String[] parts = line.split(" ", 6);
		long seq = Long.parseLong(parts[0]);
		String kind = parts[2];
		long id = Long.parseLong(parts[3]);
		long version = Long.parseLong(parts[4]);
		Todo todo = null;
		if (kind.equals("S")) {
			TodoFields read = this.json.readValue(parts[5], TodoFields.class);
			todo = new Todo(read.id(), read.title(), read.description(), read.completed(), version);
		}
		if (seq > 0) {
			String type = (todo == null) ? "deleted" : (version == 1) ? "created" : "updated";
			this.stream.publish(new TodoChanged(seq, type, id, version, todo));
		}
		if (!parts[1].equals("-")) {
			UUID eventId = UUID.fromString(parts[1]);
			TodoChange change = this.applied.waitingFor(eventId);
			if (change != null) {
				decode(kind, id, version, todo, change).ifPresent((outcome) -> this.applied.applied(eventId, outcome));
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
