package dev.todoservice.apply;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.todoservice.events.TestCodec;
import dev.todoservice.live.Announcements;
import dev.todoservice.live.Applied;
import dev.todoservice.todo.IdempotencyKeys;
import dev.todoservice.todo.Outcome;
import dev.todoservice.todo.Todo;
import dev.todoservice.todo.TodoChange;
import dev.todoservice.todo.TodoGone;
import dev.todoservice.todo.TodoIds;
import dev.todoservice.todo.Todos;
import dev.todoservice.todo.proto.TodoCreate;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

class BatchApplierTests {

	private static final String TOPIC = TestCodec.SETTINGS.topic();

	private static final String GROUP = "todo-group";

	private final Todos todos = mock(Todos.class);

	private final TodoIds ids = mock(TodoIds.class);

	private final IdempotencyKeys keys = mock(IdempotencyKeys.class);

	private final TodoGone gone = mock(TodoGone.class);

	private final ConsumerOffsets offsets = mock(ConsumerOffsets.class);

	private final DeadLetters deadLetters = mock(DeadLetters.class);

	private final Announcements announcements = mock(Announcements.class);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final Consumer<?, ?> consumer = mock(Consumer.class);

	private final Map<TopicPartition, Long> stored = new HashMap<>();

	/** What reached the database (and the dead-letter topic), in order. */
	private final List<String> journal = new ArrayList<>();

	private BatchApplier applier;

	@BeforeEach
	void setUp() {
		ApplyMetrics metrics = new ApplyMetrics(this.meters, TestCodec.SETTINGS);
		this.applier = new BatchApplier(this.offsets, TestCodec.codec(),
				new ChangeApplier(this.todos, this.ids, this.keys, metrics, this.gone), this.deadLetters,
				this.announcements);
		given(this.consumer.groupMetadata()).willReturn(new ConsumerGroupMetadata(GROUP));
		given(this.offsets.lock(eq(GROUP), anyList())).willAnswer((invocation) -> {
			Map<TopicPartition, Long> next = new HashMap<>();
			for (ConsumerRecord<?, ?> record : invocation.<List<ConsumerRecord<?, ?>>>getArgument(1)) {
				TopicPartition partition = new TopicPartition(record.topic(), record.partition());
				next.put(partition, this.stored.getOrDefault(partition, 0L));
			}
			return next;
		});
		// The batch reuses its list of creates: copy it when called.
		doAnswer((invocation) -> {
			List<TodoChange.Create> creates = invocation.getArgument(0);
			this.journal.add("insert " + creates.stream().map(TodoChange.Create::id).toList());
			return null;
		}).when(this.todos).insert(anyList());
		given(this.todos.update(any())).willAnswer((invocation) -> {
			TodoChange.Update update = invocation.getArgument(0);
			this.journal.add("update " + update.id());
			return new Outcome.Updated(new Todo(update.id(), update.title(), null, false, 2));
		});
		given(this.todos.delete(any())).willAnswer((invocation) -> {
			TodoChange.Delete delete = invocation.getArgument(0);
			this.journal.add("delete " + delete.id());
			return new Outcome.Deleted(delete.id(), 1);
		});
		doAnswer((invocation) -> {
			this.journal.add("dead letter " + invocation.<ConsumerRecord<?, ?>>getArgument(0).offset());
			return null;
		}).when(this.deadLetters).send(any(), any(), any());
		doAnswer((invocation) -> {
			this.journal.add("record key " + invocation.getArgument(1));
			return null;
		}).when(this.keys).record(any(), any(), any());
		given(this.keys.claim(any(), any())).willReturn(Optional.empty());
	}

	@Test
	void recordsBelowTheStoredOffsetAreNotAppliedTwice() {
		this.stored.put(new TopicPartition(TOPIC, 0), 5L);
		List<Applied> applied = this.applier.apply(List.of(record(0, 3, create(3)), record(0, 4, create(4)),
				record(0, 5, create(5)), record(0, 6, create(6))), this.consumer);
		assertThat(this.journal).as("a redelivered record must not create its todo a second time")
			.containsExactly("insert [5, 6]");
		assertThat(applied).extracting(Applied::outcome).containsExactly(created(5), created(6));
		verify(this.offsets).save(GROUP, Map.of(new TopicPartition(TOPIC, 0), 7L));
	}

