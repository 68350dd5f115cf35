package dev.todoservice.api;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.todoservice.events.TestCodec;
import dev.todoservice.live.Applied;
import dev.todoservice.live.Waiters;
import dev.todoservice.todo.Outcome;
import dev.todoservice.todo.Todo;
import dev.todoservice.todo.TodoLookup;
import dev.todoservice.todo.TodoSettings;
import org.junit.jupiter.api.Test;

import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class TodoReadsTests {

	private static final Todo TODO = new Todo(8, "accepted", null, false, 1);

	private final TodoLookup lookup = mock(TodoLookup.class);

	private final Waiters waiters = new Waiters();

	@Test
	void aReadOfAnAcceptedTodoWaitsForItsCreate() throws Exception {
		AtomicBoolean stored = new AtomicBoolean();
		CountDownLatch registered = new CountDownLatch(2);
		given(this.lookup.find(8, TestCodec.OWNER)).willAnswer((call) -> {
			registered.countDown(); // the second read comes after the reader registered
			return stored.get() ? new TodoLookup.Stored(TODO) : new TodoLookup.Pending(8);
		});
		TodoReads reads = reads(Duration.ofMinutes(10));
		CompletableFuture<Todo> read = CompletableFuture.supplyAsync(() -> reads.current(8, TestCodec.OWNER));
		registered.await();
		stored.set(true);
		this.waiters.complete(new Applied(null, TestCodec.OWNER, new Outcome.Created(TODO)));
		assertThat(read.get(2, TimeUnit.MINUTES))
			.as("woken by the create's outcome, not by the end of its 10-minute wait")
			.isEqualTo(TODO);
	}

	@Test
	void pastTheWaitAnAcceptedTodoIsNotStoredYetNotMissing() {
		given(this.lookup.find(8, TestCodec.OWNER)).willReturn(new TodoLookup.Pending(8));
		assertThatThrownBy(() -> reads(Duration.ofMillis(50)).current(8, TestCodec.OWNER))
			.isInstanceOfSatisfying(ErrorResponseException.class, (ex) -> {
				assertThat(ex.getStatusCode().value()).as("accepted and not stored yet is no 404").isEqualTo(503);
				assertThat(ex.getHeaders().getFirst("Retry-After")).isEqualTo("1");
			});
	}

	@Test
	void aTodoThatDoesNotExistIs404AtOnce() {
		given(this.lookup.find(9, TestCodec.OWNER)).willReturn(new TodoLookup.Absent(9));
		assertThatThrownBy(() -> reads(Duration.ofMinutes(1)).current(9, TestCodec.OWNER)).isInstanceOfSatisfying(
				ErrorResponseException.class, (ex) -> assertThat(ex.getStatusCode().value()).isEqualTo(404));
	}

	private TodoReads reads(Duration wait) {
		return new TodoReads(this.lookup, this.waiters, new TodoSettings("todos2", 3, wait, Duration.ofSeconds(5),
				"/todo-service", Duration.ofHours(24), "shared", 10_000));
	}

}
