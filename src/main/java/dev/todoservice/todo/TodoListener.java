package dev.todoservice.todo;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.todoservice.messaging.CloudEvents;
import dev.todoservice.messaging.ConsumerOffsets;
import dev.todoservice.messaging.TopicIds;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

/**
 * The Kafka side of the consumer: takes a poll's records, has {@link TodoApplier} apply them in one
 * transaction, then wakes the requests waiting for them, records the write-to-apply latency, and (at
 * debug level) logs one line per record in the trace of the request that produced it. On assignment it
 * seeks to the offsets stored in the database, which are the truth; Kafka's own committed offsets only
 * serve lag monitoring.
 */
@Component
class TodoListener implements ConsumerSeekAware {

	static final String ID = "todo-applier";

	private static final Logger log = LoggerFactory.getLogger(TodoListener.class);

	private static final Propagator.Getter<ConsumerRecord<String, byte[]>> HEADERS = (record,
			name) -> CloudEvents.read(record.headers(), name);

	private final TodoApplier applier;

	private final AppliedChanges applied;

	private final ConsumerOffsets offsets;

	private final TopicIds topicIds;

	private final String groupId;

	private final TodoMetrics metrics;

	private final ObjectProvider<Tracer> tracer;

	private final ObjectProvider<Propagator> propagator;

	TodoListener(TodoApplier applier, AppliedChanges applied, ConsumerOffsets offsets, TopicIds topicIds,
			KafkaProperties kafka, TodoMetrics metrics, ObjectProvider<Tracer> tracer,
			ObjectProvider<Propagator> propagator) {
		this.applier = applier;
		this.applied = applied;
		this.offsets = offsets;
		this.topicIds = topicIds;
		this.groupId = kafka.getConsumer().getGroupId();
		this.metrics = metrics;
		this.tracer = tracer;
		this.propagator = propagator;
	}

	@KafkaListener(id = ID, idIsGroup = false, topics = "${todo.topic}", batch = "true")
	void onRecords(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
		List<TodoApplier.Applied> done = this.applier.apply(records, consumer);
		done.forEach((change) -> this.applied.applied(change.eventId(), change.outcome()));
		Instant now = Instant.now();
		for (ConsumerRecord<String, byte[]> record : records) {
			String type = CloudEvents.read(record.headers(), CloudEvents.TYPE);
			Instant accepted = acceptedAt(record);
			if (accepted != null) {
				this.metrics.writeToApply(type, Duration.between(accepted, now));
			}
			if (log.isDebugEnabled()) {
				logInTrace(record, type);
			}
		}
	}

	private static Instant acceptedAt(ConsumerRecord<String, byte[]> record) {
		String time = CloudEvents.read(record.headers(), CloudEvents.TIME);
		try {
			return (time != null) ? Instant.parse(time) : null;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/** One line per record, carrying the trace id of the HTTP request that produced it (W3C traceparent). */
	private void logInTrace(ConsumerRecord<String, byte[]> record, String type) {
		Tracer tracer = this.tracer.getIfAvailable();
		Propagator propagator = this.propagator.getIfAvailable();
		if (tracer == null || propagator == null) {
			log.debug("Applied {} of todo {} at {}-{}@{}", type, record.key(), record.topic(), record.partition(),
					record.offset());
			return;
		}
		Span span = propagator.extract(record, HEADERS).name("todo apply").start();
		try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
			log.debug("Applied {} of todo {} at {}-{}@{}", type, record.key(), record.topic(), record.partition(),
					record.offset());
		}
		finally {
			span.end();
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
