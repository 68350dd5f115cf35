package dev.todoservice.apply;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.todoservice.events.RejectedRecordException;
import dev.todoservice.events.TodoChangeCodec;
import dev.todoservice.live.Announcements;
import dev.todoservice.live.Applied;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies a poll's records in one transaction, together with the consumer's offsets, so
 * that each record takes effect exactly once. Records that can never be applied go to the
 * dead-letter topic and count as consumed; any other failure rolls the whole batch back
 * for a retry.
 */
@Service
class BatchApplier {

	private final ConsumerOffsets offsets;

	private final TodoChangeCodec codec;

	private final ChangeApplier changes;

	private final DeadLetters deadLetters;

	private final Announcements announcements;

	BatchApplier(ConsumerOffsets offsets, TodoChangeCodec codec, ChangeApplier changes, DeadLetters deadLetters,
			Announcements announcements) {
		this.offsets = offsets;
		this.codec = codec;
		this.changes = changes;
		this.deadLetters = deadLetters;
		this.announcements = announcements;
	}

	@Transactional
	List<Applied> apply(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
		String groupId = consumer.groupMetadata().groupId();
		Map<TopicPartition, Long> next = this.offsets.lock(groupId, records);
		ChangeApplier.Batch batch = this.changes.batch();
		for (ConsumerRecord<String, byte[]> record : records) {
			TopicPartition partition = new TopicPartition(record.topic(), record.partition());
			long nextOffset = Objects.requireNonNull(next.get(partition), "lock() has every partition of the records");
			if (record.offset() < nextOffset) {
				continue; // applied before, by us or by the previous owner of the
							// partition
			}
			try {
				// A change of a todo that does not exist is an ordinary outcome
				// (not_found), answered 404, not a dead letter.
				batch.add(this.codec.decode(record));
			}
			catch (RejectedRecordException ex) {
				batch.flush();
				this.deadLetters.send(record, consumer, ex);
			}
			next.put(partition, record.offset() + 1);
		}
		batch.flush();
		this.offsets.save(groupId, next);
		this.announcements.announce(batch.applied());
		return batch.applied();
	}

}
