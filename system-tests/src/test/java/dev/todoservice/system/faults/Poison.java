package dev.todoservice.system.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.todoservice.system.processes.Pause;
import dev.todoservice.todo.proto.TodoCreate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Another client's records on the todo topic that the consumer can never apply, in five
 * kinds: bytes that are no Protobuf, a truncated {@code TodoCreate}, a {@code TodoCreate}
 * with a 300-character title, an unknown {@code ce_type}, an empty value. Each must reach
 * the dead-letter topic exactly once.
 */
final class Poison implements AutoCloseable {

	static final int KINDS = 5;

	private final String topic;

	private final KafkaProducer<String, byte[]> producer;

	private final Random random = new Random(42);

	Poison(String bootstrapServers, String topic) {
		this.topic = topic;
		this.producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all",
						ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
				new StringSerializer(), new ByteArraySerializer());
	}

	/**
	 * Sends {@code count} poison records, one every {@code interval}, each kind in turn,
	 * and returns where the broker put them ({@code partition@offset}).
	 */
	Set<String> inject(int count, Duration interval) throws Exception {
		Set<String> sent = new HashSet<>();
		for (int n = 0; n < count; n++) {
			RecordMetadata metadata = this.producer.send(record(n)).get();
			sent.add(metadata.partition() + "@" + metadata.offset());
			Pause.briefly(interval);
		}
		return sent;
	}

	private ProducerRecord<String, byte[]> record(int n) {
		String key = Long.toString(900_000_000L + n);
		return switch (n % KINDS) {
			case 0 -> new ProducerRecord<>(this.topic, key, garbage());
			case 1 -> new ProducerRecord<>(this.topic, key, truncated());
			case 2 -> new ProducerRecord<>(this.topic, key,
					TodoCreate.newBuilder().setTitle("x".repeat(300)).build().toByteArray());
			case 3 -> {
				ProducerRecord<String, byte[]> record = new ProducerRecord<>(this.topic, key,
						TodoCreate.newBuilder().setId(n + 1).setTitle("archive me").build().toByteArray());
				CloudEvents.write(record.headers(), "todo.archive", UUID.randomUUID(), "/fault-suite", Instant.now());
				yield record;
			}
			default -> new ProducerRecord<>(this.topic, key, new byte[0]);
		};
	}

	/**
	 * Random bytes; proto3 parses many random arrays without complaint, so only ones that
	 * fail are kept.
	 */
	private byte[] garbage() {
		while (true) {
			byte[] bytes = new byte[1 + this.random.nextInt(64)];
			this.random.nextBytes(bytes);
			if (!parses(bytes)) {
				return bytes;
			}
		}
	}

	/** A valid create cut off inside its title. */
	private byte[] truncated() {
		byte[] whole = TodoCreate.newBuilder().setId(1).setTitle("t".repeat(80)).build().toByteArray();
		byte[] cut = Arrays.copyOf(whole, 10 + this.random.nextInt(60));
		if (parses(cut)) {
			throw new IllegalStateException("A truncated TodoCreate parsed");
		}
		return cut;
	}

	private static boolean parses(byte[] bytes) {
		try {
			TodoCreate.parseFrom(bytes);
			return true;
		}
		catch (InvalidProtocolBufferException ex) {
			return false;
		}
	}

	@Override
	public void close() {
		this.producer.close(Duration.ofSeconds(5));
	}

}
