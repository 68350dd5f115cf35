package dev.todoservice.todo;

import java.util.UUID;

import dev.todoservice.TodoServiceApplication;
import dev.todoservice.infrastructure.Http;
import dev.todoservice.infrastructure.Http.Response;
import dev.todoservice.infrastructure.IntegrationTest;
import dev.todoservice.infrastructure.KafkaBroker;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

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
				"--spring.kafka.listener.auto-startup=false")) {
			Http http = new Http(other.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
			String title = "applied elsewhere " + UUID.randomUUID();

			Response created = http.post("/todos/", "{\"title\": \"" + title + "\"}");
			assertThat(created.status()).as("201, not 202: notified by the other instance; " + created).isEqualTo(201);
			assertThat(created.json().get("title").asString()).isEqualTo(title);

			long id = created.json().get("id").asLong();
			Response patched = http.request("PATCH", "/todos/" + id, "{\"completed\": true}");
			assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
			assertThat(patched.json().get("completed").asBoolean()).isTrue();
			assertThat(patched.header("ETag")).isEqualTo("\"2\"");

			Response deleted = http.delete("/todos/" + id);
			assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
		}
	}

}
