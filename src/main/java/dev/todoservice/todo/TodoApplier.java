package dev.todoservice.todo;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.todoservice.messaging.ConsumerOffsets;
import dev.todoservice.messaging.TopicIds;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies a poll's records to the {@code todo} table in one transaction, together with the consumer's
 * offsets, so that each record takes effect exactly once. Records that can never be applied go to the
 * dead-letter topic and count as consumed; any other failure rolls the whole batch back for a retry.
 */
@Service
class TodoApplier {

	private static final Logger log = LoggerFactory.getLogger(TodoApplier.class);

	private final Todos todos;

	private final TodoIds ids;

	private final TodoChangeCodec codec;

	private final ConsumerOffsets offsets;

	private final TopicIds topicIds;

	private final DeadLetterPublishingRecoverer deadLetters;

	private final MeterRegistry meters;

	TodoApplier(Todos todos, TodoIds ids, TodoChangeCodec codec, ConsumerOffsets offsets, TopicIds topicIds,
			DeadLetterPublishingRecoverer deadLetters, MeterRegistry meters) {
		this.todos = todos;
		this.ids = ids;
		this.codec = codec;
		this.offsets = offsets;
		this.topicIds = topicIds;
		this.deadLetters = deadLetters;
		this.meters = meters;
	}

	/** One change that was applied, for the request waiting on it. */
	record Applied(UUID eventId, ApplyOutcome outcome) {
	}

	@Transactional
	List<Applied> apply(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
		String groupId = consumer.groupMetadata().groupId();
		Set<TopicPartition> partitions = new LinkedHashSet<>();
		records.forEach((record) -> partitions.add(new TopicPartition(record.topic(), record.partition())));
		Map<String, String> topics = this.topicIds.of(partitions.stream().map(TopicPartition::topic).toList());
		Map<TopicPartition, Long> next = this.offsets.lock(groupId, partitions, topics);

		Batch batch = new Batch();
		for (ConsumerRecord<String, byte[]> record : records) {
			TopicPartition partition = new TopicPartition(record.topic(), record.partition());
			if (record.offset() < next.get(partition)) {
				continue; // applied before, by us or by the previous owner of the partition
			}
			try {
				batch.add(this.codec.decode(record));
			}
			catch (RejectedRecordException ex) {
				batch.flush();
				deadLetter(record, consumer, ex);
			}
			next.put(partition, record.offset() + 1);
		}
		batch.flush();
		this.offsets.save(groupId, next, topics);
		return batch.applied;
	}

	private void deadLetter(ConsumerRecord<String, byte[]> record, Consumer<?, ?> consumer, RuntimeException reason) {
		log.warn("Dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
				reason.getMessage());
		// Throws if the dead-letter topic does not take the record: the batch then rolls back and is retried,
		// so a poison record is never skipped silently.
		this.deadLetters.accept(record, consumer, reason);
		this.meters.counter("todo.records.dead.lettered", "topic", record.topic()).increment();
	}

	/** Collects consecutive creates into one JDBC batch; updates and deletes apply in order between them. */
	private final class Batch {

		private final List<TodoChange.Create> creates = new ArrayList<>();

		private final List<Applied> applied = new ArrayList<>();

		void add(TodoChange change) {
			if (change instanceof TodoChange.Create create) {
				this.creates.add((create.id() == 0) ? create.withId(ids.next()) : create);
				return;
			}
			flush();
			ApplyOutcome outcome;
			String type;
			if (change instanceof TodoChange.Update update) {
				type = "update";
				outcome = todos.update(update)
					.<ApplyOutcome>map(ApplyOutcome.Stored::new)
					.orElseGet(() -> new ApplyOutcome.NotFound(update.id()));
			}
			else {
				type = "delete";
				outcome = todos.delete(change.id()) ? new ApplyOutcome.Deleted(change.id())
						: new ApplyOutcome.NotFound(change.id());
			}
			this.applied.add(new Applied(change.eventId(), outcome));
			count(type, outcome);
		}

		void flush() {
			if (this.creates.isEmpty()) {
				return;
			}
			todos.insert(this.creates);
			for (TodoChange.Create create : this.creates) {
				this.applied.add(new Applied(create.eventId(), new ApplyOutcome.Stored(create.stored())));
			}
			meters.counter("todo.changes.applied", "type", "create", "outcome", "stored")
				.increment(this.creates.size());
			this.creates.clear();
		}

		private void count(String type, ApplyOutcome outcome) {
			String result = (outcome instanceof ApplyOutcome.NotFound) ? "not_found"
					: (outcome instanceof ApplyOutcome.Deleted) ? "deleted" : "stored";
			meters.counter("todo.changes.applied", "type", type, "outcome", result).increment();
		}

	}

}
