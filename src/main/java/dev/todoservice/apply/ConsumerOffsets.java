package dev.todoservice.apply;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

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
		// Sorted: two consumers that both believe they own these partitions lock them in
		// one order, so one waits for the other instead of deadlocking.
		SortedSet<TopicPartition> partitions = new TreeSet<>(
				Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
		records.forEach((record) -> partitions.add(new TopicPartition(record.topic(), record.partition())));
		Rows rows = new Rows(partitions, this.topicIds);
		Map<TopicPartition, Long> next = new HashMap<>();
		// One round trip for all of them (a batch usually holds records of several
		// partitions): creates each row the first time, and either way locks it (the
		// no-op update) and returns it as committed, waiting for a transaction that holds
		// it, as SELECT ... FOR UPDATE would.
		this.db.sql("""
				INSERT INTO consumer_offset (group_id, topic, partition, topic_id, next_offset)
				SELECT :group, topic, partition, topic_id, 0
				FROM unnest(:topics, :partitions, :topicIds) WITH ORDINALITY AS p (topic, partition, topic_id, n)
				ORDER BY n
				ON CONFLICT (group_id, topic, partition) DO UPDATE SET group_id = EXCLUDED.group_id
				RETURNING topic, partition, topic_id, next_offset""")
			.param("group", groupId)
			.param("topics", rows.topics)
			.param("partitions", rows.partitions)
			.param("topicIds", rows.topicIds)
			.query((row, n) -> {
				TopicPartition partition = new TopicPartition(row.getString("topic"), row.getInt("partition"));
				boolean sameTopic = row.getString("topic_id").equals(rows.topicId(partition.topic()));
				next.put(partition, sameTopic ? row.getLong("next_offset") : 0L);
				return partition;
			})
			.list();
		return next;
	}

	/**
	 * Records the next offsets to apply, in the transaction that applied the records
	 * before them.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void save(String groupId, Map<TopicPartition, Long> nextOffsets) {
		Rows rows = new Rows(nextOffsets.keySet(), this.topicIds);
		long[] offsets = rows.order.stream().mapToLong(nextOffsets::get).toArray();
		this.db.sql("""
				UPDATE consumer_offset c SET next_offset = p.next_offset, topic_id = p.topic_id, updated_at = now()
				FROM unnest(:topics, :partitions, :topicIds, :offsets) AS p (topic, partition, topic_id, next_offset)
				WHERE c.group_id = :group AND c.topic = p.topic AND c.partition = p.partition""")
			.param("group", groupId)
			.param("topics", rows.topics)
			.param("partitions", rows.partitions)
			.param("topicIds", rows.topicIds)
			.param("offsets", offsets)
			.update();
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

	/**
	 * Partitions as the columns of one statement, in one order: Java arrays, which the
	 * driver sends as PostgreSQL arrays for {@code unnest}.
	 */
	private static final class Rows {

		private final List<TopicPartition> order;

		private final Map<String, String> ids;

		private final String[] topics;

		private final int[] partitions;

		private final String[] topicIds;

		Rows(Collection<TopicPartition> partitions, TopicIds topicIds) {
			this.order = List.copyOf(partitions);
			this.ids = topicIds.of(this.order.stream().map(TopicPartition::topic).distinct().toList());
			this.topics = this.order.stream().map(TopicPartition::topic).toArray(String[]::new);
			this.partitions = this.order.stream().mapToInt(TopicPartition::partition).toArray();
			this.topicIds = this.order.stream().map((partition) -> topicId(partition.topic())).toArray(String[]::new);
		}

		@Nullable String topicId(String topic) {
			return this.ids.get(topic);
		}

	}

}
