package dev.todoservice.todo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.todoservice.infrastructure.IntegrationTest;
import dev.todoservice.infrastructure.KafkaBroker;
import dev.todoservice.infrastructure.Records;
import dev.todoservice.infrastructure.TopicReader;
import dev.todoservice.todo.proto.TodoUpdate;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static dev.todoservice.infrastructure.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Updates and deletes as events, end to end: PATCH, versions and If-Match decided where
 * the change is applied, Idempotency-Key against the real key store, Prefer, order per
 * todo. How each answer looks is {@code api.TodoControllerWebTests}.
 */
@IntegrationTest
class TodoEventsIntegrationTests {

	private static final MediaType MERGE_PATCH = MediaType.valueOf("application/merge-patch+json");

	@Autowired
	RestTestClient client;

	@Autowired
	JdbcClient db;

	@Autowired
	KafkaBroker broker;

	@Test
	void putAndDeleteTravelAsTypedEventsOnTheSameKey() throws Exception {
		long id = create("{\"title\": \"typed\"}");
		send(HttpMethod.PUT, "/todos/" + id, "{\"title\": \"typed 2\", \"description\": null}").expectStatus().isOk();
		var update = TopicReader.find(this.broker.bootstrapServers(), "todos2",
				(r) -> Long.toString(id).equals(r.key()) && "todo.update".equals(Records.header(r, "ce_type")),
				Duration.ofSeconds(30));
		TodoUpdate message = TodoUpdate.parseFrom(update.value());
		assertThat(message.getTitle()).isEqualTo("typed 2");
		assertThat(message.hasCompleted()).as("absent in the body: absent on the wire").isFalse();
		assertThat(message.getClearDescription()).as("explicit null: cleared").isTrue();

		this.client.delete().uri("/todos/" + id).exchange().expectStatus().isOk();
		TopicReader.find(this.broker.bootstrapServers(), "todos2",
				(r) -> Long.toString(id).equals(r.key()) && "todo.delete".equals(Records.header(r, "ce_type")),
				Duration.ofSeconds(30));
	}

	@Test
	void patchIsAJsonMergePatch() {
		long id = create("{\"title\": \"patch me\", \"description\": \"keep\", \"completed\": false}");

		JsonNode completed = json(this.client.patch()
			.uri("/todos/" + id)
			.contentType(MERGE_PATCH)
			.body("{\"completed\": true}")
			.exchange()
			.expectStatus()
			.isOk());
		assertThat(completed.get("completed").asBoolean()).isTrue();
		assertThat(completed.get("title").asString()).as("absent: unchanged").isEqualTo("patch me");
		assertThat(completed.get("description").asString()).as("absent: unchanged").isEqualTo("keep");

		JsonNode removed = json(
				send(HttpMethod.PATCH, "/todos/" + id, "{\"description\": null, \"title\": \"new\"}").expectStatus()
					.isOk());
		assertThat(removed.get("description").isNull()).as("null removes").isTrue();
		assertThat(removed.get("title").asString()).isEqualTo("new");
		assertThat(removed.get("completed").asBoolean()).isTrue();
		assertThat(json(this.client.get().uri("/todos/" + id).exchange().expectStatus().isOk()))
			.as("stored as answered")
			.isEqualTo(removed);
	}

