package dev.todoservice.apply;

import dev.todoservice.todo.TodoSettings;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Failure handling of the consumer. Records that can never be applied are dead-lettered
 * by the listener itself, inside its transaction; whatever reaches the container's error
 * handler is therefore transient (database down, connection lost) and is retried with
 * backoff, without limit, never skipped.
 */
@Configuration(proxyBeanMethods = false)
class ConsumerConfiguration {

	private static final Logger log = LoggerFactory.getLogger(ConsumerConfiguration.class);

	/**
	 * Publishes to the dead-letter topic, same partition, with the original
	 * topic/partition/offset and cause.
	 */
	@Bean
	DeadLetterPublishingRecoverer deadLetterPublishing(KafkaOperations<String, byte[]> kafka, TodoSettings settings) {
		return new DeadLetterPublishingRecoverer(kafka,
				(record, ex) -> new TopicPartition(settings.deadLetterTopic(), record.partition()));
	}

	/**
	 * The offsets that count are committed with the data in PostgreSQL
	 * ({@link ConsumerOffsets}); Kafka's copy only shows tools a group's lag. Committed
	 * synchronously it held every batch for a round trip to the group coordinator (8 ms
	 * on average under load, bench/run), so it is committed asynchronously.
	 */
	@Bean
	ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> asyncOffsetCommits() {
		return (container) -> container.getContainerProperties().setSyncCommits(false);
	}

	@Bean
	CommonErrorHandler retryTransientFailures() {
		// Spring Kafka's default gives up after 10 attempts and moves on: that would drop
		// writes during a
		// database restart. Retry the whole batch from 0.5 s up to every 10 s until it
		// goes through.
		ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
		backOff.setMaxInterval(10_000);
		backOff.setMaxElapsedTime(Long.MAX_VALUE);
		backOff.setMaxAttempts(Long.MAX_VALUE);
		DefaultErrorHandler handler = new DefaultErrorHandler((record, ex) -> {
			throw new IllegalStateException("unreachable: the backoff never ends", ex);
		}, backOff);
		handler.setRetryListeners(new RetryListener() {

			@Override
			public void failedDelivery(ConsumerRecord<?, ?> record, @Nullable Exception ex, int attempt) {
				// Spring Kafka declares the exception nullable for this overload.
				log.warn("Applying {}-{}@{} failed (attempt {}), retrying: {}", record.topic(), record.partition(),
						record.offset(), attempt, (ex != null) ? ex.getMessage() : "no exception given");
			}

			@Override
			public void failedDelivery(ConsumerRecords<?, ?> records, Exception ex, int attempt) {
				log.warn("Applying {} records failed (attempt {}), retrying: {}", records.count(), attempt,
						ex.getMessage());
			}

		});
		return handler;
	}

}
