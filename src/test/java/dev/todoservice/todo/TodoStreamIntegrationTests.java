package dev.todoservice.todo;

import java.time.Duration;
import java.util.List;

import dev.todoservice.infrastructure.EventStream;
import dev.todoservice.infrastructure.EventStream.Event;
import dev.todoservice.infrastructure.Http;
import dev.todoservice.infrastructure.Http.Response;
import dev.todoservice.infrastructure.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live stream: every applied change as a server-sent event, and catching up with
 * Last-Event-ID.
 */
@IntegrationTest
class TodoStreamIntegrationTests {

	@LocalServerPort
	int port;

	Http http;

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
	}

	@Test
	void everyAppliedChangeIsStreamedInOrder() {
		try (EventStream stream = EventStream.open(this.http.uri("/todos/events"), null)) {
			await().atMost(Duration.ofSeconds(10)).until(() -> this.http.get("/actuator/health").status() == 200);
			long id = this.http.post("/todos/", "{\"title\": \"streamed\"}").json().get("id").asLong();
			this.http.request("PATCH", "/todos/" + id, "{\"completed\": true}");
			this.http.delete("/todos/" + id);

			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(forTodo(stream.events(), id)).extracting(Event::name)
					.containsExactly("created", "updated", "deleted"));
			List<Event> mine = forTodo(stream.events(), id);
			assertThat(mine.get(0).data()).contains("\"title\":\"streamed\"").contains("\"version\":1");
			assertThat(mine.get(1).data()).contains("\"completed\":true").contains("\"version\":2");
			assertThat(Long.parseLong(mine.get(2).id())).as("ids grow in commit order")
				.isGreaterThan(Long.parseLong(mine.get(1).id()));
		}
	}

	@Test
	void aClientThatReconnectsWithLastEventIdMissesNothing() {
		String lastSeen;
		long first = this.http.post("/todos/", "{\"title\": \"before the break\"}").json().get("id").asLong();
		try (EventStream stream = EventStream.open(this.http.uri("/todos/events"), "0")) {
			await().atMost(Duration.ofSeconds(20)).until(() -> !forTodo(stream.events(), first).isEmpty());
			lastSeen = forTodo(stream.events(), first).get(0).id();
		}
		Response whileAway = this.http.post("/todos/", "{\"title\": \"while away\"}");
		long missed = whileAway.json().get("id").asLong();

		try (EventStream again = EventStream.open(this.http.uri("/todos/events"), lastSeen)) {
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(forTodo(again.events(), missed)).extracting(Event::name)
					.containsExactly("created"));
			assertThat(forTodo(again.events(), first)).as("nothing from before Last-Event-ID again").isEmpty();
		}
	}

	private static List<Event> forTodo(List<Event> events, long id) {
		return events.stream().filter((event) -> event.data().contains("\"id\":" + id + ",")).toList();
	}

}
