package dev.todoservice.todo;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.todoservice.messaging.ConsumerOffsets;
import dev.todoservice.messaging.TopicIds;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
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

	private final IdempotencyKeys keys;

	private final AppliedNotifications notifications;

	private final DeadLetterPublishingRecoverer deadLetters;

	private final TodoMetrics metrics;

	private final JsonMapper json;

	TodoApplier(Todos todos, TodoIds ids, TodoChangeCodec codec, ConsumerOffsets offsets, TopicIds topicIds,
			IdempotencyKeys keys, AppliedNotifications notifications, DeadLetterPublishingRecoverer deadLetters,
			TodoMetrics metrics, JsonMapper json) {
		this.todos = todos;
		this.ids = ids;
		this.codec = codec;
		this.offsets = offsets;
		this.topicIds = topicIds;
		this.keys = keys;
		this.notifications = notifications;
		this.deadLetters = deadLetters;
		this.metrics = metrics;
		this.json = json;
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

		Batch batch = new Batch(consumer);
		for (ConsumerRecord<String, byte[]> record : records) {
			TopicPartition partition = new TopicPartition(record.topic(), record.partition());
			if (record.offset() < next.get(partition)) {
				continue; // applied before, by us or by the previous owner of the partition
			}
			try {
				batch.add(record, this.codec.decode(record));
			}
			catch (RejectedRecordException ex) {
				batch.flush();
				deadLetter(record, consumer, ex);
			}
			next.put(partition, record.offset() + 1);
		}
		batch.flush();
		this.offsets.save(groupId, next, topics);
		this.notifications.announce(batch.applied);
		return batch.applied;
	}

	private void deadLetter(ConsumerRecord<String, byte[]> record, Consumer<?, ?> consumer, RuntimeException reason) {
		log.warn("Dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
				reason.getMessage());
		// Throws if the dead-letter topic does not take the record: the batch then rolls back and is retried,
		// so a poison record is never skipped silently.
		this.deadLetters.accept(record, consumer, reason);
		this.metrics.deadLettered(record.topic(), 1);
	}

	/**
	 * The changes of one poll, in order. Consecutive creates go to the database in one JDBC batch; updates,
	 * deletes and changes with an Idempotency-Key apply one at a time between them.
	 */
	private final class Batch {

		private final Consumer<?, ?> consumer;

		private final List<TodoChange.Create> creates = new ArrayList<>();

		private final List<Applied> applied = new ArrayList<>();

		Batch(Consumer<?, ?> consumer) {
			this.consumer = consumer;
		}

		void add(ConsumerRecord<String, byte[]> record, TodoChange change) {
			TodoChange.Idempotency idempotency = change.idempotency();
			if (idempotency != null) {
				flush();
				Optional<IdempotencyKeys.Entry> earlier = keys.claim(idempotency);
				if (earlier.isPresent()) {
					this.applied.add(new Applied(change.eventId(), replay(earlier.get(), idempotency)));
					count(type(change), "replayed");
					return;
				}
			}
			if (change instanceof TodoChange.Create create) {
				TodoChange.Create identified = (create.id() == 0) ? create.withId(ids.next()) : create;
				this.creates.add(identified);
				if (idempotency != null) {
					flush();
					keys.answer(idempotency.key(), identified.id(), HttpStatus.CREATED.value(),
							json.writeValueAsString(identified.stored()));
				}
				return;
			}
			flush();
			ApplyOutcome outcome = (change instanceof TodoChange.Update update) ? todos.update(update)
					: todos.delete((TodoChange.Delete) change);
			if (outcome instanceof ApplyOutcome.NotFound && change instanceof TodoChange.Update) {
				deadLetter(record, this.consumer, new RejectedRecordException("todo " + change.id() + " does not exist"));
			}
			if (idempotency != null) {
				keys.answer(idempotency.key(), change.id(), status(outcome), body(outcome));
			}
			this.applied.add(new Applied(change.eventId(), outcome));
			count(type(change), outcomeName(outcome));
		}

		void flush() {
			if (this.creates.isEmpty()) {
				return;
			}
			todos.insert(this.creates);
			for (TodoChange.Create create : this.creates) {
				this.applied.add(new Applied(create.eventId(), new ApplyOutcome.Stored(create.stored())));
			}
			metrics.applied("create", "stored", this.creates.size());
			this.creates.clear();
		}

		private ApplyOutcome replay(IdempotencyKeys.Entry earlier, TodoChange.Idempotency idempotency) {
			if (!earlier.fingerprint().equals(idempotency.fingerprint()) || earlier.status() == null) {
				return new ApplyOutcome.KeyReused(idempotency.key());
			}
			return new ApplyOutcome.Replayed(earlier.status(), earlier.todoId(), earlier.body());
		}

		private void count(String type, String outcome) {
			metrics.applied(type, outcome, 1);
		}

	}

	private static String type(TodoChange change) {
		return (change instanceof TodoChange.Create) ? "create" : (change instanceof TodoChange.Update) ? "update"
				: "delete";
	}

	private static String outcomeName(ApplyOutcome outcome) {
		if (outcome instanceof ApplyOutcome.NotFound) {
			return "not_found";
		}
		if (outcome instanceof ApplyOutcome.PreconditionFailed) {
			return "precondition_failed";
		}
		return (outcome instanceof ApplyOutcome.Deleted) ? "deleted" : "stored";
	}

	/** The HTTP status the first request with an Idempotency-Key answers, kept for its retries. */
	private static int status(ApplyOutcome outcome) {
		if (outcome instanceof ApplyOutcome.NotFound) {
			return HttpStatus.NOT_FOUND.value();
		}
		if (outcome instanceof ApplyOutcome.PreconditionFailed) {
			return HttpStatus.PRECONDITION_FAILED.value();
		}
		return HttpStatus.OK.value();
	}

	private String body(ApplyOutcome outcome) {
		if (outcome instanceof ApplyOutcome.Stored stored) {
			return this.json.writeValueAsString(stored.todo());
		}
		if (outcome instanceof ApplyOutcome.Deleted) {
			return this.json.writeValueAsString(Map.of("message", "Todo deleted"));
		}
		HttpStatus status = HttpStatus.valueOf(status(outcome));
		return this.json.writeValueAsString(Map.of("type", "https://www.rfc-editor.org/rfc/rfc9110#status." + status.value(),
				"title", status.getReasonPhrase(), "status", status.value(), "detail",
				(outcome instanceof ApplyOutcome.NotFound) ? "Todo not found"
						: "The todo's version does not match If-Match"));
	}

}
