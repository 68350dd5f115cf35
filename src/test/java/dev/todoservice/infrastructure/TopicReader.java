package dev.todoservice.infrastructure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * Reads a topic from the beginning with a throw-away group, as kcat would, to see what
 * went over the wire.
 */
public final class TopicReader {

	private TopicReader() {
	}

	/** Waits up to {@code timeout} for a record matching {@code wanted}. */
	public static ConsumerRecord<String, byte[]> find(String bootstrapServers, String topic,
			Predicate<ConsumerRecord<String, byte[]>> wanted, Duration timeout) {
		AtomicInteger others = new AtomicInteger();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.GROUP_ID_CONFIG,
						"test-reader-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(topic));
			// In the test's thread: a consumer is not for several threads. Each poll
			// waits
			// for records itself.
			return await().atMost(timeout)
				.pollInSameThread()
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(1))
				.until(() -> next(consumer, wanted, others), (record) -> record != null);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("No matching record on " + topic + " within " + timeout + "; saw " + others.get()
					+ " other records", ex);
		}
	}

	private static ConsumerRecord<String, byte[]> next(KafkaConsumer<String, byte[]> consumer,
			Predicate<ConsumerRecord<String, byte[]>> wanted, AtomicInteger others) {
		for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
			if (wanted.test(record)) {
				return record;
			}
			others.incrementAndGet();
		}
		return null;
	}

}
