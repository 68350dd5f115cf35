package dev.todoservice.apply;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The consumer group's positions, kept in PostgreSQL beside the rows they produced.
 * Reading them with {@link #lock} inside the applying transaction serializes two
 * consumers that both believe they own a partition (a rebalance in flight, a paused
 * "zombie"): the second one sees what the first committed and skips it. Offsets recorded
 * for another incarnation of the topic (other topic id) count as absent.
 */
@Repository
class ConsumerOffsets {

	private final JdbcClient db;

	private final TopicIds topicIds;

	ConsumerOffsets(JdbcClient db, TopicIds topicIds) {
		this.db = db;
		this.topicIds = topicIds;
	}

	/**
	 * Locks the rows of these partitions for the current transaction and returns the next
	 * offset to apply for each (0 when nothing was applied from this incarnation of the
	 * topic yet).
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	Map<TopicPartition, Long> lock(String groupId, List<? extends ConsumerRecord<?, ?>> records) {
		Set<TopicPartition> partitions = new LinkedHashSet<>();
		records.forEach((record) -> partitions.add(new TopicPartition(record.topic(), record.partition())));
		Map<String, String> topicIds = this.topicIds.of(partitions.stream().map(TopicPartition::topic).toList());
		Map<TopicPartition, Long> next = new HashMap<>();
		for (TopicPartition partition : partitions) {
			String topicId = topicIds.get(partition.topic());
			// One round trip: creates the row the first time, and either way locks it
			// (the no-op update) and
			// returns it as committed, waiting for a transaction that holds it, as SELECT
			// ... FOR UPDATE would.
			long offset = this.db.sql("""
					INSERT INTO consumer_offset (group_id, topic, partition, topic_id, next_offset)
					VALUES (:group, :topic, :partition, :topicId, 0)
					ON CONFLICT (group_id, topic, partition) DO UPDATE SET group_id = EXCLUDED.group_id
					RETURNING CASE WHEN topic_id = :topicId THEN next_offset ELSE 0 END""")
				.param("group", groupId)
				.param("topic", partition.topic())
				.param("partition", partition.partition())
				.param("topicId", topicId)
				.query(Long.class)
				.single();
			next.put(partition, offset);
		}
		return next;
	}

	/**
	 * Records the next offsets to apply, in the transaction that applied the records
	 * before them.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void save(String groupId, Map<TopicPartition, Long> nextOffsets) {
		Map<String, String> topicIds = this.topicIds
			.of(nextOffsets.keySet().stream().map(TopicPartition::topic).toList());
		nextOffsets.forEach((partition, offset) -> this.db.sql("""
				UPDATE consumer_offset SET next_offset = :offset, topic_id = :topicId, updated_at = now()
				WHERE group_id = :group AND topic = :topic AND partition = :partition""")
			.param("offset", offset)
			.param("topicId", topicIds.get(partition.topic()))
			.param("group", groupId)
			.param("topic", partition.topic())
			.param("partition", partition.partition())
			.update());
	}

	/**
	 * The stored positions, without locking, for seeking on partition assignment (which a
	 * recreated topic causes, so the topic ids are asked for again).
	 */
	Map<TopicPartition, Long> find(String groupId, Collection<TopicPartition> partitions) {
		Map<String, String> topicIds = this.topicIds
			.refresh(partitions.stream().map(TopicPartition::topic).collect(Collectors.toSet()));
		Map<TopicPartition, Long> found = new HashMap<>();
		for (TopicPartition partition : partitions) {
			this.db.sql("""
					SELECT next_offset FROM consumer_offset
					WHERE group_id = :group AND topic = :topic AND partition = :partition AND topic_id = :topicId""")
				.param("group", groupId)
				.param("topic", partition.topic())
				.param("partition", partition.partition())
				.param("topicId", topicIds.get(partition.topic()))
				.query(Long.class)
				.optional()
				.ifPresent((offset) -> found.put(partition, offset));
		}
		return found;
	}

}
