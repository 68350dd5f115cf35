package dev.todoservice.events;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.todoservice.live.Waiters;
import dev.todoservice.todo.Outcome;
import dev.todoservice.todo.TodoChange;
import dev.todoservice.todo.TodoSettings;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Service;

/**
 * The API's side of the write path: hands a change to Kafka (acks=all, idempotent
 * producer) and waits, bounded, for the outcome of applying it.
 */
@Service
public class ChangePublisher {

	private static final Logger log = LoggerFactory.getLogger(ChangePublisher.class);

	private final KafkaOperations<String, byte[]> kafka;

	private final TodoChangeCodec codec;

	private final Waiters waiters;

	private final TodoSettings settings;

	ChangePublisher(KafkaOperations<String, byte[]> kafka, TodoChangeCodec codec, Waiters waiters,
			TodoSettings settings) {
		this.kafka = kafka;
		this.codec = codec;
		this.waiters = waiters;
		this.settings = settings;
	}

	/**
	 * Returns what applying the change did, or empty when the wait ran out or
	 * {@code wait} is false (the change is durably in Kafka and will be applied). Throws
	 * {@link WriteUnavailableException} when Kafka did not take it.
	 */
	public Optional<Outcome> submit(TodoChange change, boolean wait) {
		// Only records of other producers lack an event id.
		UUID eventId = Objects.requireNonNull(change.eventId(), "a change this service publishes has an event id");
		CompletableFuture<Outcome> outcome = this.waiters.expect(eventId);
		try {
			send(change);
			if (!wait) {
				return Optional.empty();
			}
			return Optional.of(outcome.get(this.settings.applyWait().toMillis(), TimeUnit.MILLISECONDS));
		}
		catch (TimeoutException ex) {
			return Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Waiting for the change failed", ex.getCause());
		}
		finally {
			this.waiters.forget(eventId);
		}
	}

	private void send(TodoChange change) throws InterruptedException {
		try {
			SendResult<String, byte[]> sent = this.kafka.send(this.codec.encode(change))
				.get(this.settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
			log.debug("Published {} of todo {} at {}-{}@{}", change.type(), change.id(),
					sent.getRecordMetadata().topic(), sent.getRecordMetadata().partition(),
					sent.getRecordMetadata().offset());
		}
		// Spring wraps what the producer throws at once (no metadata within max.block.ms,
		// buffer full).
		catch (ExecutionException | TimeoutException | KafkaException | org.springframework.kafka.KafkaException ex) {
			throw new WriteUnavailableException(ex);
		}
	}

}
