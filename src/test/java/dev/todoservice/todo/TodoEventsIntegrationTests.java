package dev.todoservice.todo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.todoservice.infrastructure.Http;
import dev.todoservice.infrastructure.Http.Response;
import dev.todoservice.infrastructure.IntegrationTest;
import dev.todoservice.infrastructure.KafkaBroker;
import dev.todoservice.infrastructure.Records;
import dev.todoservice.infrastructure.TopicReader;
import dev.todoservice.todo.proto.TodoUpdate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.todoservice.infrastructure.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Updates and deletes as events: PATCH, ETag and If-Match, Idempotency-Key, Prefer, order
 * per todo.
 */
@IntegrationTest
class TodoEventsIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient db;

	@Autowired
	KafkaBroker broker;

	Http http;

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
	}

	@Test
	void putAndDeleteTravelAsTypedEventsOnTheSameKey() throws Exception {
		long id = create("{\"title\": \"typed\"}");
		assertThat(this.http.put("/todos/" + id, "{\"title\": \"typed 2\", \"description\": null}").status())
			.isEqualTo(200);
		var update = TopicReader.find(this.broker.bootstrapServers(), "todos2",
				(r) -> Long.toString(id).equals(r.key()) && "todo.update".equals(Records.header(r, "ce_type")),
				Duration.ofSeconds(30));
		TodoUpdate message = TodoUpdate.parseFrom(update.value());
		assertThat(message.getTitle()).isEqualTo("typed 2");
		assertThat(message.hasCompleted()).as("absent in the body: absent on the wire").isFalse();
		assertThat(message.getClearDescription()).as("explicit null: cleared").isTrue();

		assertThat(this.http.delete("/todos/" + id).status()).isEqualTo(200);
		TopicReader.find(this.broker.bootstrapServers(), "todos2",
				(r) -> Long.toString(id).equals(r.key()) && "todo.delete".equals(Records.header(r, "ce_type")),
				Duration.ofSeconds(30));
	}

	@Test
	void patchIsAJsonMergePatch() {
		long id = create("{\"title\": \"patch me\", \"description\": \"keep\", \"completed\": false}");

		Response completed = this.http.request("PATCH", "/todos/" + id, "{\"completed\": true}", "Content-Type",
				"application/merge-patch+json");
		assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
		assertThat(completed.json().get("completed").asBoolean()).isTrue();
		assertThat(completed.json().get("title").asString()).as("absent: unchanged").isEqualTo("patch me");
		assertThat(completed.json().get("description").asString()).as("absent: unchanged").isEqualTo("keep");

		Response removed = this.http.request("PATCH", "/todos/" + id, "{\"description\": null, \"title\": \"new\"}");
		assertThat(removed.status()).as(removed.toString()).isEqualTo(200);
		assertThat(removed.json().get("description").isNull()).as("null removes").isTrue();
		assertThat(removed.json().get("title").asString()).isEqualTo("new");
		assertThat(removed.json().get("completed").asBoolean()).isTrue();

		for (String invalid : List.of("{\"title\": null}", "{\"title\": \"\"}", "{\"completed\": \"yes\"}",
				"{\"description\": 5}", "[]", "{\"title\": \"" + "x".repeat(101) + "\"}")) {
			assertProblem(this.http.request("PATCH", "/todos/" + id, invalid), 422);
		}
		assertProblem(this.http.request("PATCH", "/todos/987654321", "{\"completed\": true}"), 404);
		assertThat(this.http.get("/todos/" + id).json()).as("invalid patches changed nothing")
			.isEqualTo(removed.json());
	}

	@Test
	void getGivesTheVersionAsStrongETagAndIfMatchGuardsWrites() {
		long id = create("{\"title\": \"versioned\"}");
		Response read = this.http.get("/todos/" + id);
		assertThat(read.header("ETag")).isEqualTo("\"1\"");
		assertThat(this.http.request("GET", "/todos/" + id, null, "If-None-Match", "\"1\"").status())
			.as("conditional GET")
			.isEqualTo(304);

		Response first = this.http.request("PATCH", "/todos/" + id, "{\"title\": \"first writer\"}", "If-Match",
				"\"1\"");
		assertThat(first.status()).as(first.toString()).isEqualTo(200);
		assertThat(first.header("ETag")).isEqualTo("\"2\"");

		Response stale = this.http.request("PUT", "/todos/" + id, "{\"title\": \"second writer\"}", "If-Match",
				"\"1\"");
		assertProblem(stale, 412);
		assertThat(stale.header("ETag")).as("412 tells the current version").isEqualTo("\"2\"");
		assertProblem(this.http.request("DELETE", "/todos/" + id, null, "If-Match", "\"1\""), 412);
		assertProblem(this.http.request("DELETE", "/todos/" + id, null, "If-Match", "W/\"2\""), 412);
		assertThat(this.http.get("/todos/" + id).json().get("title").asString()).isEqualTo("first writer");

		assertThat(this.http.request("DELETE", "/todos/" + id, null, "If-Match", "\"7\", \"2\"").status())
			.as("one of the listed versions matches")
			.isEqualTo(200);
	}

	@Test
	void racingWritersWithTheSameIfMatchCannotBothWin() throws Exception {
		long id = create("{\"title\": \"race\"}");
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<Response>> answers = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				String body = "{\"title\": \"writer " + i + "\"}";
				answers.add(pool.submit(() -> this.http.request("PATCH", "/todos/" + id, body, "If-Match", "\"1\"")));
			}
			List<Integer> statuses = new ArrayList<>();
			for (Future<Response> answer : answers) {
				statuses.add(answer.get().status());
			}
			assertThat(statuses).as("exactly one writer wins, the others get 412").containsOnly(200, 412);
			assertThat(statuses.stream().filter((s) -> s == 200).count()).isEqualTo(1);
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
		Response first = this.http.request("POST", "/todos/", "{\"title\": \"" + title + "\"}", "Idempotency-Key", key);
		assertThat(first.status()).as(first.toString()).isEqualTo(201);
		for (int retry = 0; retry < 5; retry++) {
			Response again = this.http.request("POST", "/todos/", "{\"title\": \"" + title + "\"}", "Idempotency-Key",
					key);
			assertThat(again.status()).as(again.toString()).isEqualTo(201);
			assertThat(again.json()).as("the same todo").isEqualTo(first.json());
			assertThat(again.header("Location")).isEqualTo(first.header("Location"));
		}
		assertThat(countTitle(title)).as("one todo, however many retries").isEqualTo(1);

		Response reused = this.http.request("POST", "/todos/", "{\"title\": \"something else\"}", "Idempotency-Key",
				key);
		assertProblem(reused, 422);
		assertProblem(this.http.request("POST", "/todos/", "{\"title\": \"x\"}", "Idempotency-Key", "bad key"), 400);
	}

	@Test
	void concurrentRequestsWithOneKeyCreateOneTodo() throws Exception {
		String key = UUID.randomUUID().toString();
		String title = "concurrent " + key;
		ExecutorService pool = Executors.newFixedThreadPool(6);
		try {
			List<Callable<Response>> calls = new ArrayList<>();
			for (int i = 0; i < 6; i++) {
				calls.add(() -> this.http.request("POST", "/todos/", "{\"title\": \"" + title + "\"}",
						"Idempotency-Key", key));
			}
			List<Long> ids = new ArrayList<>();
			for (Future<Response> answer : pool.invokeAll(calls)) {
				Response response = answer.get();
				assertThat(response.status()).as(response.toString()).isEqualTo(201);
				ids.add(response.json().get("id").asLong());
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
			Response response = this.http.request("PATCH", "/todos/" + id, "{\"completed\": true}", "Idempotency-Key",
					key);
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
		}
		assertThat(version(id)).as("one update applied, not three").isEqualTo(2);
	}

	@Test
	void preferRespondAsyncAnswers202AtOnce() {
		Response accepted = this.http.request("POST", "/todos/", "{\"title\": \"no wait\"}", "Prefer", "respond-async");
		assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
		assertThat(accepted.header("Preference-Applied")).isEqualTo("respond-async");
		String location = accepted.header("Location");
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.http.get(location).status()).isEqualTo(200));
	}

	@Test
	void changesToOneTodoApplyInTheOrderTheyWereAccepted() {
		long id = create("{\"title\": \"v0\"}");
		for (int i = 1; i <= 30; i++) {
			Response accepted = this.http.request("PUT", "/todos/" + id, "{\"title\": \"v" + i + "\"}", "Prefer",
					"respond-async");
			assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
		}
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(version(id)).isEqualTo(31));
		assertThat(this.http.get("/todos/" + id).json().get("title").asString()).as("the last accepted wins")
			.isEqualTo("v30");
	}

	private long create(String body) {
		Response created = this.http.post("/todos/", body);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().get("id").asLong();
	}

	private long version(long id) {
		return this.db.sql("SELECT version FROM todo WHERE id = ?").param(id).query(Long.class).single();
	}

	private int countTitle(String title) {
		return this.db.sql("SELECT count(*) FROM todo WHERE title = ?").param(title).query(Integer.class).single();
	}

}
