package dev.todoservice.system.faults;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.todoservice.todo.proto.TodoCreate;
import dev.todoservice.todo.proto.TodoDelete;
import dev.todoservice.todo.proto.TodoUpdate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What the broker holds, seen from outside the service: the end of each partition, the
 * titles the records of the todo topic carry, and the dead letters with where they came
 * from.
 */
final class Topics implements AutoCloseable {

	private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

	private final String bootstrapServers;

	private final Admin admin;

	Topics(String bootstrapServers) {
		this.bootstrapServers = bootstrapServers;
		// Calls fail fast while the broker is down: the callers poll.
		this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis(),
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000));
	}

	/** The offset after the last record of each partition. */
	Map<Integer, Long> endOffsets(String topic) throws Exception {
		int partitions = this.admin.describeTopics(List.of(topic))
			.allTopicNames()
			.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
			.get(topic)
			.partitions()
			.size();
		Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
		for (int partition = 0; partition < partitions; partition++) {
			latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
		}
		Map<Integer, Long> ends = new HashMap<>();
		this.admin.listOffsets(latest)
			.all()
			.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
			.forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
		return ends;
	}

	/**
	 * The service's writes as the topic holds them.
	 *
	 * @param titles how many records carry each title (creates and updates)
	 * @param deletes how many delete records there are per todo id
	 */
	record Written(Map<String, Integer> titles, Map<Long, Integer> deletes) {

	}

	Written written(String topic) throws Exception {
		Map<String, Integer> titles = new HashMap<>();
		Map<Long, Integer> deletes = new HashMap<>();
		readAll(topic, (record) -> {
			String title = title(record);
			if (title != null) {
				titles.merge(title, 1, Integer::sum);
			}
			Long deleted = deleted(record);
			if (deleted != null) {
				deletes.merge(deleted, 1, Integer::sum);
			}
		});
		return new Written(titles, deletes);
	}

	/** What the dead-letter topic holds. */
	/**
	 * Where a dead letter came from: the headers Spring Kafka's dead-letter publisher
	 * adds (its {@code KafkaHeaders.DLT_ORIGINAL_PARTITION} and
	 * {@code DLT_ORIGINAL_OFFSET}), big-endian int and long.
	 */
	static final String DLT_ORIGINAL_PARTITION = "kafka_dlt-original-partition";

	static final String DLT_ORIGINAL_OFFSET = "kafka_dlt-original-offset";

	record DeadLetters(long count, Set<String> originals) {

	}

	/**
	 * The dead letters, each known by the {@code partition@offset} it had on the original
	 * topic.
	 */
	DeadLetters deadLetters(String topic) throws Exception {
		long[] count = { 0 };
		Set<String> originals = new HashSet<>();
		readAll(topic, (record) -> {
			count[0]++;
			Header partition = record.headers().lastHeader(DLT_ORIGINAL_PARTITION);
			Header offset = record.headers().lastHeader(DLT_ORIGINAL_OFFSET);
			if (partition != null && offset != null) {
				originals
					.add(ByteBuffer.wrap(partition.value()).getInt() + "@" + ByteBuffer.wrap(offset.value()).getLong());
			}
		});
		return new DeadLetters(count[0], originals);
	}

	private void readAll(String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) throws Exception {
		Map<Integer, Long> ends = endOffsets(topic);
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers,
						ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
				new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = ends.keySet()
				.stream()
				.map((partition) -> new TopicPartition(topic, partition))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			while (partitions.stream().anyMatch((p) -> consumer.position(p) < ends.get(p.partition()))) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Could not read " + topic + " to its end within 60 s");
				}
				consumer.poll(Duration.ofMillis(500)).forEach(each);
			}
		}
	}

	private static String title(ConsumerRecord<byte[], byte[]> record) {
		String type = CloudEvents.read(record.headers(), CloudEvents.TYPE);
		try {
			if ("todo.create".equals(type)) {
				return TodoCreate.parseFrom(record.value()).getTitle();
			}
			if ("todo.update".equals(type)) {
				TodoUpdate update = TodoUpdate.parseFrom(record.value());
				return update.hasTitle() ? update.getTitle() : null;
			}
		}
		catch (InvalidProtocolBufferException ex) {
			// not one of the service's records: poison the scenario put there itself
		}
		return null;
	}

	private static Long deleted(ConsumerRecord<byte[], byte[]> record) {
		if ("todo.delete".equals(CloudEvents.read(record.headers(), CloudEvents.TYPE))) {
			try {
				return TodoDelete.parseFrom(record.value()).getId();
			}
			catch (InvalidProtocolBufferException ex) {
				// not one of the service's records
			}
		}
		return null;
	}

	@Override
	public void close() {
		this.admin.close(Duration.ofSeconds(5));
	}

}
