package dev.todoservice.live;

import java.util.stream.LongStream;

import dev.todoservice.todo.Owner;
import dev.todoservice.todo.Todo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryTests {

	private static final Owner ALICE = Owner.of("https://id.example", "alice");

	private static final Owner BOB = Owner.of("https://id.example", "bob");

	private final History history = new History(5);

	@Test
	void aClientCatchesUpOnItsOwnersChangesOnly() {
		this.history.add(new OwnedChange(ALICE, change(1)));
		this.history.add(new OwnedChange(BOB, change(2)));
		this.history.add(new OwnedChange(ALICE, change(3)));
		History.CatchUp catchUp = this.history.since(0, BOB);
		assertThat(catchUp.missed()).as("Last-Event-ID must not replay another owner's changes")
			.extracting(TodoChanged::seq)
			.containsExactly(2L);
		assertThat(catchUp.reset()).as("the gaps another owner's changes leave are no loss").isFalse();
		assertThat(this.history.since(0, ALICE).missed()).extracting(TodoChanged::seq).containsExactly(1L, 3L);
	}

	@Test
	void changesAreKeptInOrder() {
		add(1, 3);
		assertThat(this.history.since(0, ALICE).missed()).extracting(TodoChanged::seq).containsExactly(1L, 2L, 3L);
		assertThat(this.history.last()).isEqualTo(3L);
	}

	@Test
	void anEmptyHistoryHasNoLastChange() {
		assertThat(this.history.last()).as("a client connecting first gets no event id to resume from").isNull();
	}

	@Test
	void onlyTheMostRecentChangesAreKept() {
		add(1, 8);
		assertThat(this.history.since(3, ALICE).missed()).as("memory stays bounded: the oldest changes are dropped")
			.extracting(TodoChanged::seq)
			.containsExactly(4L, 5L, 6L, 7L, 8L);
	}

	@Test
	void theStreamKeepsTenThousandChanges() {
		History full = new History();
		LongStream.rangeClosed(1, 10_001).forEach((seq) -> full.add(new OwnedChange(ALICE, change(seq))));
		History.CatchUp catchUp = full.since(0, ALICE);
		assertThat(catchUp.missed()).hasSize(10_000);
		assertThat(catchUp.missed().get(0).seq()).isEqualTo(2);
		assertThat(catchUp.reset()).isTrue();
	}

	@Test
	void aChangeHeardTwiceIsKeptOnce() {
		add(1, 3);
		assertThat(this.history.add(new OwnedChange(ALICE, change(3))))
			.as("after reconnecting to the database a change is heard again")
			.isFalse();
		assertThat(this.history.add(new OwnedChange(ALICE, change(2)))).isFalse();
		assertThat(this.history.since(0, ALICE).missed()).as("a client must not get a change twice")
			.extracting(TodoChanged::seq)
			.containsExactly(1L, 2L, 3L);
		assertThat(this.history.add(new OwnedChange(ALICE, change(4)))).isTrue();
	}

	@Test
	void aReconnectingClientCatchesUpOnWhatItMissed() {
		add(1, 8);
		History.CatchUp catchUp = this.history.since(5, ALICE);
		assertThat(catchUp.missed()).as("a client back from a dropped connection gets exactly what it missed")
			.extracting(TodoChanged::seq)
			.containsExactly(6L, 7L, 8L);
		assertThat(catchUp.reset()).as("nothing it missed was dropped: no reload").isFalse();
	}

	@Test
	void aClientWhoseNextChangeIsTheOldestKeptNeedsNoReset() {
		add(1, 8);
		History.CatchUp catchUp = this.history.since(3, ALICE);
		assertThat(catchUp.reset()).isFalse();
		assertThat(catchUp.missed()).extracting(TodoChanged::seq).containsExactly(4L, 5L, 6L, 7L, 8L);
	}

	@Test
	void aClientOlderThanTheHistoryMustReload() {
		add(1, 8);
		History.CatchUp catchUp = this.history.since(2, ALICE);
		assertThat(catchUp.reset()).as("change 3 is gone: the client must reload or it silently misses it").isTrue();
		assertThat(catchUp.missed()).extracting(TodoChanged::seq).containsExactly(4L, 5L, 6L, 7L, 8L);
	}

	@Test
	void anUpToDateClientMissedNothing() {
		add(1, 8);
		History.CatchUp catchUp = this.history.since(8, ALICE);
		assertThat(catchUp.missed()).isEmpty();
		assertThat(catchUp.reset()).isFalse();
		assertThat(this.history.since(9, ALICE).missed()).isEmpty();
	}

	private void add(long from, long to) {
		LongStream.rangeClosed(from, to).forEach((seq) -> this.history.add(new OwnedChange(ALICE, change(seq))));
	}

	private static TodoChanged change(long seq) {
		return new TodoChanged(seq, "updated", 1, seq, new Todo(1, "t" + seq, null, false, seq));
	}

}
