package dev.todoservice.todo;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TodoIdsTests {

	/** Block starts the sequence gives; while none is left, the database is down. */
	private final Deque<Long> blocks = new ArrayDeque<>();

	private final AtomicInteger fetches = new AtomicInteger();

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private final LongSupplier sequence = () -> {
		this.fetches.incrementAndGet();
		if (this.blocks.isEmpty()) {
			throw new DataAccessResourceFailureException("database down");
		}
		return this.blocks.poll();
	};

	private final TodoIds ids = new TodoIds(this.sequence, () -> 0, this.now::get);

	@Test
	void idsAreConsecutiveWithinABlock() {
		this.blocks.add(1L);
		this.blocks.add(7001L);
		for (long expected = 1; expected <= TodoIds.BLOCK; expected++) {
			assertThat(this.ids.next()).as("ids within a block are handed out in order").isEqualTo(expected);
		}
		assertThat(this.ids.next()).as("the next block starts where the sequence says").isEqualTo(7001L);
	}

	@Test
	void theNextBlockIsFetchedWhenHalfIsGone() {
		this.blocks.add(1L);
		this.blocks.add(1001L);
		take(TodoIds.BLOCK / 2);
		assertThat(this.fetches).as("one round trip for the first half").hasValue(1);
		this.ids.next();
		assertThat(this.fetches).as("the next block is reserved before this one runs out").hasValue(2);
		take(TodoIds.BLOCK / 2 - 1);
		assertThat(this.ids.next()).as("the reserve is used without asking the database").isEqualTo(1001L);
		assertThat(this.fetches).hasValue(2);
	}

	@Test
	void createsGoOnThroughAnOutageWhileIdsLast() {
		this.blocks.add(1L);
		take(TodoIds.BLOCK / 2);
		assertThat(this.ids.next()).as("a failed fetch ahead must not fail the create")
			.isEqualTo(TodoIds.BLOCK / 2 + 1);
		assertThat(this.fetches).hasValue(2);
		this.now.addAndGet(Duration.ofMillis(4900).toNanos());
		take(100);
		assertThat(this.fetches).as("creates must not queue on a dead database: no new attempt for 5 s").hasValue(2);
		this.now.addAndGet(Duration.ofMillis(100).toNanos());
		this.blocks.add(5001L);
		this.ids.next();
		assertThat(this.fetches).as("after 5 s the fetch ahead is tried again").hasValue(3);
		take(TodoIds.BLOCK - 603);
		assertThat(this.ids.next()).isEqualTo(TodoIds.BLOCK);
		assertThat(this.ids.next()).isEqualTo(5001L);
	}

	@Test
	void noIdsAreLeftOnceTheBlockRunsOutDuringAnOutage() {
		this.blocks.add(1L);
		take(TodoIds.BLOCK);
		assertThatThrownBy(this.ids::next).as("without a block there is no id to hand out")
			.isInstanceOf(DataAccessResourceFailureException.class);
		this.blocks.add(3001L);
		assertThat(this.ids.next()).as("ids come back with the database").isEqualTo(3001L);
	}

	@Test
	void theFetchAheadDoesNotDependOnTheSignOfNanoTime() {
		this.now.set(-1_000_000_000L);
		TodoIds ids = new TodoIds(this.sequence, () -> 0, this.now::get);
		this.blocks.add(1L);
		this.blocks.add(1001L);
		for (int i = 0; i <= TodoIds.BLOCK / 2; i++) {
			ids.next();
		}
		assertThat(this.fetches).as("System.nanoTime() may be negative: the reserve must still be fetched").hasValue(2);
	}

	@Test
	void anIdAboveTheSequencesLastBlockWasNeverHandedOut() {
		AtomicLong lastBlockStart = new AtomicLong(2001);
		AtomicInteger reads = new AtomicInteger();
		TodoIds ids = new TodoIds(this.sequence, () -> {
			reads.incrementAndGet();
			return lastBlockStart.get();
		}, this.now::get);
		assertThat(ids.mayHaveHandedOut(2001 + TodoIds.BLOCK - 1)).as("the last id of the last block fetched").isTrue();
		assertThat(ids.mayHaveHandedOut(2001 + TodoIds.BLOCK)).as("beyond every block fetched").isFalse();
		assertThat(ids.mayHaveHandedOut(0)).isFalse();
		assertThat(ids.mayHaveHandedOut(-5)).isFalse();
		assertThat(reads).as("an id below the mark known needs no database read; one above reads it again").hasValue(2);
		ids.mayHaveHandedOut(5);
		assertThat(reads).hasValue(2);

		lastBlockStart.set(9001); // another instance fetched a block meanwhile
		assertThat(ids.mayHaveHandedOut(9500)).as("ids of a block another instance fetched since").isTrue();
	}

	@Test
	void aSequenceThatGaveNothingHandedOutNothing() {
		TodoIds ids = new TodoIds(this.sequence, () -> 0, this.now::get);
		assertThat(ids.mayHaveHandedOut(1)).isFalse();
		assertThat(ids.knownHandedOut(1)).isFalse();
	}

	@Test
	void theBlocksThisInstanceFetchedAreKnownWithoutTheDatabase() {
		this.blocks.add(1L);
		this.blocks.add(1001L);
		this.ids.next();
		assertThat(this.ids.knownHandedOut(1)).isTrue();
		assertThat(this.ids.knownHandedOut(TodoIds.BLOCK)).isTrue();
		assertThat(this.ids.knownHandedOut(1001 + TodoIds.BLOCK)).as("past the reserve block").isFalse();
	}

	private void take(int count) {
		for (int i = 0; i < count; i++) {
			this.ids.next();
		}
	}

}
