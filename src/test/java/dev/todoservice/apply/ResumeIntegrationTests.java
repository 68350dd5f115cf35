package dev.todoservice.apply;

import java.time.Duration;

import dev.todoservice.infrastructure.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On (re)assignment the consumer seeks to the offsets stored with the data, which are the
 * truth; Kafka's committed offsets only serve lag monitoring.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class ResumeIntegrationTests {

	@Autowired
	RestTestClient client;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	@Test
	void aConsumerThatRejoinsResumesAtTheOffsetsStoredWithTheData(CapturedOutput output) {
		// A create, so the partition it went to has a stored offset.
		this.client.post()
			.uri("/todos/")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"title\": \"before the rejoin\"}")
			.exchange()
			.expectStatus()
			.isCreated();
		MessageListenerContainer container = this.listeners.getListenerContainer(TodoListener.ID);
		container.stop();
		container.start();
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(output.getOut()).as("the consumer's line on assignment")
				.containsPattern("Resuming todos2-\\d at offset [1-9]\\d* \\(stored with the data\\)"));
		assertThat(output.getOut()).as("the stored offsets were found (the group's id was known)")
			.doesNotContain("Could not read stored offsets");
	}

}
