package dev.todoservice.todo;

import java.time.Duration;
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
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static dev.todoservice.infrastructure.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A 202 is a promise: with the consumer paused, a todo whose create was accepted can be
 * read and changed, on the instance that accepted it and on another one, and once the
 * consumer goes on the table holds what the acknowledged writes describe.
 */
@IntegrationTest
class AcceptedTodoIntegrationTests {

	private static final String ASYNC = "respond-async";

	@Autowired
	KafkaBroker broker;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	@Autowired
	RestTestClient client;

	@Value("${database.url}")
	String databaseUrl;

	@Test
	void aTodoAcceptedWhileTheConsumerIsPausedCanBeReadAndChangedOnEveryInstance() {
		// The other instance consumes nothing, and waits 1 s rather than 5 for an apply.
		try (ConfigurableApplicationContext other = new SpringApplicationBuilder(TodoServiceApplication.class).run(
				"--server.port=0", "--database.url=" + this.databaseUrl,
				"--spring.kafka.bootstrap-servers=" + this.broker.bootstrapServers(),
				"--spring.kafka.listener.auto-startup=false", "--todo.apply-wait=1s", "--todo.auth.mode=none")) {
			RestTestClient elsewhere = RestTestClient.bindToServer()
				.baseUrl("http://127.0.0.1:" + other.getEnvironment().getRequiredProperty("local.server.port"))
				.build();
			long kept;
			long deleted;
			pauseConsumer();
			try {
				EntityExchangeResult<JsonNode> created = post(elsewhere, "kept " + UUID.randomUUID(), null);
				assertThat(created.getStatus().value()).as("the wait runs out: 202; " + created).isEqualTo(202);
				kept = idOf(created);

				EntityExchangeResult<byte[]> read = this.client.get()
					.uri("/todos/" + kept)
					.exchange()
					.returnResult(byte[].class);
				assertProblem(read, 503);
				assertThat(read.getResponseHeaders().getFirst("Retry-After"))
					.as("accepted, not stored yet: not a 404; " + read)
					.isEqualTo("1");
				assertProblem(elsewhere.get().uri("/todos/" + kept).exchange().returnResult(byte[].class), 503);

				write(this.client.put().uri("/todos/" + kept).header("Prefer", ASYNC), "{\"title\": \"renamed\"}",
						"PUT on the instance that did not accept the create");
				write(elsewhere.patch().uri("/todos/" + kept), "{\"completed\": true}",
						"PATCH on the instance that accepted it, after its wait");

				deleted = idOf(post(this.client, "deleted " + UUID.randomUUID(), ASYNC));
				write(elsewhere.delete().uri("/todos/" + deleted).header("Prefer", ASYNC), null,
						"DELETE of a todo accepted elsewhere");

				assertProblem(this.client.put()
					.uri("/todos/" + Long.MAX_VALUE / 2)
					.contentType(MediaType.APPLICATION_JSON)
					.body("{\"title\": \"never\"}")
					.exchange()
					.returnResult(byte[].class), 404);
			}
			finally {
				this.listeners.getListenerContainers().forEach(MessageListenerContainer::resume);
			}

			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(() -> this.client.get()
					.uri("/todos/" + kept)
					.exchange()
					.expectStatus()
					.isOk()
					.expectHeader()
					.valueEquals("ETag", "\"3\"")
					.expectBody()
					.jsonPath("$.title")
					.isEqualTo("renamed")
					.jsonPath("$.completed")
					.isEqualTo(true));
			elsewhere.get().uri("/todos/" + kept).exchange().expectStatus().isOk();
			for (RestTestClient instance : new RestTestClient[] { this.client, elsewhere }) {
				EntityExchangeResult<byte[]> gone = instance.get()
					.uri("/todos/" + deleted)
					.exchange()
					.returnResult(byte[].class);
				assertProblem(gone, 404);
			}
		}
	}

	@Test
	void aWriteOnATodoThatNeverCameToBeIs404AfterTheConsumerDecides() {
		// Handed out (a block this instance fetched), never created: only the consumer
		// can
		// tell, so the write is published and its waiting client gets the consumer's 404.
		long created = idOf(post(this.client, "neighbour " + UUID.randomUUID(), null));
		assertProblem(this.client.patch()
			.uri("/todos/" + (created + 1))
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"completed\": true}")
			.exchange()
			.returnResult(byte[].class), 404);
	}

	private void pauseConsumer() {
		this.listeners.getListenerContainers().forEach(MessageListenerContainer::pause);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.listeners.getListenerContainers()
				.stream()
				.allMatch(MessageListenerContainer::isContainerPaused));
	}

	private static EntityExchangeResult<JsonNode> post(RestTestClient client, String title, String prefer) {
		RestTestClient.RequestBodySpec request = client.post().uri("/todos/").contentType(MediaType.APPLICATION_JSON);
		if (prefer != null) {
			request.header("Prefer", prefer);
		}
		return request.body("{\"title\": \"" + title + "\"}").exchange().returnResult(JsonNode.class);
	}

	private static void write(RestTestClient.RequestHeadersSpec<?> request, String body, String what) {
		if (body != null) {
			((RestTestClient.RequestBodySpec) request).contentType(MediaType.APPLICATION_JSON).body(body);
		}
		EntityExchangeResult<byte[]> answer = request.exchange().returnResult(byte[].class);
		assertThat(answer.getStatus().value()).as(what + " is taken like any write: " + answer).isEqualTo(202);
	}

	private static long idOf(EntityExchangeResult<?> created) {
		String location = created.getResponseHeaders().getLocation().toString();
		assertThat(location).as("a create answers its todo's Location: " + created).startsWith("/todos/");
		return Long.parseLong(location.substring("/todos/".length()));
	}

}
