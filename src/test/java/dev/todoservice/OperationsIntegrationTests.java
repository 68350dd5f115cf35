package dev.todoservice;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import dev.todoservice.infrastructure.Http;
import dev.todoservice.infrastructure.Http.Response;
import dev.todoservice.infrastructure.IntegrationTest;
import dev.todoservice.infrastructure.KafkaBroker;
import dev.todoservice.infrastructure.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

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

	@LocalServerPort
	int port;

	@Autowired
	KafkaBroker broker;

	Http http;

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
	}

	@AfterEach
	void quietListener() {
		LoggingSystem.get(getClass().getClassLoader()).setLogLevel(LISTENER, null);
	}

	@Test
	void probesAreUpWhenDatabaseKafkaAndConsumerAre() {
		Response readiness = this.http.get("/actuator/health/readiness");
		assertThat(readiness.status()).as(readiness.toString()).isEqualTo(200);
		assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
		Response liveness = this.http.get("/actuator/health/liveness");
		assertThat(liveness.status()).as(liveness.toString()).isEqualTo(200);
		assertThat(this.http.get("/actuator/health").body()).as("no details for anonymous callers")
			.doesNotContain("brokers", "database");
	}

	@Test
	void onlyHealthInfoAndPrometheusAreExposed() {
		for (String endpoint : List.of("env", "beans", "heapdump", "loggers", "threaddump", "metrics", "configprops",
				"mappings", "shutdown")) {
			Response response = this.http.get("/actuator/" + endpoint);
			assertThat(response.status()).as(response.toString()).isEqualTo(404);
		}
		assertThat(this.http.get("/actuator/info").status()).isEqualTo(200);
	}

	@Test
	void prometheusShowsHttpKafkaConsumerPoolAndWriteToApplyMetrics() {
		Response created = this.http.post("/todos/", "{\"title\": \"measured\"}");
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		this.http.get("/todos/" + created.json().get("id").asLong());

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			String metrics = this.http.get("/actuator/prometheus").body();
			assertThat(metrics).as("HTTP timings per route template, not per id")
				.contains("http_server_requests_seconds_count{")
				.contains("uri=\"/todos/{id}\"")
				.doesNotContain("uri=\"/todos/" + created.json().get("id").asLong() + "\"");
			// Per-partition records_lag{topic,partition} joins within a minute
			// (Micrometer's Kafka refresh).
			assertThat(metrics).as("Kafka client metrics")
				.contains("kafka_producer_record_send_total")
				.contains("kafka_consumer_fetch_manager_records_lag_max{");
			assertThat(metrics).as("the feature's own meters")
				.contains("todo_changes_applied_total{")
				.contains("todo_records_dead_lettered_total{")
				.contains("todo_write_apply_seconds_bucket{");
			assertThat(metrics).as("connection pool").contains("hikaricp_connections_active");
		});
	}

	@Test
	void theRequestsTraceIdTravelsInTheRecordToTheConsumersLogLine(CapturedOutput output) {
		LoggingSystem.get(getClass().getClassLoader()).setLogLevel(LISTENER, LogLevel.DEBUG);
		String traceId = HexFormat.of().formatHex(randomBytes(16));
		String traceparent = "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01";

		Response created = this.http.request("POST", "/todos/", "{\"title\": \"traced\"}", "traceparent", traceparent);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String id = created.json().get("id").asString();

		ConsumerRecord<String, byte[]> record = TopicReader.find(this.broker.bootstrapServers(), "todos2",
				(r) -> id.equals(r.key()), Duration.ofSeconds(30));
		assertThat(new String(record.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8))
			.as("trace context in the record headers")
			.contains(traceId);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(output.getOut()
				.lines()
				.filter((line) -> line.contains("Applied todo.create of todo " + id + " "))
				.toList()).as("the consumer's line for the event").singleElement().asString().contains(traceId));
	}

	private static byte[] randomBytes(int count) {
		byte[] bytes = new byte[count];
		ThreadLocalRandom.current().nextBytes(bytes);
		bytes[0] |= 1;
		return bytes;
	}

}
