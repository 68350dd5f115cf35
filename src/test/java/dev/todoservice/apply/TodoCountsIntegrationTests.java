package dev.todoservice.apply;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.todoservice.events.TestCodec;
import dev.todoservice.events.TodoChangeCodec;
import dev.todoservice.infrastructure.Http;
import dev.todoservice.infrastructure.Http.Response;
import dev.todoservice.infrastructure.IntegrationTest;
import dev.todoservice.infrastructure.KafkaBroker;
import dev.todoservice.todo.TodoChange;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /todos/count} through the whole path (HTTP, Kafka, the consumer's
 * transaction, the counter row): it follows creates, a completion toggle and deletes, a
 * batch delivered again does not count twice, and it always equals a count of the table.
 */
@IntegrationTest
class TodoCountsIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient db;

	@Autowired
	KafkaBroker broker;

	@Autowired
	BatchApplier applier;

	@Autowired
	TodoChangeCodec codec;

	Http http;

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
	}

	@Test
	void countsFollowCreatesTogglesAndDeletes() {
		Counts before = served();
		assertThat(before).as("the counter row agrees with the table").isEqualTo(counted());

		long first = created("{\"title\": \"count me\"}");
		created("{\"title\": \"count me too\"}");
		long done = created("{\"title\": \"done already\", \"completed\": true}");
		assertThat(served()).isEqualTo(before.plus(2, 1)).isEqualTo(counted());

		assertThat(this.http.request("PATCH", "/todos/" + first, "{\"completed\": true}").status()).isEqualTo(200);
		assertThat(served()).as("completed: one open todo fewer").isEqualTo(before.plus(1, 2)).isEqualTo(counted());

		assertThat(this.http.request("PATCH", "/todos/" + first, "{\"title\": \"renamed\"}").status()).isEqualTo(200);
		assertThat(served()).as("a new title moves nothing").isEqualTo(before.plus(1, 2));

		assertThat(this.http.request("PATCH", "/todos/" + first, "{\"completed\": false}").status()).isEqualTo(200);
		assertThat(served()).as("reopened").isEqualTo(before.plus(2, 1)).isEqualTo(counted());

		assertThat(this.http.delete("/todos/" + done).status()).isEqualTo(200);
		assertThat(this.http.delete("/todos/" + first).status()).isEqualTo(200);
		assertThat(served()).isEqualTo(before.plus(1, 0)).isEqualTo(counted());

		Response count = this.http.get("/todos/count/");
		assertThat(count.status()).as("the trailing-slash twin answers too").isEqualTo(200);
	}

	@Test
	void aBatchDeliveredAgainDoesNotCountTwice() throws Exception {
		String topic = "count-redelivery-" + UUID.randomUUID();
		String other = "count-elsewhere-" + UUID.randomUUID();
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.bootstrapServers()))) {
			admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1), new NewTopic(other, 1, (short) 1)))
				.all()
				.get();
		}
		long id = 9_200_000_000L + System.nanoTime() % 1_000_000;
		TodoChange.Create open = new TodoChange.Create(UUID.randomUUID(), id, TestCodec.OWNER, "open", null, false,
				null);
		TodoChange.Create completed = new TodoChange.Create(UUID.randomUUID(), id + 1, TestCodec.OWNER, "completed",
				null, true, null);
		TodoChange.Create removed = new TodoChange.Create(UUID.randomUUID(), id + 2, TestCodec.OWNER, "removed", null,
				false, null);
		List<ConsumerRecord<String, byte[]>> batch = List.of(record(topic, 0, open), record(topic, 1, completed),
				record(topic, 2, removed), record(topic, 3, completion(id)),
				record(topic, 4, new TodoChange.Delete(UUID.randomUUID(), id + 2, TestCodec.OWNER, List.of(), null)));
		Counts before = served();

		try (KafkaConsumer<String, byte[]> consumer = consumer()) {
			this.applier.apply(batch, consumer);
			Counts after = before.plus(0, 2);
			assertThat(served()).as("two creates, one completed, one deleted").isEqualTo(after).isEqualTo(counted());

			this.applier.apply(batch, consumer);
			assertThat(served()).as("the same batch again: no effect").isEqualTo(after);

			// The creates again where no offset remembers them: the inserts find their
			// ids taken (ON CONFLICT DO NOTHING) and count nothing.
			this.applier.apply(List.of(record(other, 0, open), record(other, 1, completed)), consumer);
			assertThat(served()).as("a create applied twice counts once").isEqualTo(after).isEqualTo(counted());
		}
	}

	@Test
	void theRouteIsDocumented() {
		JsonNode paths = this.http.get("/openapi.json").json().path("paths");
		assertThat(paths.has("/todos/count/")).as("the twin is not a route of its own").isFalse();
		JsonNode operation = paths.path("/todos/count").path("get");
		assertThat(operation.path("operationId").asString()).isEqualTo("countTodos");
		assertThat(operation.path("responses").path("200").path("content").path("application/json").toString())
			.contains("TodoCounts");
		assertThat(operation.path("responses").path("503").path("content").path("application/problem+json").toString())
			.contains("Problem");
	}

	private long created(String body) {
		Response response = this.http.post("/todos/", body);
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json().get("id").asLong();
	}

	private Counts served() {
		Response response = this.http.get("/todos/count");
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return new Counts(response.json().get("open").asLong(), response.json().get("completed").asLong());
	}

	private Counts counted() {
		return this.db
			.sql("SELECT count(*) FILTER (WHERE NOT completed), count(*) FILTER (WHERE completed) FROM todo "
					+ "WHERE owner = 'shared'")
			.query((rs, row) -> new Counts(rs.getLong(1), rs.getLong(2)))
			.single();
	}

	private static TodoChange.Update completion(long id) {
		return new TodoChange.Update(UUID.randomUUID(), id, TestCodec.OWNER, null, null, false, true, List.of(), null);
	}

	private ConsumerRecord<String, byte[]> record(String topic, long offset, TodoChange change) {
		return TestCodec.consumed(this.codec.encode(change), topic, 0, offset);
	}

	private KafkaConsumer<String, byte[]> consumer() {
		return new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.bootstrapServers(),
						ConsumerConfig.GROUP_ID_CONFIG, "count-redelivery-test"),
				new StringDeserializer(), new ByteArrayDeserializer());
	}

	record Counts(long open, long completed) {

		Counts plus(long open, long completed) {
			return new Counts(this.open + open, this.completed + completed);
		}

	}

}
