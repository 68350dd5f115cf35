package dev.todoservice.events;

import java.time.Duration;

import dev.todoservice.todo.Owner;
import dev.todoservice.todo.TodoSettings;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A real {@link TodoChangeCodec} for unit tests outside this package, and the record the
 * consumer would receive for what the codec produced.
 */
public final class TestCodec {

	public static final TodoSettings SETTINGS = new TodoSettings("todos-test", 3, Duration.ofSeconds(5),
			Duration.ofSeconds(5), "/todo-service-test", Duration.ofHours(24), "shared", 10_000);

	/**
	 * The shared owner: the one the integration tests' service (open mode) serves, so
	 * what a test publishes shows in its API.
	 */
	public static final Owner OWNER = SETTINGS.shared();

	private static final ValidatorFactory VALIDATORS = Validation.buildDefaultValidatorFactory();

	private TestCodec() {
	}

	public static Validator validator() {
		return VALIDATORS.getValidator();
	}

	public static TodoChangeCodec codec() {
		return new TodoChangeCodec(SETTINGS, validator());
	}

	/** The record as a consumer reads it at this partition and offset. */
	public static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> produced, int partition,
			long offset) {
		return consumed(produced, produced.topic(), partition, offset);
	}

	/** The record as a consumer of this topic reads it at this partition and offset. */
	public static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> produced, String topic,
			int partition, long offset) {
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(topic, partition, offset, produced.key(),
				produced.value());
		produced.headers().forEach((header) -> record.headers().add(header));
		return record;
	}

}
