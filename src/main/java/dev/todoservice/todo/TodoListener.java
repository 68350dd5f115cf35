package dev.todoservice.todo;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.todoservice.messaging.ConsumerOffsets;
import dev.todoservice.messaging.TopicIds;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

/**
 * The Kafka side of the consumer: takes a poll's records, has {@link TodoApplier} apply them in one
 * transaction, then wakes the requests waiting for them. On assignment it seeks to the offsets stored in
 * the database, which are the truth; Kafka's own committed offsets only serve lag monitoring.
 */
@Component
class TodoListener implements ConsumerSeekAware {

	private static final Logger log = LoggerFactory.getLogger(TodoListener.class);

	private final TodoApplier applier;

	private final AppliedChanges applied;

	private final ConsumerOffsets offsets;

	private final TopicIds topicIds;

	private final String groupId;

	TodoListener(TodoApplier applier, AppliedChanges applied, ConsumerOffsets offsets, TopicIds topicIds,
			org.springframework.boot.kafka.autoconfigure.KafkaProperties kafka) {
		this.applier = applier;
		this.applied = applied;
		this.offsets = offsets;
		this.topicIds = topicIds;
		this.groupId = kafka.getConsumer().getGroupId();
	}

	@KafkaListener(id = "todo-applier", idIsGroup = false, topics = "${todo.topic}", batch = "true")
	void onRecords(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
		List<TodoApplier.Applied> done = this.applier.apply(records, consumer);
		done.forEach((change) -> this.applied.applied(change.eventId(), change.outcome()));
		if (log.isDebugEnabled()) {
			ConsumerRecord<String, byte[]> first = records.get(0);
			log.debug("Applied {} records from {}-{}@{} on, {} changes committed", records.size(), first.topic(),
					first.partition(), first.offset(), done.size());
		}
	}

	@Override
	public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
		try {
			Set<String> topics = assignments.keySet().stream().map(TopicPartition::topic).collect(Collectors.toSet());
			Map<String, String> ids = this.topicIds.refresh(topics);
			this.offsets.find(this.groupId, assignments.keySet(), ids).forEach((partition, offset) -> {
				log.info("Resuming {} at offset {} (stored with the data)", partition, offset);
				callback.seek(partition.topic(), partition.partition(), offset);
			});
		}
		catch (RuntimeException ex) {
			// Safe to go on: the applying transaction skips whatever the database says was applied already.
			log.warn("Could not read stored offsets on assignment, starting from Kafka's: {}", ex.getMessage());
		}
	}

}
