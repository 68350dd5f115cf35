package dev.todoservice.infrastructure;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What a test does with single Kafka records as another client would: send one, read a
 * header.
 */
public final class Records {

	private Records() {
	}

	/**
	 * Sends one record with a producer of its own and waits for the broker's
	 * acknowledgement.
	 */
	public static void send(String bootstrapServers, ProducerRecord<String, byte[]> record) {
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringSerializer(),
				new ByteArraySerializer())) {
			producer.send(record).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Sending to " + record.topic() + " failed", ex);
		}
	}

	/** The last value of a header as text, or null. */
	public static String header(ConsumerRecord<String, byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
