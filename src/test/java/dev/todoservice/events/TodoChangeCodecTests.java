package dev.todoservice.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.todoservice.todo.Owner;
import dev.todoservice.todo.TodoChange;
import dev.todoservice.todo.proto.TodoCreate;
import dev.todoservice.todo.proto.TodoDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TodoChangeCodecTests {

	private static final TodoChange.Idempotency KEY = new TodoChange.Idempotency("key-1", "fingerprint-1");

	private final TodoChangeCodec codec = TestCodec.codec();

	@Test
	void aCreateSurvivesTheTripThroughKafka() {
		TodoChange.Create create = new TodoChange.Create(UUID.randomUUID(), 7, TestCodec.OWNER, "Buy milk",
				"Two litres", true, KEY);
		assertThat(roundTrip(create)).as("the consumer stores exactly the todo the client created").isEqualTo(create);
	}

	@Test
	void aCreateWithoutDescriptionKeepsNoDescription() {
		TodoChange.Create create = new TodoChange.Create(UUID.randomUUID(), 7, TestCodec.OWNER, "Buy milk", null, false,
				null);
		assertThat(roundTrip(create)).as("a todo created without description must not get an empty one")
			.isEqualTo(create);
	}

	@Test
	void anUpdateSurvivesTheTripWithItsIfMatchAndKey() {
		TodoChange.Update update = new TodoChange.Update(UUID.randomUUID(), 7, TestCodec.OWNER, "Buy oat milk",
				"1 litre", false, true, List.of(1L, 2L), KEY);
		assertThat(roundTrip(update))
			.as("If-Match versions and the Idempotency-Key must reach the consumer, or it applies blindly")
			.isEqualTo(update);
	}

	@Test
	void anUpdateKeepsAbsentFieldsAbsent() {
		TodoChange.Update update = new TodoChange.Update(UUID.randomUUID(), 7, TestCodec.OWNER, null, null, true, null,
				List.of(), null);
		assertThat(roundTrip(update)).as("fields a patch leaves out must not be overwritten with defaults")
			.isEqualTo(update);
	}

	@Test
	void aDeleteSurvivesTheTripWithItsIfMatchAndKey() {
		TodoChange.Delete delete = new TodoChange.Delete(UUID.randomUUID(), 7, TestCodec.OWNER, List.of(3L), KEY);
		assertThat(roundTrip(delete)).as("a conditional delete must stay conditional").isEqualTo(delete);
	}

	@Test
	void theRecordIsKeyedByTheTodoIdOnTheConfiguredTopic() {
		ProducerRecord<String, byte[]> record = this.codec
			.encode(new TodoChange.Delete(UUID.randomUUID(), 42, TestCodec.OWNER, List.of(), null));
		assertThat(record.key()).as("changes of one todo must share a partition to stay in order").isEqualTo("42");
		assertThat(record.topic()).isEqualTo(TestCodec.SETTINGS.topic());
	}

	@Test
	void recordsCarryCloudEventsHeaders() {
		Instant before = Instant.now();
		UUID eventId = UUID.randomUUID();
		List<TodoChange> changes = List.of(new TodoChange.Create(eventId, 1, TestCodec.OWNER, "t", null, false, null),
				new TodoChange.Update(eventId, 1, TestCodec.OWNER, "t", null, false, null, List.of(), null),
				new TodoChange.Delete(eventId, 1, TestCodec.OWNER, List.of(), null));
		List<String> types = List.of(TodoChange.Create.TYPE, TodoChange.Update.TYPE, TodoChange.Delete.TYPE);
		for (int i = 0; i < changes.size(); i++) {
			ProducerRecord<String, byte[]> record = this.codec.encode(changes.get(i));
			assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
			assertThat(header(record, "ce_type")).as("other consumers tell changes apart by ce_type")
				.isEqualTo(types.get(i));
			assertThat(header(record, "ce_id")).as("a waiting request finds its outcome by ce_id")
				.isEqualTo(eventId.toString());
			assertThat(header(record, "ce_source")).isEqualTo(TestCodec.SETTINGS.source());
			assertThat(Instant.parse(header(record, "ce_time")))
				.as("the write-to-apply latency is measured from ce_time")
				.isBetween(before, Instant.now().plus(Duration.ofSeconds(1)));
			assertThat(header(record, "content-type")).isEqualTo("application/x-protobuf");
		}
	}

	@Test
	void aBareCreateFromTheOriginGetsNoIdAndNoEventId() {
		byte[] value = TodoCreate.newBuilder().setId(99).setTitle("From the origin").build().toByteArray();
		TodoChange change = this.codec.decode(new ConsumerRecord<>("todos-test", 0, 0, "99", value));
		assertThat(change).as("an id sent by another producer is not trusted: one is assigned on apply")
			.isEqualTo(new TodoChange.Create(null, 0, TestCodec.OWNER, "From the origin", null, false, null));
	}

	@Test
	void theOwnerSurvivesTheTripAndARecordWithoutOneIsTheSharedOwners() {
		Owner alice = Owner.of("https://id.example/realms/todo", "alice");
		TodoChange.Delete delete = new TodoChange.Delete(UUID.randomUUID(), 7, alice, List.of(), null);
		assertThat(roundTrip(delete)).as("a change applies to its owner's todo only").isEqualTo(delete);
		byte[] ownerless = TodoDelete.newBuilder().setId(7).build().toByteArray();
		ConsumerRecord<String, byte[]> record = consumed(this.codec.encode(delete));
		ConsumerRecord<String, byte[]> older = new ConsumerRecord<>(record.topic(), 0, 0, "7", ownerless);
		record.headers().forEach((header) -> older.headers().add(header));
		assertThat(this.codec.decode(older).owner()).as("records from before owners are the shared owner's")
			.isEqualTo(TestCodec.SETTINGS.shared());
	}

	@Test
	void anOwnerWithNulIsRejected() {
		byte[] value = TodoCreate.newBuilder().setId(7).setTitle("t").setOwner("alice\u0000").build().toByteArray();
		ConsumerRecord<String, byte[]> record = consumed(create(7, "t", null));
		ConsumerRecord<String, byte[]> bad = new ConsumerRecord<>(record.topic(), 0, 0, "7", value);
		record.headers().forEach((header) -> bad.headers().add(header));
		assertRejected(bad, "invalid owner: an owner is 1 to 1000 characters without NUL");
	}

	@Test
	void aTombstoneIsRejected() {
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("todos-test", 0, 0, "1", null);
		assertRejected(record, "record has no value (tombstone)");
	}

	@Test
	void anUnknownTypeIsRejected() {
		ConsumerRecord<String, byte[]> record = consumed(create(1, "t", null));
		replace(record, "ce_type", "todo.explode");
		assertRejected(record, "unknown ce_type 'todo.explode'");
	}

	@Test
	void aTypeWithoutEventIdIsRejected() {
		ConsumerRecord<String, byte[]> record = consumed(create(1, "t", null));
		record.headers().remove("ce_id");
		assertRejected(record, "record has ce_type but no ce_id header");
	}

	@Test
	void anEventIdThatIsNoUuidIsRejected() {
		ConsumerRecord<String, byte[]> record = consumed(create(1, "t", null));
		replace(record, "ce_id", "not-a-uuid");
		assertRejected(record, "ce_id 'not-a-uuid' is not a UUID");
	}

	@Test
	void bytesThatDoNotParseAreRejected() {
		byte[] truncated = { 0x0A, 0x05, 0x61 };
		ConsumerRecord<String, byte[]> typed = consumed(
				this.codec.encode(new TodoChange.Delete(UUID.randomUUID(), 1, TestCodec.OWNER, List.of(), null)));
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("todos-test", 0, 0, "1", truncated);
		typed.headers().forEach((header) -> record.headers().add(header));
		assertThatThrownBy(() -> this.codec.decode(record)).isInstanceOf(RejectedRecordException.class)
			.as("a corrupt record is dead-lettered with the reason, not retried forever")
			.hasMessageStartingWith("value is not a todo.delete Protobuf message");
		ConsumerRecord<String, byte[]> bare = new ConsumerRecord<>("todos-test", 0, 0, "1", truncated);
		assertThatThrownBy(() -> this.codec.decode(bare)).isInstanceOf(RejectedRecordException.class)
			.hasMessageStartingWith("value is not a todo.create Protobuf message");
	}

	@Test
	void aTitleOf101CharactersIsRejected() {
		assertThatThrownBy(() -> this.codec.decode(consumed(create(1, "x".repeat(101), null))))
			.isInstanceOf(RejectedRecordException.class)
			.as("another producer must not store what the API would refuse")
			.hasMessageStartingWith("invalid title: ")
			.hasMessageEndingWith("(101 bytes)");
		TodoChange.Update update = new TodoChange.Update(UUID.randomUUID(), 1, TestCodec.OWNER, "x".repeat(101), null,
				false, null, List.of(), null);
		assertThatThrownBy(() -> this.codec.decode(consumed(this.codec.encode(update))))
			.isInstanceOf(RejectedRecordException.class)
			.hasMessageStartingWith("invalid title: ");
	}

	@Test
	void aTitleOf100CharactersIsAccepted() {
		assertThat(this.codec.decode(consumed(create(1, "x".repeat(100), null)))).isNotNull();
	}

	@Test
	void aNulInTheTitleIsRejected() {
		assertThatThrownBy(() -> this.codec.decode(consumed(create(1, "a\u0000b", null))))
			.isInstanceOf(RejectedRecordException.class)
			.as("PostgreSQL cannot store NUL: the batch would fail forever")
			.hasMessage("invalid title: Title must not contain NUL or unpaired surrogate characters (3 bytes)");
	}

	@Test
	void aDescriptionOf256CharactersIsRejected() {
		assertThatThrownBy(() -> this.codec.decode(consumed(create(1, "t", "d".repeat(256)))))
			.isInstanceOf(RejectedRecordException.class)
			.hasMessageStartingWith("invalid description: ")
			.hasMessageEndingWith("(256 bytes)");
		TodoChange.Update update = new TodoChange.Update(UUID.randomUUID(), 1, TestCodec.OWNER, null, "d".repeat(256),
				false, null, List.of(), null);
		assertThatThrownBy(() -> this.codec.decode(consumed(this.codec.encode(update))))
			.isInstanceOf(RejectedRecordException.class)
			.hasMessageStartingWith("invalid description: ");
	}

	@Test
	void aNonPositiveIdIsRejected() {
		assertRejected(consumed(create(0, "t", null)), "todo id 0 is not positive");
		assertRejected(
				consumed(this.codec
					.encode(new TodoChange.Delete(UUID.randomUUID(), -5, TestCodec.OWNER, List.of(), null))),
				"todo id -5 is not positive");
		assertRejected(consumed(this.codec.encode(
				new TodoChange.Update(UUID.randomUUID(), 0, TestCodec.OWNER, "t", null, false, null, List.of(), null))),
				"todo id 0 is not positive");
	}

	@Test
	void malformedIdempotencyHeadersAreRejected() {
		ConsumerRecord<String, byte[]> noFingerprint = consumed(create(1, "t", null));
		noFingerprint.headers().add("todo-idempotency-key", bytes("k"));
		assertRejected(noFingerprint, "malformed idempotency headers");

		ConsumerRecord<String, byte[]> emptyKey = consumed(create(1, "t", null));
		emptyKey.headers().add("todo-idempotency-key", bytes(""));
		emptyKey.headers().add("todo-idempotency-fingerprint", bytes("f"));
		assertRejected(emptyKey, "malformed idempotency headers");

		ConsumerRecord<String, byte[]> longKey = consumed(create(1, "t", null));
		longKey.headers().add("todo-idempotency-key", bytes("k".repeat(256)));
		longKey.headers().add("todo-idempotency-fingerprint", bytes("f"));
		assertRejected(longKey, "malformed idempotency headers");
	}

	@Test
	void aNulInTheIdempotencyHeadersIsRejected() {
		ConsumerRecord<String, byte[]> nulKey = consumed(create(1, "t", null));
		nulKey.headers().add("todo-idempotency-key", bytes("k\u0000"));
		nulKey.headers().add("todo-idempotency-fingerprint", bytes("f"));
		assertThatThrownBy(() -> this.codec.decode(nulKey)).isInstanceOf(RejectedRecordException.class)
			.as("PostgreSQL cannot store NUL: the batch would be retried forever and the partition stall")
			.hasMessage("malformed idempotency headers");
		ConsumerRecord<String, byte[]> nulFingerprint = consumed(create(1, "t", null));
		nulFingerprint.headers().add("todo-idempotency-key", bytes("k"));
		nulFingerprint.headers().add("todo-idempotency-fingerprint", bytes("f\u0000"));
		assertRejected(nulFingerprint, "malformed idempotency headers");
	}

	private TodoChange roundTrip(TodoChange change) {
		return this.codec.decode(consumed(this.codec.encode(change)));
	}

	private ProducerRecord<String, byte[]> create(long id, String title, String description) {
		return this.codec
			.encode(new TodoChange.Create(UUID.randomUUID(), id, TestCodec.OWNER, title, description, false, null));
	}

	private static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> produced) {
		return TestCodec.consumed(produced, 0, 0);
	}

	private static void replace(ConsumerRecord<String, byte[]> record, String name, String value) {
		record.headers().remove(name);
		record.headers().add(name, bytes(value));
	}

	private static String header(ProducerRecord<String, byte[]> record, String name) {
		return CloudEvents.read(record.headers(), name);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private void assertRejected(ConsumerRecord<String, byte[]> record, String reason) {
		assertThatThrownBy(() -> this.codec.decode(record)).isInstanceOf(RejectedRecordException.class)
			.as("the dead letter must say why the record was refused")
			.hasMessage(reason);
	}

}
