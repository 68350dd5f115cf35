package dev.todoservice.apply;

import java.time.Duration;

import dev.todoservice.todo.TodoSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The consumer's own meters (Prometheus names in brackets): changes applied by type and
 * outcome ({@code todo_changes_applied_total}), records dead-lettered
 * ({@code todo_records_dead_lettered_total}), and the write-to-apply latency histogram
 * ({@code todo_write_apply_seconds}).
 */
@Component
class ApplyMetrics {

	/** The write-to-apply objective: 99% of writes stored within this. */
	static final Duration OBJECTIVE = Duration.ofSeconds(1);

	private final MeterRegistry meters;

	ApplyMetrics(MeterRegistry meters, TodoSettings settings) {
		this.meters = meters;
		// Registered up front, so dashboards and alerts see 0 rather than no series at
		// all.
		deadLettered(settings.topic(), 0);
	}

	/**
	 * @param type the change's {@code ce_type}; @param outcome the {@code Outcome}'s name
	 */
	void applied(String type, String outcome, int count) {
		Counter.builder("todo.changes.applied")
			.description("Changes the consumer applied, by type and outcome")
			.tag("type", type)
			.tag("outcome", outcome)
			.register(this.meters)
			.increment(count);
	}

	void deadLettered(String topic, int count) {
		Counter.builder("todo.records.dead.lettered")
			.description("Records the consumer could never apply and sent to the dead-letter topic")
			.tag("topic", topic)
			.register(this.meters)
			.increment(count);
	}

	/**
	 * From the API accepting the write (the record's ce_time) to the consumer committing
	 * it.
	 */
	void writeToApply(@Nullable String type, Duration latency) {
		Timer.builder("todo.write.apply")
			.description("Write accepted by the API until the consumer committed it")
			.tag("type", (type != null) ? type : "foreign")
			.publishPercentileHistogram()
			// The objective's own bucket (docs/operations.md, SLOs), so its ratio is
			// exact.
			.serviceLevelObjectives(OBJECTIVE)
			.maximumExpectedValue(Duration.ofSeconds(30))
			.register(this.meters)
			.record(latency);
	}

}
