package dev.todoservice.live;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.todoservice.database.DatabaseUrl;
import dev.todoservice.live.Announcements.Announced;
import dev.todoservice.todo.Outcome;
import dev.todoservice.todo.OutcomeJson;
import dev.todoservice.todo.Owner;
import dev.todoservice.todo.TodoSettings;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.stereotype.Component;

/**
 * Every instance hears every commit: this LISTENs for the outcomes {@link Announcements}
 * sends, so the instance whose request waits learns the outcome even when another
 * instance's consumer owns the partition (read-your-writes), and every instance's live
 * stream sees every change. Hand-written because no Spring module listens to PostgreSQL
 * notifications on a plain JDBC stack.
 */
@Component
class AnnouncementListener implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(AnnouncementListener.class);

	private final DatabaseUrl database;

	private final Waiters waiters;

	private final TodoStream stream;

	private final OutcomeJson json;

	private final RetryTemplate reconnect;

	/** Stands in for the owner a notification of an instance older than owners lacks. */
	private final Owner shared;

	private volatile boolean running;

	/** The listening connection, while there is one. */
	private volatile @Nullable Connection connection;

	/** Set by {@link #start}. */
	private @Nullable Thread thread;

	AnnouncementListener(DatabaseUrl database, Waiters waiters, TodoStream stream, OutcomeJson json,
			TodoSettings settings) {
		this.shared = settings.shared();
		this.database = database;
		this.waiters = waiters;
		this.stream = stream;
		this.json = json;
		this.reconnect = new RetryTemplate(RetryPolicy.builder()
			.maxRetries(Long.MAX_VALUE)
			.delay(Duration.ofSeconds(1))
			.predicate((ex) -> this.running)
			.build());
	}

	/**
	 * Hands the announcements heard together to the requests waiting for them here, if
	 * any, then to the live stream.
	 */
	private void deliver(List<Announced> announcements) {
		List<OwnedChange> changes = new ArrayList<>(announcements.size());
		for (Announced announced : announcements) {
			String owner = announced.owner();
			// Without an owner, from an instance older than owners: whose it is is
			// unknown, so no stream shows it.
			Applied applied = new Applied(announced.eventId(), (owner != null) ? new Owner(owner) : this.shared,
					announced.outcome());
			this.waiters.complete(applied);
			if (owner != null && announced.seq() > 0 && announced.outcome() instanceof Outcome.Change change) {
				changes.add(new OwnedChange(applied.owner(), TodoChanged.of(announced.seq(), change)));
			}
		}
		// The waiting writes first: their answers should not wait for the fan-out to the
		// open streams of their owners. A stream that connects in between still gets
		// the changes, live.
		if (!changes.isEmpty()) {
			this.stream.publish(changes);
		}
	}

	@Override
	public void start() {
		this.running = true;
		Thread listener = new Thread(this::listen, "todo-outcome-listener");
		listener.setDaemon(true);
		this.thread = listener;
		listener.start();
	}

	@Override
	public void stop() {
		this.running = false;
		closeQuietly();
		Thread listener = this.thread;
		if (listener != null) {
			listener.interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void listen() {
		// Retryable's result may be null (R extends @Nullable Object), which NullAway
		// reads only in JSpecify mode (JDK 22+).
		@SuppressWarnings("NullAway")
		Retryable<@Nullable Void> listening = () -> {
			listenUntilStopped();
			return null;
		};
		try {
			this.reconnect.execute(listening);
		}
		catch (RetryException ex) {
			if (this.running) {
				log.error("Stopped listening for applied changes", ex);
			}
		}
	}

	private void listenUntilStopped() throws SQLException {
		// A connection of its own: a pooled one would carry the LISTEN (and its queue) to
		// other users.
		try (Connection listening = this.database.open()) {
			this.connection = listening;
			try (Statement statement = listening.createStatement()) {
				statement.execute("LISTEN " + Announcements.CHANNEL);
			}
			PGConnection pg = listening.unwrap(PGConnection.class);
			while (this.running) {
				PGNotification[] notifications = pg.getNotifications(1000);
				if (notifications != null && notifications.length > 0) {
					deliver(notifications);
				}
			}
		}
		catch (SQLException | RuntimeException ex) {
			if (this.running) {
				log.warn("Listening for applied changes failed, reconnecting in 1 s: {}", ex.getMessage());
			}
			throw ex;
		}
	}

	/** All the notifications that arrived since the last ones, in commit order. */
	private void deliver(PGNotification[] notifications) {
		List<Announced> announcements = new ArrayList<>();
		for (PGNotification notification : notifications) {
			try {
				announcements.addAll(Arrays.asList(this.json.read(notification.getParameter(), Announced[].class)));
			}
			catch (RuntimeException ex) {
				// One bad payload must not cost the connection, and with it the
				// notifications after it.
				log.warn("Ignoring a notification that does not parse: {}", ex.getMessage());
			}
		}
		deliver(announcements);
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
