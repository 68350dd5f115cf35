package dev.todoservice;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import dev.todoservice.infrastructure.Calls;
import dev.todoservice.infrastructure.IntegrationTest;
import dev.todoservice.infrastructure.KafkaBroker;
import dev.todoservice.infrastructure.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator relies on: probes, the exposed endpoints, the metrics, one trace from
 * HTTP to consumer.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class OperationsIntegrationTests {

	private static final String LISTENER = "dev.todoservice.apply.TodoListener";

	@Autowired
	RestTestClient client;

	@Autowired
	KafkaBroker broker;

	@AfterEach
	void quietListener() {
		LoggingSystem.get(getClass().getClassLoader()).setLogLevel(LISTENER, null);
	}

	@Test
	void probesAreUpWhenDatabaseKafkaAndConsumerAre() {
		this.client.get()
			.uri("/actuator/health/readiness")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
		this.client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		this.client.get()
			.uri("/actuator/health")
			.exchange()
			.expectBody(String.class)
			.value((health) -> assertThat(health).as("no details for anonymous callers")
				.doesNotContain("brokers", "database"));
	}

	@Test
	void onlyHealthInfoAndPrometheusAreExposed() {
		for (String endpoint : List.of("env", "beans", "heapdump", "loggers", "threaddump", "metrics", "configprops",
				"mappings", "shutdown")) {
			this.client.get().uri("/actuator/" + endpoint).exchange().expectStatus().isNotFound();
		}
		this.client.get().uri("/actuator/info").exchange().expectStatus().isOk();
	}

	@Test
	void prometheusShowsHttpKafkaConsumerPoolAndWriteToApplyMetrics() {
		long id = create("{\"title\": \"measured\"}", null).get("id").asLong();
		this.client.get().uri("/todos/" + id).exchange().expectStatus().isOk();

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			String metrics = Calls.text(this.client, "/actuator/prometheus");
			assertThat(metrics).as("HTTP timings per route template, not per id")
				.contains("http_server_requests_seconds_count{")
				.contains("uri=\"/todos/{id}\"")
				.doesNotContain("uri=\"/todos/" + id + "\"");
			// Per-partition records_lag{topic,partition} joins within a minute
			// (Micrometer's Kafka refresh).
			assertThat(metrics).as("Kafka client metrics")
				.contains("kafka_producer_record_send_total")
				.contains("kafka_consumer_fetch_manager_records_lag_max{");
			assertThat(metrics).as("the feature's own meters")
				.contains("todo_changes_applied_total{")
				.contains("todo_records_dead_lettered_total{")
				.contains("todo_write_apply_seconds_bucket{")
				.contains(
						"todo_write_apply_seconds_bucket{application=\"todo-service\",type=\"todo.create\",le=\"1.0\"}");
			assertThat(metrics).as("the group's lag per partition and readiness, for the alert rules")
				.containsPattern("todo_consumer_group_lag_records\\{[^}]*partition=\"0\"[^}]*topic=\"todos2\"")
				.contains("todo_readiness{application=\"todo-service\"} 1.0");
			assertThat(metrics).as("connection pool").contains("hikaricp_connections_active");
		});
	}

	@Test
	void theRequestsTraceIdTravelsInTheRecordToTheConsumersLogLine(CapturedOutput output) {
		LoggingSystem.get(getClass().getClassLoader()).setLogLevel(LISTENER, LogLevel.DEBUG);
		String traceId = HexFormat.of().formatHex(randomBytes(16));
		String traceparent = "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01";

		String id = create("{\"title\": \"traced\"}", traceparent).get("id").asString();

		ConsumerRecord<String, byte[]> record = TopicReader.find(this.broker.bootstrapServers(), "todos2",
				(r) -> id.equals(r.key()), Duration.ofSeconds(30));
		assertThat(new String(record.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8))
			.as("trace context in the record headers")
			.contains(traceId);
		// By the trace id: the browser tests' service, beside this one, logs its own todo
		// of the same id.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(output.getOut().lines().filter((line) -> line.contains(traceId)).toList())
				.as("the consumer's line for the event, with the request's trace id")
				.anySatisfy((line) -> assertThat(line).contains("Applied todo.create of todo " + id + " ")));
	}

	private JsonNode create(String body, String traceparent) {
		RestTestClient.RequestBodySpec request = this.client.post().uri("/todos/");
		if (traceparent != null) {
			request.header("traceparent", traceparent);
		}
		return request.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	private static byte[] randomBytes(int count) {
		byte[] bytes = new byte[count];
		ThreadLocalRandom.current().nextBytes(bytes);
		bytes[0] |= 1;
		return bytes;
	}

}
