package dev.todoservice.system.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import dev.todoservice.system.infrastructure.LocalDatabase;

/**
 * Samples PostgreSQL every 20 ms for what would show a convoy: the service's backends
 * waiting for a lock, by the statement that waits (the change counter's update; a write
 * of {@code todo}, which waits in its trigger for the owner's row of
 * {@code todo_owner_count}; the consumer offsets; the lock PostgreSQL takes on committing
 * a NOTIFY; anything else), and how full the NOTIFY queue is.
 */
final class Contention implements AutoCloseable {

	private static final String SAMPLE = """
			SELECT count(*) FILTER (WHERE wait_event_type = 'Lock' AND query ILIKE '%change_counter%'),
			       count(*) FILTER (WHERE wait_event_type = 'Lock' AND query ~* '(insert\\s+into|update|delete\\s+from)\\s+todo\\M'),
			       count(*) FILTER (WHERE wait_event_type = 'Lock' AND query ILIKE '%consumer_offset%'),
			       count(*) FILTER (WHERE wait_event_type = 'Lock' AND wait_event = 'object'),
			       count(*) FILTER (WHERE wait_event_type = 'Lock'),
			       pg_notification_queue_usage()
			FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()""";

	/**
	 * Sums over the samples so far: backends seen waiting, per statement, and samples
	 * with at least one waiter on the change counter.
	 */
	record Waits(long samples, long changeCounter, long todoCount, long offsets, long notifyLock, long all,
			long samplesWithCounterWait, double maxQueueUsage) {

		Waits minus(Waits earlier) {
			return new Waits(this.samples - earlier.samples, this.changeCounter - earlier.changeCounter,
					this.todoCount - earlier.todoCount, this.offsets - earlier.offsets,
					this.notifyLock - earlier.notifyLock, this.all - earlier.all,
					this.samplesWithCounterWait - earlier.samplesWithCounterWait, this.maxQueueUsage);
		}

		/** Backends waiting on average, per sample. */
		String describe() {
			double n = Math.max(1, this.samples);
			return String.format("change_counter %.2f (%.0f%% of samples), owner counts %.2f, offsets %.2f, any %.2f",
					this.changeCounter / n, 100 * this.samplesWithCounterWait / n, this.todoCount / n, this.offsets / n,
					this.all / n);
		}

	}

	private final Connection connection;

	private final Thread thread;

	private volatile boolean running = true;

	private volatile Waits waits = new Waits(0, 0, 0, 0, 0, 0, 0, 0);

	Contention(String database) throws SQLException {
		this.connection = LocalDatabase.connect(database);
		this.thread = new Thread(this::sample, "bench-contention");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	Waits waits() {
		return this.waits;
	}

	/** Forgets the highest queue usage seen, for the next window. */
	void resetMaxQueueUsage() {
		Waits w = this.waits;
		this.waits = new Waits(w.samples, w.changeCounter, w.todoCount, w.offsets, w.notifyLock, w.all,
				w.samplesWithCounterWait, 0);
	}

	private void sample() {
		try (PreparedStatement query = this.connection.prepareStatement(SAMPLE)) {
			while (this.running) {
				try (ResultSet row = query.executeQuery()) {
					row.next();
					Waits w = this.waits;
					long counter = row.getLong(1);
					this.waits = new Waits(w.samples + 1, w.changeCounter + counter, w.todoCount + row.getLong(2),
							w.offsets + row.getLong(3), w.notifyLock + row.getLong(4), w.all + row.getLong(5),
							w.samplesWithCounterWait + ((counter > 0) ? 1 : 0),
							Math.max(w.maxQueueUsage, row.getDouble(6)));
				}
				Thread.sleep(20);
			}
		}
		catch (SQLException ex) {
			if (this.running) {
				throw new IllegalStateException("Sampling pg_stat_activity failed", ex);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
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
