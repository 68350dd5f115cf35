package dev.todoservice.apply;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import dev.todoservice.events.CloudEvents;
import dev.todoservice.live.Applied;
import dev.todoservice.live.Waiters;
import dev.todoservice.todo.TodoSettings;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.stereotype.Component;

/**
 * The Kafka side of the consumer: takes a poll's records, has {@link BatchApplier} apply
 * them in one transaction, then wakes the requests waiting here and records the
 * write-to-apply latency. On assignment it seeks to the offsets stored in the database,
 * which are the truth; Kafka's own committed offsets only serve lag monitoring.
 */
@Component
class TodoListener implements ConsumerSeekAware {

	static final String ID = "todo-applier";

	private static final Logger log = LoggerFactory.getLogger(TodoListener.class);

	private final BatchApplier applier;

	private final Waiters waiters;

	private final ConsumerOffsets offsets;

	private final TodoSettings settings;

	private final ApplyMetrics metrics;

	private final RecordTracing tracing;

	TodoListener(BatchApplier applier, Waiters waiters, ConsumerOffsets offsets, TodoSettings settings,
			ApplyMetrics metrics, RecordTracing tracing) {
		this.applier = applier;
		this.waiters = waiters;
		this.offsets = offsets;
		this.settings = settings;
		this.metrics = metrics;
		this.tracing = tracing;
	}

	/**
	 * The topic, for the listener annotation (its default is stated once, in
	 * {@link TodoSettings}).
	 */
	public String topic() {
		return this.settings.topic();
	}

	@KafkaListener(id = ID, idIsGroup = false, topics = "#{__listener.topic()}", batch = "true")
	void onRecords(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
		List<Applied> applied = this.applier.apply(records, consumer);
		applied.forEach(this.waiters::complete);
		Instant now = Instant.now();
		for (ConsumerRecord<String, byte[]> record : records) {
			String type = CloudEvents.read(record.headers(), CloudEvents.TYPE);
			Instant accepted = acceptedAt(record);
			if (accepted != null) {
				this.metrics.writeToApply(type, Duration.between(accepted, now));
			}
			this.tracing.applied(record, type);
		}
	}

	private static @Nullable Instant acceptedAt(ConsumerRecord<String, byte[]> record) {
		String time = CloudEvents.read(record.headers(), CloudEvents.TIME);
		try {
			return (time != null) ? Instant.parse(time) : null;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	@Override
	public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
		// On the consumer's thread, where Spring Kafka keeps the group's id.
		String groupId = KafkaUtils.getConsumerGroupId();
		if (groupId == null) {
			log.warn("No consumer group id on this thread, starting from Kafka's offsets");
			return;
		}
		try {
			this.offsets.find(groupId, assignments.keySet()).forEach((partition, offset) -> {
				log.info("Resuming {} at offset {} (stored with the data)", partition, offset);
				callback.seek(partition.topic(), partition.partition(), offset);
			});
		}
		catch (RuntimeException ex) {
			// Safe to go on: the applying transaction skips whatever the database says
			// was applied already.
			log.warn("Could not read stored offsets on assignment, starting from Kafka's: {}", ex.getMessage());
		}
	}

}
