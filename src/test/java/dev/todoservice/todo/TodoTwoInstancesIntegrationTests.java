package dev.todoservice.todo;

import java.util.UUID;

import dev.todoservice.TodoServiceApplication;
import dev.todoservice.infrastructure.IntegrationTest;
import dev.todoservice.infrastructure.KafkaBroker;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances in one consumer group, where the instance that takes the requests
 * consumes nothing: it learns that its writes were applied only through the other
 * instance's notifications.
 */
@IntegrationTest
class TodoTwoInstancesIntegrationTests {

	@Autowired
	KafkaBroker broker;

	@Value("${database.url}")
	String databaseUrl;

	@Test
	void theInstanceThatTookTheRequestLearnsOfAnApplyByTheOther() {
		try (ConfigurableApplicationContext other = new SpringApplicationBuilder(TodoServiceApplication.class).run(
				"--server.port=0", "--database.url=" + this.databaseUrl,
				"--spring.kafka.bootstrap-servers=" + this.broker.bootstrapServers(),
				"--spring.kafka.listener.auto-startup=false", "--todo.auth.mode=none")) {
			RestTestClient client = RestTestClient.bindToServer()
				.baseUrl("http://127.0.0.1:" + other.getEnvironment().getRequiredProperty("local.server.port"))
				.build();
			String title = "applied elsewhere " + UUID.randomUUID();

			EntityExchangeResult<JsonNode> created = client.post()
				.uri("/todos/")
				.contentType(MediaType.APPLICATION_JSON)
				.body("{\"title\": \"" + title + "\"}")
				.exchange()
				.returnResult(JsonNode.class);
			assertThat(created.getStatus().value()).as("201, not 202: notified by the other instance; " + created)
				.isEqualTo(201);
			assertThat(created.getResponseBody().get("title").asString()).isEqualTo(title);

			long id = created.getResponseBody().get("id").asLong();
			client.patch()
				.uri("/todos/" + id)
				.contentType(MediaType.APPLICATION_JSON)
				.body("{\"completed\": true}")
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("ETag", "\"2\"")
				.expectBody()
				.jsonPath("$.completed")
				.isEqualTo(true);

			client.delete().uri("/todos/" + id).exchange().expectStatus().isOk();
		}
	}

}
