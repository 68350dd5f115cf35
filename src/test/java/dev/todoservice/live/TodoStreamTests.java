package dev.todoservice.live;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import dev.todoservice.todo.Owner;
import dev.todoservice.todo.Todo;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter.DataWithMediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fan-out below HTTP: which of many open streams a change reaches, and which streams
 * are dropped. The events on the wire are {@code todo.TodoStreamIntegrationTests}.
 */
class TodoStreamTests {

	private final TodoStream stream = new TodoStream(JsonMapper.builder().build());

	@Test
	void aChangeReachesAllOfItsOwnersStreamsAndNoOtherOwners() {
		List<List<Recording>> byOwner = IntStream.range(0, 1_000)
			.mapToObj((n) -> List.of(subscribe(owner(n)), subscribe(owner(n))))
			.toList();

		publish(owner(500), change(1));

		assertThat(byOwner.get(500)).as("every open stream of the change's owner gets it")
			.allSatisfy((recording) -> assertThat(recording.changes).containsExactly(1L));
		for (int n = 0; n < byOwner.size(); n++) {
			if (n != 500) {
				assertThat(byOwner.get(n)).as("owner %d's streams must not see owner 500's change", n)
					.allSatisfy((recording) -> assertThat(recording.changes).isEmpty());
			}
		}
	}

	@Test
	void aStreamThatCannotBeWrittenIsDroppedAndItsOwnersOtherStreamsGoOn() {
		Recording gone = subscribe(owner(1));
		Recording open = subscribe(owner(1));
		Recording other = subscribe(owner(2));
		gone.failing = true;

		publish(owner(1), change(1));
		publish(owner(1), change(2));

		assertThat(open.changes).as("a client that left must not cost the others of its owner their changes")
			.containsExactly(1L, 2L);
		assertThat(gone.attempts).as("a stream whose write failed is not written to again").isEqualTo(1);
		assertThat(this.stream.clients()).as("only the failed stream is dropped").isEqualTo(2);
		assertThat(other.changes).isEmpty();
	}

	@Test
	void anOwnerWhoseStreamsAllEndedLeavesNothingBehind() {
		List<Recording> streams = IntStream.range(0, 100).mapToObj((n) -> subscribe(owner(n))).toList();
		Recording staying = subscribe(owner(0));

		streams.forEach(Recording::end);

		assertThat(this.stream.owners()).as("owners that came and went must not hold memory").isEqualTo(1);
		assertThat(this.stream.clients()).isEqualTo(1);
		publish(owner(0), change(1));
		assertThat(staying.changes).as("a stream outlives the end of another of its owner's").containsExactly(1L);
	}

	@Test
	void aStreamThatJoinsAfterAnotherOfItsOwnerEndedGetsTheNextChange() {
		subscribe(owner(1)).end();
		Recording joined = subscribe(owner(1));

		publish(owner(1), change(1));

		assertThat(joined.changes).containsExactly(1L);
	}

	@Test
	void anEventCarriesTheChangeAsAsciiJson() {
		Recording recording = subscribe(owner(1));

		publish(owner(1), new TodoChanged(7, "created", 7, 1, new Todo(7, "Grüße", null, false, 1)));

		assertThat(recording.data).hasSize(1);
		String data = recording.data.get(0);
		assertThat(data).as("escaped to ASCII: the event is sent as text, whose charset must not garble it")
			.matches("\\p{ASCII}+");
		assertThat(JsonMapper.builder().build().readTree(data).path("todo").path("title").asString())
			.as("the title a browser reads from the event")
			.isEqualTo("Grüße");
	}

	@Test
	void changesHeardTogetherReachEachStreamInOneWriteInCommitOrder() {
		Recording alice = subscribe(owner(1));
		Recording bob = subscribe(owner(2));

		this.stream.publish(List.of(new OwnedChange(owner(1), change(1)), new OwnedChange(owner(2), change(2)),
				new OwnedChange(owner(1), change(3)), new OwnedChange(owner(1), change(4))));

		assertThat(alice.changes).as("an owner's changes heard together, each once and in commit order")
			.containsExactly(1L, 3L, 4L);
		assertThat(alice.attempts).as("a stream gets the changes heard together in one write, not one per change")
			.isEqualTo(1);
		assertThat(bob.changes).as("another owner's change between them is not taken for one heard twice")
			.containsExactly(2L);
	}

	@Test
	void aChangeHeardAgainAfterReconnectingIsNotSentTwice() {
		Recording recording = subscribe(owner(1));
		publish(owner(1), change(1));

		this.stream.publish(List.of(new OwnedChange(owner(1), change(1)), new OwnedChange(owner(1), change(2))));

		assertThat(recording.changes).as("each change once, though the database sent the first again")
			.containsExactly(1L, 2L);
	}

	private void publish(Owner owner, TodoChanged change) {
		this.stream.publish(List.of(new OwnedChange(owner, change)));
	}

	private Recording subscribe(Owner owner) {
		Recording recording = new Recording();
		this.stream.subscribe(recording, owner, null);
		return recording;
	}

	private static Owner owner(int n) {
		return Owner.of("https://id.example", "user-" + n);
	}

	private static TodoChanged change(long seq) {
		return new TodoChanged(seq, "created", seq, 1, new Todo(seq, "t" + seq, null, false, 1));
	}

	/**
	 * An emitter as the stream sees it once Spring MVC has taken it: it records the
	 * changes written to it, fails to write like a connection the client closed, and ends
	 * as Spring MVC reports a finished request.
	 */
	private static final class Recording extends SseEmitter {

		final List<Long> changes = new ArrayList<>();

		/** Each change's data line. */
		final List<String> data = new ArrayList<>();

		/** The sends that carried changes, written or failed. */
		int attempts;

		boolean failing;

		private @Nullable Runnable completion;

		private static final Pattern CHANGE = Pattern.compile("id:(\\d+)\nevent:\\w+\ndata:(\\{.*})\n\n");

		@Override
		public void send(SseEventBuilder builder) throws IOException {
			send(builder.build());
		}

		@Override
		public void send(Set<DataWithMediaType> items) throws IOException {
			StringBuilder text = new StringBuilder();
			items.forEach((item) -> text.append(item.getData()));
			Matcher change = CHANGE.matcher(text);
			boolean carried = false;
			while (change.find()) {
				if (!carried) {
					carried = true;
					this.attempts++;
				}
				if (this.failing) {
					throw new IOException("Broken pipe");
				}
				this.changes.add(Long.parseLong(change.group(1)));
				this.data.add(change.group(2));
			}
		}

		@Override
		public synchronized void onCompletion(Runnable callback) {
			this.completion = callback;
		}

		void end() {
			if (this.completion != null) {
				this.completion.run();
			}
		}

	}

}
