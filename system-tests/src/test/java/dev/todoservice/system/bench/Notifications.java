package dev.todoservice.system.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

import dev.todoservice.system.infrastructure.LocalDatabase;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Listens on the service's announcement channel as one more instance would, and counts
 * what arrives: the NOTIFYs, their payload bytes and the outcomes they carry. Every
 * listening instance receives each of them, so this is the fan-out's cost per listener.
 */
final class Notifications implements AutoCloseable {

	/** The service's channel ({@code live.Announcements.CHANNEL}). */
	private static final String CHANNEL = "todo_outcomes";

	/** What arrived so far. */
	record Count(long notifications, long bytes, long outcomes) {

		Count minus(Count earlier) {
			return new Count(this.notifications - earlier.notifications, this.bytes - earlier.bytes,
					this.outcomes - earlier.outcomes);
		}

	}

	private final AtomicLong notifications = new AtomicLong();

	private final AtomicLong bytes = new AtomicLong();

	private final AtomicLong outcomes = new AtomicLong();

	private final Connection connection;

	private final Thread thread;

	private volatile boolean running = true;

	Notifications(String database) throws SQLException {
		this.connection = LocalDatabase.connect(database);
		try (Statement statement = this.connection.createStatement()) {
			statement.execute("LISTEN " + CHANNEL);
		}
		this.thread = new Thread(this::listen, "bench-notifications");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	Count count() {
		return new Count(this.notifications.get(), this.bytes.get(), this.outcomes.get());
	}

	private void listen() {
		try {
			PGConnection pg = this.connection.unwrap(PGConnection.class);
			while (this.running) {
				PGNotification[] arrived = pg.getNotifications(200);
				for (PGNotification notification : (arrived != null) ? arrived : new PGNotification[0]) {
					String payload = notification.getParameter();
					this.notifications.incrementAndGet();
					// The service writes ASCII only: characters are bytes.
					this.bytes.addAndGet(payload.length());
					this.outcomes.addAndGet(occurrences(payload, "\"seq\":"));
				}
			}
		}
		catch (SQLException ex) {
			if (this.running) {
				throw new IllegalStateException("Listening on " + CHANNEL + " failed", ex);
			}
		}
	}

	private static int occurrences(String text, String part) {
		int n = 0;
		for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
			n++;
		}
		return n;
	}

	@Override
	public void close() throws SQLException {
		this.running = false;
		try {
			this.thread.join(2_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.connection.close();
	}

}
