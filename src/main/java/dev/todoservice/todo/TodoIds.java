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
 */
@Component
public class TodoIds {

	private static final Logger log = LoggerFactory.getLogger(TodoIds.class);

	/** The sequence's INCREMENT BY (V2 migration). */
	static final int BLOCK = 1000;

	private static final Duration RETRY_PAUSE = Duration.ofSeconds(5);

	/** Fetches the start of a new block (the sequence's next value). */
	private final LongSupplier blockStart;

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

	@Autowired
	TodoIds(JdbcClient db) {
		this(() -> db.sql("SELECT nextval('todo_id_block')").query(Long.class).single(), System::nanoTime);
	}

	TodoIds(LongSupplier blockStart, LongSupplier nanoTime) {
		this.blockStart = blockStart;
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

	private long fetch() {
		return this.blockStart.getAsLong();
	}

}