	@Test
	void consecutiveCreatesAreInsertedTogetherAndBeforeALaterUpdate() {
		this.applier.apply(List.of(record(0, 0, create(1)), record(0, 1, create(2)), record(0, 2, update(1)),
				record(0, 3, create(3)), record(0, 4, delete(3))), this.consumer);
		assertThat(this.journal)
			.as("creates are batched, yet an update of a todo created in the same poll must find it")
			.containsExactly("insert [1, 2]", "update 1", "insert [3]", "delete 3");
	}

	@Test
	void everyOutcomeIsAnnouncedInOrder() {
		TodoChange.Create first = create(1);
		TodoChange.Update second = update(1);
		TodoChange.Delete third = delete(1);
		List<Applied> applied = this.applier
			.apply(List.of(record(0, 0, first), record(0, 1, second), record(0, 2, third)), this.consumer);
		List<Applied> expected = List.of(new Applied(first.eventId(), TestCodec.OWNER, created(1)),
				new Applied(second.eventId(), TestCodec.OWNER,
						new Outcome.Updated(new Todo(1, "Renamed", null, false, 2))),
				new Applied(third.eventId(), TestCodec.OWNER, new Outcome.Deleted(1, 1)));
		assertThat(applied).as("each waiting request gets the outcome of its own change").isEqualTo(expected);
		verify(this.announcements).announce(expected);
		assertThat(this.meters.get("todo.changes.applied")
			.tag("type", "todo.create")
			.tag("outcome", "created")
			.counter()
			.count()).isEqualTo(1);
	}

	@Test
	void aPoisonRecordIsDeadLetteredAndTheNextOneStillApplies() {
		ConsumerRecord<String, byte[]> poison = record(0, 1, create(2));
		poison.headers().remove("ce_id");
		List<Applied> applied = this.applier.apply(List.of(record(0, 0, create(1)), poison, record(0, 2, create(3))),
				this.consumer);
		ArgumentCaptor<RuntimeException> reason = ArgumentCaptor.forClass(RuntimeException.class);
		verify(this.deadLetters).send(eq(poison), eq(this.consumer), reason.capture());
		assertThat(reason.getValue()).as("the dead letter says why the record was refused")
			.hasMessage("record has ce_type but no ce_id header");
		assertThat(this.journal).as("one bad record must not block the todos behind it")
			.containsExactly("insert [1]", "dead letter 1", "insert [3]");
		assertThat(applied).extracting(Applied::outcome).containsExactly(created(1), created(3));
		verify(this.offsets).save(GROUP, Map.of(new TopicPartition(TOPIC, 0), 3L));
	}

	@Test
	void anUpdateOfAMissingTodoIsAnsweredNotFoundWithoutDeadLetter() {
		TodoChange.Update update = update(404);
		given(this.todos.update(update)).willReturn(new Outcome.NotFound(404));
		List<Applied> applied = this.applier.apply(List.of(record(0, 0, update)), this.consumer);
		verifyNoInteractions(this.deadLetters);
		assertThat(applied).as("the waiting request must get its 404, not time out into a 202")
			.containsExactly(new Applied(update.eventId(), TestCodec.OWNER, new Outcome.NotFound(404)));
		verify(this.offsets).save(GROUP, Map.of(new TopicPartition(TOPIC, 0), 1L));
	}

	@Test
	void aDeletedTodoIsRecordedAsGone() {
		this.applier.apply(List.of(record(0, 0, create(5)), record(0, 1, delete(5))), this.consumer);
		verify(this.gone).add(5L);
	}

	@Test
	void aDeleteThatFindsNothingRecordsNothingAsGone() {
		TodoChange.Delete delete = delete(404);
		given(this.todos.delete(delete)).willReturn(new Outcome.NotFound(404));
		this.applier.apply(List.of(record(0, 0, delete)), this.consumer);
		verify(this.gone, never()).add(anyLong());
	}

	@Test
	void aCreateRefusedForItsKeyRecordsItsIdAsGone() {
		TodoChange.Idempotency key = new TodoChange.Idempotency("key-1", "same");
		given(this.keys.claim(TestCodec.OWNER, key))
			.willReturn(Optional.of(new IdempotencyKeys.Entry("key-1", "same", created(1))));
		this.applier.apply(List.of(record(0, 0, create(2, key))), this.consumer);
		verify(this.gone).add(2L);
	}

	@Test
	void aDeleteOfAMissingTodoIsAnsweredNotFoundWithoutDeadLetter() {
		TodoChange.Delete delete = delete(404);
		given(this.todos.delete(delete)).willReturn(new Outcome.NotFound(404));
		List<Applied> applied = this.applier.apply(List.of(record(0, 0, delete)), this.consumer);
		verifyNoInteractions(this.deadLetters);
		assertThat(applied).containsExactly(new Applied(delete.eventId(), TestCodec.OWNER, new Outcome.NotFound(404)));
	}

