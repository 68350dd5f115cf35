package dev.todoservice.todo;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the todo feature (environment: {@code TODO_TOPIC}, {@code TODO_PARTITIONS},
 * …).
 *
 * @param topic the topic every write travels on; its dead-letter topic is
 * {@code <topic>.DLT}
 * @param partitions partitions of both topics when the service creates them (the unit of
 * parallelism)
 * @param applyWait how long a write request waits for the consumer to apply it before
 * answering 202
 * @param sendTimeout how long a write request waits for Kafka to take the record before
 * answering 503
 * @param source the CloudEvents {@code ce_source} of the records this service produces
 * @param idempotencyTtl how long an Idempotency-Key is remembered
 * @param sharedOwner the owner of every todo in the open mode ({@code TODO_AUTH=none}),
 * of records that name no owner (the origin's clients) and of rows from before owners
 */
@Validated
@ConfigurationProperties("todo")
public record TodoSettings(@NotBlank @DefaultValue("todos2") String topic, @Min(1) @DefaultValue("3") int partitions,
		@NotNull @DefaultValue("5s") Duration applyWait, @NotNull @DefaultValue("5s") Duration sendTimeout,
		@NotBlank @DefaultValue("/todo-service") String source, @NotNull @DefaultValue("24h") Duration idempotencyTtl,
		@NotBlank @Size(max = Owner.MAX_LENGTH) @DefaultValue("shared") String sharedOwner,
		@Min(0) @DefaultValue("10000") long maxTodosPerOwner) {

	/**
	 * The dead-letter topic (the contract's {@code todos2.DLT}; Spring Kafka's default
	 * would be -dlt).
	 */
	/** {@link #sharedOwner} as an owner. */
	public Owner shared() {
		return new Owner(this.sharedOwner);
	}

	public String deadLetterTopic() {
		return this.topic + ".DLT";
	}

}
