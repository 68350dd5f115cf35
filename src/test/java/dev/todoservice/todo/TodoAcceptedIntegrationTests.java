package dev.todoservice.todo;

import java.time.Duration;

import dev.todoservice.infrastructure.Http;
import dev.todoservice.infrastructure.Http.Response;
import dev.todoservice.infrastructure.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With a wait too short for any consumer, writes answer 202 and still get applied. */
@IntegrationTest
@TestPropertySource(properties = "todo.apply-wait=0ms")
class TodoAcceptedIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void createAnswers202WithLocationAndIsStoredLater() {
		Http http = new Http(this.port);
		Response accepted = http.post("/todos/", "{\"title\": \"later\"}");

		assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
		long id = accepted.json().get("id").asLong();
		assertThat(accepted.header("Location")).isEqualTo("/todos/" + id);
		assertThat(accepted.json().get("title").asString()).isEqualTo("later");
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(http.get("/todos/" + id).status()).isEqualTo(200));
	}

}
