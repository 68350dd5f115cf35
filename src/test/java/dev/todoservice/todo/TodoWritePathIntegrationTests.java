package dev.todoservice.todo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import dev.todoservice.infrastructure.Calls;
import dev.todoservice.infrastructure.IntegrationTest;
import dev.todoservice.infrastructure.KafkaBroker;
import dev.todoservice.infrastructure.Records;
import dev.todoservice.infrastructure.TopicReader;
import dev.todoservice.todo.proto.TodoCreate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What travels over Kafka: the wire format, the origin's clients, poison records, stale
 * offsets.
 */
@IntegrationTest
class TodoWritePathIntegrationTests {

	static final Duration WAIT = Duration.ofSeconds(30);

	@Autowired
	RestTestClient client;

	@Autowired
	KafkaBroker broker;

	@Autowired
	JdbcClient db;

	@Test
	void createTravelsAsAnOriginTodoCreateKeyedByIdWithCloudEventsHeaders() throws Exception {
		String id = create("{\"title\": \"on the wire\", \"description\": \"d\"}").get("id").asString();

		ConsumerRecord<String, byte[]> record = TopicReader.find(this.broker.bootstrapServers(), "todos2",
				(r) -> id.equals(r.key()), WAIT);

		TodoCreate message = TodoCreate.parseFrom(record.value());
		assertThat(message.getId()).isEqualTo(Long.parseLong(id));
		assertThat(message.getTitle()).isEqualTo("on the wire");
		assertThat(message.getDescription()).isEqualTo("d");
		assertThat(Records.header(record, "ce_specversion")).isEqualTo("1.0");
		assertThat(Records.header(record, "ce_type")).isEqualTo("todo.create");
		assertThat(UUID.fromString(Records.header(record, "ce_id"))).isNotNull();
		assertThat(Records.header(record, "ce_source")).isNotBlank();
		assertThat(Records.header(record, "ce_time")).isNotBlank();
		assertThat(Records.header(record, "content-type")).isEqualTo("application/x-protobuf");
	}

	@Test
	void theOriginsBytesParseAsOurs() throws Exception {
		// The origin's schema: message TodoCreate { int32 id = 1; string title = 2;
		// string description = 3;
		// bool completed = 4; } — written here by hand so the test does not depend on our
		// own generated class.
		byte[] origin = concat(new byte[] { 0x08, 0x2a }, field(2, "origin title"), field(3, "origin description"),
				new byte[] { 0x20, 0x01 });
		TodoCreate parsed = TodoCreate.parseFrom(origin);
		assertThat(parsed.getId()).isEqualTo(42);
		assertThat(parsed.getTitle()).isEqualTo("origin title");
		assertThat(parsed.getDescription()).isEqualTo("origin description");
		assertThat(parsed.getCompleted()).isTrue();
		assertThat(TodoCreate.newBuilder()
			.setId(42)
			.setTitle("origin title")
			.setDescription("origin description")
			.setCompleted(true)
			.build()
			.toByteArray()).as("our bytes are the origin's bytes").isEqualTo(origin);
	}

	@Test
	void aBareTodoCreateFromAnotherClientIsStoredUnderAnAssignedId() {
		String title = "from kcat " + UUID.randomUUID();
		byte[] value = TodoCreate.newBuilder().setId(7).setTitle(title).setDescription("bare").build().toByteArray();
		Records.send(this.broker.bootstrapServers(), new ProducerRecord<>("todos2", null, value));

		await().atMost(WAIT).untilAsserted(() -> assertThat(count(title)).as("stored once").isEqualTo(1));
		long id = this.db.sql("SELECT id FROM todo WHERE title = ?").param(title).query(Long.class).single();
		assertThat(id).as("assigned id, the record's own id 7 not trusted").isNotEqualTo(7);
		this.client.get()
			.uri("/todos/" + id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.description")
			.isEqualTo("bare");
	}

	@Test
	void poisonRecordsGoToTheDeadLetterTopicAndTheConsumerMovesOn() {
		String marker = UUID.randomUUID().toString();
		ProducerRecord<String, byte[]> garbage = new ProducerRecord<>("todos2", "1",
				"not protobuf at all \u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1));
		garbage.headers().add(new RecordHeader("marker", marker.getBytes(StandardCharsets.UTF_8)));
		Records.send(this.broker.bootstrapServers(), garbage);
		ProducerRecord<String, byte[]> tooLong = new ProducerRecord<>("todos2", null,
				TodoCreate.newBuilder().setTitle("x".repeat(300)).build().toByteArray());
		tooLong.headers().add(new RecordHeader("marker", (marker + "-long").getBytes(StandardCharsets.UTF_8)));
		Records.send(this.broker.bootstrapServers(), tooLong);
		String after = "after the poison " + marker;
		Records.send(this.broker.bootstrapServers(),
				new ProducerRecord<>("todos2", null, TodoCreate.newBuilder().setTitle(after).build().toByteArray()));

		ConsumerRecord<String, byte[]> dead = TopicReader.find(this.broker.bootstrapServers(), "todos2.DLT",
				(r) -> marker.equals(Records.header(r, "marker")), WAIT);
		assertThat(Records.header(dead, "kafka_dlt-original-topic")).isEqualTo("todos2");
		assertThat(Records.header(dead, "kafka_dlt-original-offset")).isNotNull();
		assertThat(Records.header(dead, "kafka_dlt-exception-message")).as("reason").contains("Protobuf");
		ConsumerRecord<String, byte[]> deadLong = TopicReader.find(this.broker.bootstrapServers(), "todos2.DLT",
				(r) -> (marker + "-long").equals(Records.header(r, "marker")), WAIT);
		assertThat(Records.header(deadLong, "kafka_dlt-exception-message")).as("reason").contains("title");

		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(count(after)).as("the record after the poison").isEqualTo(1));
		assertThat(count("x".repeat(300))).isZero();
	}

	@Test
	void offsetsRememberedFromAnotherIncarnationOfTheTopicNeverSkipRecords() {
		// As if the broker had started empty: stored offsets far ahead, under another
		// topic id.
		this.db.sql("UPDATE consumer_offset SET topic_id = 'an-earlier-topic', next_offset = next_offset + 1000000")
			.update();
		// 201, not 202: applied, not skipped.
		create("{\"title\": \"after a broker reset\"}");
	}

	private JsonNode create(String body) {
		return Calls.create(this.client, body);
	}

	private int count(String title) {
		return this.db.sql("SELECT count(*) FROM todo WHERE title = ?").param(title).query(Integer.class).single();
	}

	private static byte[] field(int number, String value) {
		byte[] text = value.getBytes(StandardCharsets.UTF_8);
		return concat(new byte[] { (byte) (number << 3 | 2), (byte) text.length }, text);
	}

	private static byte[] concat(byte[]... parts) {
		int length = 0;
		for (byte[] part : parts) {
			length += part.length;
		}
		byte[] all = new byte[length];
		int at = 0;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, all, at, part.length);
			at += part.length;
		}
		return all;
	}

}
