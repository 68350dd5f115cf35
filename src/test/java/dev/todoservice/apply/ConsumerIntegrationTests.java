package dev.todoservice.apply;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.todoservice.database.DatabaseUrl;
import dev.todoservice.events.TestCodec;
import dev.todoservice.events.TodoChangeCodec;
import dev.todoservice.infrastructure.IntegrationTest;
import dev.todoservice.infrastructure.KafkaBroker;
import dev.todoservice.infrastructure.Records;
import dev.todoservice.infrastructure.TopicReader;
import dev.todoservice.todo.TodoChange;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import static dev.todoservice.infrastructure.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The consumer's guarantees: exactly-once apply of a redelivered batch, dead letters, a
 * database outage.
 */
@IntegrationTest
class ConsumerIntegrationTests {

	@Autowired
	JdbcClient db;

	@Autowired
	KafkaBroker broker;

	@Autowired
	BatchApplier applier;

	@Autowired
	TodoChangeCodec codec;

	@Autowired
	DatabaseUrl database;

	@Autowired
	RestTestClient client;

	@Test
	void aBatchDeliveredAgainChangesNothing() throws Exception {
		String topic = "redelivery-" + UUID.randomUUID();
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.bootstrapServers()))) {
			admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
		}
		long id = 9_000_000_000L + System.nanoTime() % 1_000_000;
		List<ConsumerRecord<String, byte[]>> batch = List.of(
				record(topic, 0,
						new TodoChange.Create(UUID.randomUUID(), id, TestCodec.OWNER, "first", null, false, null)),
				record(topic, 1, update(id, "second")), record(topic, 2, update(id, "third")));

		try (KafkaConsumer<String, byte[]> consumer = consumer()) {
			this.applier.apply(batch, consumer);
			assertThat(stored(id)).isEqualTo("third v3");

			this.applier.apply(batch, consumer);
			assertThat(stored(id)).as("the same batch again: no effect").isEqualTo("third v3");

			this.applier.apply(List.of(batch.get(2), record(topic, 3, update(id, "fourth"))), consumer);
			assertThat(stored(id)).as("overlapping batch: only the new record applies").isEqualTo("fourth v4");
		}
	}

	@Test
	void anUpdateOfAMissingTodoIsNotFoundNotADeadLetter() {
		String marker = UUID.randomUUID().toString();
		ProducerRecord<String, byte[]> orphan = this.codec.encode(update(987_654_321L, "nobody home"));
		orphan.headers().add("marker", marker.getBytes(StandardCharsets.UTF_8));
		Records.send(this.broker.bootstrapServers(), orphan);
		// Poison behind it on the same key: once its dead letter is there, the orphan was
		// applied, and a dead letter of the orphan would come first.
		ProducerRecord<String, byte[]> poison = this.codec.encode(update(987_654_321L, "poison"));
		poison.headers().remove("ce_id");
		poison.headers().add("marker", ("poison " + marker).getBytes(StandardCharsets.UTF_8));
		Records.send(this.broker.bootstrapServers(), poison);

		ConsumerRecord<String, byte[]> dead = TopicReader.find(this.broker.bootstrapServers(), "todos2.DLT",
				(r) -> String.valueOf(Records.header(r, "marker")).endsWith(marker), Duration.ofSeconds(30));
		assertThat(Records.header(dead, "marker"))
			.as("an update of a todo that does not exist is answered 404, never dead-lettered")
			.isEqualTo("poison " + marker);
	}

	@Test
	void whileTheDatabaseIsDownReadsAre503AndWritesStillReachKafka() throws Exception {
		long existing = create("{\"title\": \"before the outage\"}").expectStatus()
			.isCreated()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody()
			.get("id")
			.asLong();
		String title = "during the outage " + UUID.randomUUID();
		String location;
		blockDatabase(true);
		try {
			assertProblem(this.client.get().uri("/todos/" + existing).exchange().returnResult(), 503);
			assertProblem(this.client.get().uri("/todos/").exchange().returnResult(), 503);
			// In Kafka, not yet applied (answered at once: waiting for an apply that
			// cannot
			// happen would only run out the apply wait).
			location = this.client.post()
				.uri("/todos/")
				.contentType(MediaType.APPLICATION_JSON)
				.header("Prefer", "respond-async")
				.body("{\"title\": \"" + title + "\"}")
				.exchange()
				.expectStatus()
				.isAccepted()
				.returnResult()
				.getResponseHeaders()
				.getFirst("Location");
		}
		finally {
			blockDatabase(false);
		}
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> this.client.get().uri(location).exchange().expectStatus().isOk());
		this.client.get().uri(location).exchange().expectBody().jsonPath("$.title").isEqualTo(title);
	}

	private RestTestClient.ResponseSpec create(String body) {
		return this.client.post().uri("/todos/").contentType(MediaType.APPLICATION_JSON).body(body).exchange();
	}

	/**
	 * Makes the test database refuse connections and drops the open ones, as a crashed
	 * server would.
	 */
	private void blockDatabase(boolean blocked) throws SQLException {
		String name = "\"" + this.database.databaseName().replace("\"", "\"\"") + "\"";
		try (Connection admin = this.database.maintenance().open(); Statement statement = admin.createStatement()) {
			statement.execute("ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS " + !blocked);
			if (blocked) {
				statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
						+ this.database.databaseName().replace("'", "''") + "' AND pid <> pg_backend_pid()");
			}
		}
	}

	private String stored(long id) {
		Optional<String> row = this.db.sql("SELECT title || ' v' || version FROM todo WHERE id = ?")
			.param(id)
			.query(String.class)
			.optional();
		return row.orElse("missing");
	}

	private static TodoChange.Update update(long id, String title) {
		return new TodoChange.Update(UUID.randomUUID(), id, TestCodec.OWNER, title, null, false, null, List.of(), null);
	}

	private ConsumerRecord<String, byte[]> record(String topic, long offset, TodoChange change) {
		return TestCodec.consumed(this.codec.encode(change), topic, 0, offset);
	}

	private KafkaConsumer<String, byte[]> consumer() {
		return new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.bootstrapServers(),
						ConsumerConfig.GROUP_ID_CONFIG, "redelivery-test"),
				new StringDeserializer(), new ByteArrayDeserializer());
	}

}
