package dev.todoservice.events;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.todoservice.live.Applied;
import dev.todoservice.live.Waiters;
import dev.todoservice.todo.Outcome;
import dev.todoservice.todo.TodoChange;
import dev.todoservice.todo.TodoSettings;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.support.SendResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * The API's side of the write path: Kafka's acknowledgement, then a bounded wait for the
 * outcome.
 */
class ChangePublisherTests {

	private static final TodoSettings SHORT_WAIT = new TodoSettings("todos-test", 3, Duration.ofMillis(50),
			Duration.ofMillis(200), "/todo-service-test", Duration.ofHours(24), "shared", 10_000);

	@SuppressWarnings("unchecked")
	private final KafkaOperations<String, byte[]> kafka = mock(KafkaOperations.class);

	private final Waiters waiters = new Waiters();

	private final ChangePublisher publisher = new ChangePublisher(this.kafka, TestCodec.codec(), this.waiters,
			SHORT_WAIT);

	private final TodoChange.Create create = new TodoChange.Create(UUID.randomUUID(), 7, TestCodec.OWNER, "later", null,
			false, null);

	@Test
	void aWaitThatRunsOutIsNoOutcomeAndForgetsTheWaiter() {
		given(this.kafka.send(any(ProducerRecord.class))).willAnswer((call) -> acknowledged(call.getArgument(0)));

		assertThat(this.publisher.submit(this.create, true)).as("no outcome within the wait: the API answers 202")
			.isEmpty();
		assertThat(this.waiters.expect(this.create.eventId())).as("a fresh waiter: the old one was forgotten")
			.isNotDone();
	}

	@Test
	void anOutcomeWithinTheWaitIsReturned() {
		Outcome created = new Outcome.Created(this.create.stored());
		given(this.kafka.send(any(ProducerRecord.class))).willAnswer((call) -> {
			// The consumer applies the change as soon as it is on the topic.
			this.waiters.complete(new Applied(this.create.eventId(), TestCodec.OWNER, created));
			return acknowledged(call.getArgument(0));
		});

		assertThat(this.publisher.submit(this.create, true)).as("the request learns what applying did")
			.isEqualTo(Optional.of(created));
	}

	@Test
	void notWaitingReturnsAsSoonAsKafkaHasTheWrite() {
		given(this.kafka.send(any(ProducerRecord.class))).willAnswer((call) -> acknowledged(call.getArgument(0)));

		assertThat(this.publisher.submit(this.create, false)).as("Prefer: respond-async answers 202 at once").isEmpty();
	}

	@Test
	void kafkaThatDoesNotConfirmInTimeIsWriteUnavailable() {
		given(this.kafka.send(any(ProducerRecord.class))).willReturn(new CompletableFuture<>());

		assertThatExceptionOfType(WriteUnavailableException.class).as("no acknowledgement: the API answers 503")
			.isThrownBy(() -> this.publisher.submit(this.create, true));
	}

	@Test
	void kafkaThatRefusesTheWriteIsWriteUnavailable() {
		given(this.kafka.send(any(ProducerRecord.class)))
			.willReturn(CompletableFuture.failedFuture(new IllegalStateException("broker gone")));

		assertThatExceptionOfType(WriteUnavailableException.class).as("a refused write: the API answers 503")
			.isThrownBy(() -> this.publisher.submit(this.create, true));
	}

	private static CompletableFuture<SendResult<String, byte[]>> acknowledged(ProducerRecord<String, byte[]> record) {
		RecordMetadata metadata = new RecordMetadata(new TopicPartition(record.topic(), 0), 0, 0, 0, 0, 0);
		return CompletableFuture.completedFuture(new SendResult<>(record, metadata));
	}

}
