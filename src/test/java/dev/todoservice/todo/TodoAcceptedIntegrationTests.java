package dev.todoservice.todo;

import java.time.Duration;

import dev.todoservice.infrastructure.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With a wait too short for any consumer, writes answer 202 and still get applied. */
@IntegrationTest
@TestPropertySource(properties = "todo.apply-wait=0ms")
class TodoAcceptedIntegrationTests {

	@Autowired
	RestTestClient client;

	@Test
	void createAnswers202WithLocationAndIsStoredLater() {
		JsonNode accepted = this.client.post()
			.uri("/todos/")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"title\": \"later\"}")
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectHeader()
			.valueMatches("Location", "/todos/[1-9][0-9]*")
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();

		long id = accepted.get("id").asLong();
		assertThat(accepted.get("title").asString()).isEqualTo("later");
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> this.client.get().uri("/todos/" + id).exchange().expectStatus().isOk());
	}

}
