package dev.todoservice.messaging;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The consumer group's positions, kept in PostgreSQL beside the rows they produced. Reading them with
 * {@link #lock} inside the applying transaction serializes two consumers that both believe they own a
 * partition (a rebalance in flight, a paused "zombie"): the second one sees what the first committed and
 * skips it. Offsets recorded for another incarnation of the topic (other topic id) count as absent.
 */
@Repository
public class ConsumerOffsets {

	private final JdbcClient db;

	ConsumerOffsets(JdbcClient db) {
		this.db = db;
	}

	/**
	 * Locks the rows of these partitions for the current transaction and returns the next offset to apply
	 * for each (0 when nothing was applied from this incarnation of the topic yet).
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Map<TopicPartition, Long> lock(String groupId, Collection<TopicPartition> partitions,
			Map<String, String> topicIds) {
		Map<TopicPartition, Long> next = new HashMap<>();
		for (TopicPartition partition : partitions) {
			String topicId = topicIds.get(partition.topic());
			// One round trip: creates the row the first time, and either way locks it (the no-op update) and
			// returns it as committed, waiting for a transaction that holds it, as SELECT ... FOR UPDATE would.
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

	/** Records the next offsets to apply, in the transaction that applied the records before them. */
	@Transactional(propagation = Propagation.MANDATORY)
	public void save(String groupId, Map<TopicPartition, Long> nextOffsets, Map<String, String> topicIds) {
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

	/** The stored positions, without locking, for seeking on partition assignment. */
	public Map<TopicPartition, Long> find(String groupId, Collection<TopicPartition> partitions,
			Map<String, String> topicIds) {
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
