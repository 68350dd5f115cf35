package dev.todoservice.apply;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.stereotype.Component;

/**
 * Sends a record that can never be applied to the dead-letter topic, with the reason, and
 * counts it.
 */
@Component
class DeadLetters {

	private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

	private final DeadLetterPublishingRecoverer recoverer;

	private final ApplyMetrics metrics;

	DeadLetters(DeadLetterPublishingRecoverer recoverer, ApplyMetrics metrics) {
		this.recoverer = recoverer;
		this.metrics = metrics;
	}

	/**
	 * Throws if the dead-letter topic does not take the record: the batch then rolls back
	 * and is retried, so a poison record is never skipped silently.
	 */
	void send(ConsumerRecord<String, byte[]> record, Consumer<?, ?> consumer, RuntimeException reason) {
		log.warn("Dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
				reason.getMessage());
		this.recoverer.accept(record, consumer, reason);
		this.metrics.deadLettered(record.topic(), 1);
	}

}