	@Test
	void aRetryWithTheSameKeyGetsTheFirstOutcome() {
		TodoChange.Idempotency key = new TodoChange.Idempotency("key-1", "same");
		Outcome first = created(1);
		given(this.keys.claim(TestCodec.OWNER, key))
			.willReturn(Optional.of(new IdempotencyKeys.Entry("key-1", "same", first)));
		List<Applied> applied = this.applier.apply(List.of(record(0, 0, create(2, key))), this.consumer);
		assertThat(applied).extracting(Applied::outcome)
			.as("a retry with the same key gets the first answer, not a second todo")
			.containsExactly(new Outcome.Replayed(first));
		verifyNoInteractions(this.todos);
		verify(this.keys, never()).record(any(), any(), any());
	}

	@Test
	void aKeyReusedForAnotherRequestChangesNothing() {
		TodoChange.Idempotency key = new TodoChange.Idempotency("key-1", "other request");
		given(this.keys.claim(TestCodec.OWNER, key))
			.willReturn(Optional.of(new IdempotencyKeys.Entry("key-1", "first request", created(1))));
		List<Applied> applied = this.applier.apply(List.of(record(0, 0, update(1, key))), this.consumer);
		assertThat(applied).extracting(Applied::outcome)
			.as("a key reused for another request must not apply that request")
			.containsExactly(new Outcome.KeyReused());
		verifyNoInteractions(this.todos);
	}

	@Test
	void aFirstKeyRecordsItsOutcomeAfterTheChangeIsWritten() {
		TodoChange.Idempotency key = new TodoChange.Idempotency("key-1", "fp");
		this.applier.apply(List.of(record(0, 0, create(1)), record(0, 1, create(2, key))), this.consumer);
		verify(this.keys).claim(TestCodec.OWNER, key);
		verify(this.keys).record(TestCodec.OWNER, "key-1", created(2));
		assertThat(this.journal).as("the key's outcome is recorded once its todo is written, so a retry finds it")
			.containsExactly("insert [1]", "insert [2]", "record key key-1");
	}

	@Test
	void theNextOffsetOfEachPartitionIsSaved() {
		this.stored.put(new TopicPartition(TOPIC, 2), 9L);
		this.applier.apply(List.of(record(0, 10, create(1)), record(1, 4, create(2)), record(0, 11, create(3)),
				record(2, 8, create(4))), this.consumer);
		verify(this.offsets).save(GROUP, Map.of(new TopicPartition(TOPIC, 0), 12L, new TopicPartition(TOPIC, 1), 5L,
				new TopicPartition(TOPIC, 2), 9L));
	}

	@Test
	void aBareCreateGetsAnIdFromTheIdBlocks() {
		given(this.ids.next()).willReturn(4242L);
		byte[] value = TodoCreate.newBuilder().setId(7).setTitle("From the origin").build().toByteArray();
		List<Applied> applied = this.applier.apply(List.of(new ConsumerRecord<>(TOPIC, 0, 0, "7", value)),
				this.consumer);
		assertThat(this.journal).as("a todo from another producer is stored under an id we assign")
			.containsExactly("insert [4242]");
		assertThat(applied).containsExactly(new Applied(null, TestCodec.OWNER,
				new Outcome.Created(new Todo(4242, "From the origin", null, false, 1))));
	}

	private static ConsumerRecord<String, byte[]> record(int partition, long offset, TodoChange change) {
		return TestCodec.consumed(TestCodec.codec().encode(change), partition, offset);
	}

	private static TodoChange.Create create(long id) {
		return create(id, null);
	}

	private static TodoChange.Create create(long id, TodoChange.Idempotency key) {
		return new TodoChange.Create(UUID.randomUUID(), id, TestCodec.OWNER, "Todo " + id, null, false, key);
	}

	private static Outcome created(long id) {
		return new Outcome.Created(new Todo(id, "Todo " + id, null, false, 1));
	}

	private static TodoChange.Update update(long id) {
		return update(id, null);
	}

	private static TodoChange.Update update(long id, TodoChange.Idempotency key) {
		return new TodoChange.Update(UUID.randomUUID(), id, TestCodec.OWNER, "Renamed", null, false, null, List.of(),
				key);
	}

	private static TodoChange.Delete delete(long id) {
		return new TodoChange.Delete(UUID.randomUUID(), id, TestCodec.OWNER, List.of(), null);
	}

}
