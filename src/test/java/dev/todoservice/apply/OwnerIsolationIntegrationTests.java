package dev.todoservice.apply;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import dev.todoservice.events.TestCodec;
import dev.todoservice.events.TodoChangeCodec;
import dev.todoservice.infrastructure.IntegrationTest;
import dev.todoservice.infrastructure.KafkaBroker;
import dev.todoservice.live.Applied;
import dev.todoservice.todo.Outcome;
import dev.todoservice.todo.Owner;
import dev.todoservice.todo.Todo;
import dev.todoservice.todo.TodoAccepted;
import dev.todoservice.todo.TodoChange;
import dev.todoservice.todo.TodoCounts;
import dev.todoservice.todo.TodoIds;
import dev.todoservice.todo.TodoLookup;
import dev.todoservice.todo.Todos;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Owners on the data path, against the real PostgreSQL: the consumer applies a change
 * only to its owner's todo, and every read the API makes (find, page, count, pending,
 * keys) is one owner's. The same through HTTP with signed-in users is the isolation
 * matrix.
 */
@IntegrationTest
class OwnerIsolationIntegrationTests {

	private static final Owner ALICE = Owner.of("https://id.example", "alice-" + UUID.randomUUID());

	private static final Owner BOB = Owner.of("https://id.example", "bob-" + UUID.randomUUID());

	private static final AtomicLong IDS = new AtomicLong(9_300_000_000L + System.nanoTime() % 1_000_000 * 100);

	@Autowired
	KafkaBroker broker;

	@Autowired
	BatchApplier applier;

	@Autowired
	TodoChangeCodec codec;

	@Autowired
	Todos todos;

	@Autowired
	TodoCounts counts;

	@Autowired
	TodoLookup lookup;

	@Autowired
	TodoAccepted accepted;

	@Autowired
	TodoIds ids;

	private String topic;

	private long offset;

	private KafkaConsumer<String, byte[]> consumer;

	@BeforeEach
	void topicOfItsOwn() throws Exception {
		this.topic = "owners-" + UUID.randomUUID();
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.bootstrapServers()))) {
			admin.createTopics(List.of(new NewTopic(this.topic, 1, (short) 1))).all().get();
		}
		this.consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.bootstrapServers(),
						ConsumerConfig.GROUP_ID_CONFIG, "owner-isolation-test"),
				new StringDeserializer(), new ByteArrayDeserializer());
	}

	@AfterEach
	void close() {
		this.consumer.close();
	}

	@Test
	void anotherOwnersChangeFindsNothingToApply() {
		long id = created(ALICE, "Alice's");
		Outcome update = apply(
				new TodoChange.Update(UUID.randomUUID(), id, BOB, "Bob was here", null, false, true, List.of(), null));
		Outcome conditional = apply(new TodoChange.Update(UUID.randomUUID(), id, BOB, "Bob was here", null, false, null,
				List.of(1L), null));
		Outcome delete = apply(new TodoChange.Delete(UUID.randomUUID(), id, BOB, List.of(), null));
		assertThat(List.of(update, conditional, delete))
			.as("another owner's todo is missing to Bob: not a 412 that would show its version")
			.containsOnly(new Outcome.NotFound(id));
		assertThat(this.todos.find(id, ALICE)).as("Alice's todo is untouched")
			.contains(new Todo(id, "Alice's", null, false, 1));
	}

	@Test
	void readsAreOneOwnersOnly() {
		long alices = created(ALICE, "Alice's");
		long bobs = created(BOB, "Bob's");
		assertThat(this.todos.find(alices, BOB)).as("Alice's todo by id, asked as Bob").isEmpty();
		assertThat(this.todos.page(BOB, alices - 1, null, 10)).extracting(Todo::id)
			.as("Bob's list, even with a cursor just below Alice's id")
			.containsExactly(bobs);
		assertThat(this.counts.read(ALICE)).isEqualTo(new TodoCounts.Counts(1, 0));
		apply(new TodoChange.Update(UUID.randomUUID(), bobs, BOB, null, null, false, true, List.of(), null));
		assertThat(this.counts.read(BOB)).as("each owner's numbers move with their own todos only")
			.isEqualTo(new TodoCounts.Counts(0, 1));
		assertThat(this.counts.read(ALICE)).isEqualTo(new TodoCounts.Counts(1, 0));
	}

	@Test
	void twoOwnersUsingTheSameKeyNeverSeeEachOthersResult() {
		TodoChange.Idempotency key = new TodoChange.Idempotency("same-key-" + UUID.randomUUID(), "same request");
		long alices = IDS.incrementAndGet();
		long bobs = IDS.incrementAndGet();
		Outcome first = apply(new TodoChange.Create(UUID.randomUUID(), alices, ALICE, "Alice's", null, false, key));
		Outcome second = apply(new TodoChange.Create(UUID.randomUUID(), bobs, BOB, "Bob's", null, false, key));
		assertThat(first).isInstanceOf(Outcome.Created.class);
		assertThat(second).as("Bob's create with Alice's key is Bob's own first request, not her replay")
			.isEqualTo(new Outcome.Created(new Todo(bobs, "Bob's", null, false, 1)));
	}

	@Test
	void aTodoAcceptedForOneOwnerIsPendingForThemAndAbsentForOthers() {
		long id = this.ids.next();
		this.accepted.add(id, ALICE);
		assertThat(this.lookup.find(id, ALICE)).isEqualTo(new TodoLookup.Pending(id));
		assertThat(this.lookup.find(id, BOB)).as("another owner's create on its way is a plain 404")
			.isEqualTo(new TodoLookup.Absent(id));
	}

	private long created(Owner owner, String title) {
		long id = IDS.incrementAndGet();
		apply(new TodoChange.Create(UUID.randomUUID(), id, owner, title, null, false, null));
		return id;
	}

	private Outcome apply(TodoChange change) {
		List<Applied> applied = this.applier
			.apply(List.of(TestCodec.consumed(this.codec.encode(change), this.topic, 0, this.offset++)), this.consumer);
		assertThat(applied).extracting(Applied::owner)
			.as("the outcome is announced to its owner")
			.contains(change.owner());
		return applied.get(0).outcome();
	}

}
