package dev.todoservice.todo;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import dev.todoservice.infrastructure.Calls;
import dev.todoservice.infrastructure.EventStream;
import dev.todoservice.infrastructure.EventStream.Event;
import dev.todoservice.infrastructure.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

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

	@Autowired
	RestTestClient client;

	@Test
	void everyAppliedChangeIsStreamedInOrder() {
		try (EventStream stream = EventStream.open(events(), null)) {
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> this.client.get().uri("/actuator/health").exchange().expectStatus().isOk());
			long id = create("{\"title\": \"streamed\"}");
			this.client.patch()
				.uri("/todos/" + id)
				.contentType(MediaType.APPLICATION_JSON)
				.body("{\"completed\": true}")
				.exchange()
				.expectStatus()
				.isOk();
			this.client.delete().uri("/todos/" + id).exchange().expectStatus().isOk();

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
		long first = create("{\"title\": \"before the break\"}");
		try (EventStream stream = EventStream.open(events(), "0")) {
			await().atMost(Duration.ofSeconds(20)).until(() -> !forTodo(stream.events(), first).isEmpty());
			lastSeen = forTodo(stream.events(), first).get(0).id();
		}
		long missed = create("{\"title\": \"while away\"}");

		try (EventStream again = EventStream.open(events(), lastSeen)) {
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(forTodo(again.events(), missed)).extracting(Event::name)
					.containsExactly("created"));
			assertThat(forTodo(again.events(), first)).as("nothing from before Last-Event-ID again").isEmpty();
		}
	}

	private URI events() {
		return URI.create("http://127.0.0.1:" + this.port + "/todos/events");
	}

	private long create(String body) {
		return Calls.create(this.client, body).get("id").asLong();
	}

	private static List<Event> forTodo(List<Event> events, long id) {
		return events.stream().filter((event) -> event.data().contains("\"id\":" + id + ",")).toList();
	}

}