	@Test
	void versionsCountTheAppliedChangesAndIfMatchGuardsWrites() {
		long id = create("{\"title\": \"versioned\"}");
		this.client.get()
			.uri("/todos/" + id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("ETag", "\"1\"");
		this.client.get().uri("/todos/" + id).ifNoneMatch("\"1\"").exchange().expectStatus().isNotModified();

		send(HttpMethod.PATCH, "/todos/" + id, "{\"title\": \"first writer\"}", "If-Match", "\"1\"").expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("ETag", "\"2\"");

		EntityExchangeResult<byte[]> stale = send(HttpMethod.PUT, "/todos/" + id, "{\"title\": \"second writer\"}",
				"If-Match", "\"1\"")
			.returnResult(byte[].class);
		assertProblem(stale, 412);
		assertThat(stale.getResponseHeaders().getFirst("ETag")).as("412 tells the current version: " + stale)
			.isEqualTo("\"2\"");
		this.client.get().uri("/todos/" + id).exchange().expectBody().jsonPath("$.title").isEqualTo("first writer");

		send(HttpMethod.DELETE, "/todos/" + id, null, "If-Match", "\"7\", \"2\"").expectStatus().isOk();
	}

	@Test
	void racingWritersWithTheSameIfMatchCannotBothWin() throws Exception {
		long id = create("{\"title\": \"race\"}");
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<Integer>> answers = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				String body = "{\"title\": \"writer " + i + "\"}";
				answers.add(pool
					.submit(() -> send(HttpMethod.PATCH, "/todos/" + id, body, "If-Match", "\"1\"").returnResult()
						.getStatus()
						.value()));
			}
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> answer : answers) {
				statuses.add(answer.get());
			}
			assertThat(statuses).as("exactly one writer wins, the others get 412").containsOnly(200, 412);
			assertThat(statuses.stream().filter((s) -> s == 200).count()).as(statuses.toString()).isEqualTo(1);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(version(id)).isEqualTo(2);
	}

	@Test
	void idempotencyKeyMakesRetriesSafe() {
		String key = UUID.randomUUID().toString();
		String title = "once " + key;
		EntityExchangeResult<JsonNode> first = send(HttpMethod.POST, "/todos/", "{\"title\": \"" + title + "\"}",
				"Idempotency-Key", key)
			.expectStatus()
			.isCreated()
			.expectBody(JsonNode.class)
			.returnResult();
		for (int retry = 0; retry < 5; retry++) {
			send(HttpMethod.POST, "/todos/", "{\"title\": \"" + title + "\"}", "Idempotency-Key", key).expectStatus()
				.isCreated()
				.expectHeader()
				.valueEquals("Location", first.getResponseHeaders().getFirst("Location"))
				.expectHeader()
				.valueEquals("Idempotent-Replayed", "true")
				.expectBody(JsonNode.class)
				.isEqualTo(first.getResponseBody());
		}
		assertThat(countTitle(title)).as("one todo, however many retries").isEqualTo(1);
	}

	@Test
	void concurrentRequestsWithOneKeyCreateOneTodo() throws Exception {
		String key = UUID.randomUUID().toString();
		String title = "concurrent " + key;
		ExecutorService pool = Executors.newFixedThreadPool(6);
		try {
			List<Callable<EntityExchangeResult<JsonNode>>> calls = new ArrayList<>();
			for (int i = 0; i < 6; i++) {
				calls.add(
						() -> send(HttpMethod.POST, "/todos/", "{\"title\": \"" + title + "\"}", "Idempotency-Key", key)
							.returnResult(JsonNode.class));
			}
			List<Long> ids = new ArrayList<>();
			for (Future<EntityExchangeResult<JsonNode>> answer : pool.invokeAll(calls)) {
				EntityExchangeResult<JsonNode> response = answer.get();
				assertThat(response.getStatus().value()).as(response.toString()).isEqualTo(201);
				ids.add(response.getResponseBody().get("id").asLong());
			}
			assertThat(ids).as("every request got the same todo").containsOnly(ids.get(0));
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(countTitle(title)).isEqualTo(1);
	}

	@Test
	void idempotentUpdateIsAppliedOnce() {
		long id = create("{\"title\": \"counted\"}");
		String key = UUID.randomUUID().toString();
		for (int i = 0; i < 3; i++) {
			send(HttpMethod.PATCH, "/todos/" + id, "{\"completed\": true}", "Idempotency-Key", key).expectStatus()
				.isOk();
		}
		assertThat(version(id)).as("one update applied, not three").isEqualTo(2);
	}

	@Test
	void preferRespondAsyncAnswers202AtOnceAndTheWriteIsAppliedLater() {
		EntityExchangeResult<JsonNode> accepted = send(HttpMethod.POST, "/todos/", "{\"title\": \"no wait\"}", "Prefer",
				"respond-async")
			.expectStatus()
			.isAccepted()
			.expectHeader()
			.valueEquals("Preference-Applied", "respond-async")
			.expectBody(JsonNode.class)
			.returnResult();
		String location = accepted.getResponseHeaders().getFirst("Location");
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> this.client.get().uri(location).exchange().expectStatus().isOk());
	}

	@Test
	void changesToOneTodoApplyInTheOrderTheyWereAccepted() {
		long id = create("{\"title\": \"v0\"}");
		for (int i = 1; i <= 30; i++) {
			send(HttpMethod.PUT, "/todos/" + id, "{\"title\": \"v" + i + "\"}", "Prefer", "respond-async")
				.expectStatus()
				.isAccepted();
		}
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(version(id)).isEqualTo(31));
		this.client.get().uri("/todos/" + id).exchange().expectBody().jsonPath("$.title").isEqualTo("v30");
	}

	/** Any request; a body is JSON. Headers as name/value pairs. */
	private RestTestClient.ResponseSpec send(HttpMethod method, String path, String body, String... headers) {
		RestTestClient.RequestBodySpec request = this.client.method(method).uri(path);
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).body(body);
		}
		return request.exchange();
	}

	private static JsonNode json(RestTestClient.ResponseSpec response) {
		return response.expectBody(JsonNode.class).returnResult().getResponseBody();
	}

	private long create(String body) {
		return json(send(HttpMethod.POST, "/todos/", body).expectStatus().isCreated()).get("id").asLong();
	}

	private long version(long id) {
		return this.db.sql("SELECT version FROM todo WHERE id = ?").param(id).query(Long.class).single();
	}

	private int countTitle(String title) {
		return this.db.sql("SELECT count(*) FROM todo WHERE title = ?").param(title).query(Integer.class).single();
	}

}
