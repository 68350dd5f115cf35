package dev.todoservice.todo;

import java.time.Duration;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Hands out todo ids from blocks of the {@code todo_id_block} sequence: one database
 * round trip per {@value #BLOCK} ids, unique across instances, never reused (a block an
 * instance did not finish is skipped, not handed out again). The next block is fetched
 * when half of the current one is gone, so creates keep reaching Kafka through a database
 * outage for as long as the ids last.
 * <p>
 * It also tells whether an id may have been handed out (by any instance): every id handed
 * out lies in a block the sequence gave before, so nothing above the sequence's last
 * value + {@value #BLOCK} - 1 ever was. A concurrent {@code nextval} only raises that
 * mark, and an id reaches a client only after its block was fetched, so reading the mark
 * after the client has the id is enough.
 */
@Component
public class TodoIds {

	private static final Logger log = LoggerFactory.getLogger(TodoIds.class);

	/** The sequence's INCREMENT BY (V2 migration). */
	static final int BLOCK = 1000;

	private static final Duration RETRY_PAUSE = Duration.ofSeconds(5);

	/** Fetches the start of a new block (the sequence's next value). */
	private final LongSupplier blockStart;

	/**
	 * The sequence's last value, or 0 while it gave none (read without taking a value).
	 */
	private final LongSupplier lastBlockStart;

	/** {@link System#nanoTime()}, replaceable in tests. */
	private final LongSupplier nanoTime;

	private long next;

	private long limit;

	/** The start of the block after the current one, or 0 while none is fetched. */
	private long reserve;

	/**
	 * After a failed fetch, no new attempt before this (nanoTime): callers must not queue
	 * on a dead pool.
	 */
	private long retryAfter;

	/**
	 * No id above this was handed out as far as this instance knows; it only grows.
	 */
	private volatile long highWater;

	@Autowired
	TodoIds(JdbcClient db) {
		this(() -> db.sql("SELECT nextval('todo_id_block')").query(Long.class).single(),
				// The sequence's own row: not transactional, so it shows every nextval
				// made, committed or not.
				() -> db.sql("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM todo_id_block")
					.query(Long.class)
					.single(),
				System::nanoTime);
	}

	TodoIds(LongSupplier blockStart, LongSupplier lastBlockStart, LongSupplier nanoTime) {
		this.blockStart = blockStart;
		this.lastBlockStart = lastBlockStart;
		this.nanoTime = nanoTime;
		// nanoTime may be negative (its origin is arbitrary): never compare it with 0.
		this.retryAfter = nanoTime.getAsLong();
	}

	public synchronized long next() {
		if (this.next >= this.limit) {
			long start = (this.reserve != 0) ? this.reserve : fetch();
			this.reserve = 0;
			this.next = start;
			this.limit = start + BLOCK;
		}
		if (this.reserve == 0 && this.limit - this.next <= BLOCK / 2
				&& this.nanoTime.getAsLong() - this.retryAfter >= 0) {
			try {
				this.reserve = fetch();
			}
			catch (DataAccessException ex) {
				this.retryAfter = this.nanoTime.getAsLong() + RETRY_PAUSE.toNanos();
				log.warn("Could not reserve the next block of ids ({} left): {}", this.limit - this.next,
						ex.getMessage());
			}
		}
		return this.next++;
	}

	/**
	 * False only for an id no instance ever handed out: a write on it can be refused
	 * without publishing. True for every id handed out, and for the rest of the blocks
	 * fetched so far. Asks the database only for an id above the mark known here; throws
	 * {@link DataAccessException} when it cannot.
	 */
	public boolean mayHaveHandedOut(long id) {
		if (id <= 0) {
			return false;
		}
		if (id <= this.highWater) {
			return true;
		}
		long last = this.lastBlockStart.getAsLong();
		raiseHighWater((last == 0) ? 0 : last + BLOCK - 1);
		return id <= this.highWater;
	}

	/** True when {@link #mayHaveHandedOut} is true by what is known here, without I/O. */
	public boolean knownHandedOut(long id) {
		return id > 0 && id <= this.highWater;
	}

	private long fetch() {
		long start = this.blockStart.getAsLong();
		raiseHighWater(start + BLOCK - 1);
		return start;
	}

	private synchronized void raiseHighWater(long mark) {
		this.highWater = Math.max(this.highWater, mark);
	}

}
