package dev.todoservice.events;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.todoservice.todo.Owner;
import dev.todoservice.todo.TodoChange;
import dev.todoservice.todo.TodoSettings;
import dev.todoservice.todo.TodoText;
import dev.todoservice.todo.proto.TodoCreate;
import dev.todoservice.todo.proto.TodoDelete;
import dev.todoservice.todo.proto.TodoUpdate;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Turns changes into Kafka records (Protobuf value, id key, CloudEvents headers) and
 * back. Decoding checks a record as strictly as the API checks a request: a record that
 * parses is not yet a valid one.
 * <p>
 * About 200 lines on purpose: both directions of one wire contract stay side by side.
 */
@Component
public class TodoChangeCodec {

	/** The client's Idempotency-Key, and a digest of its request (method, path, body). */
	static final String IDEMPOTENCY_KEY = "todo-idempotency-key";

	static final String IDEMPOTENCY_FINGERPRINT = "todo-idempotency-fingerprint";

	private final TodoSettings settings;

	private final Validator validator;

	private final Clock clock;

	TodoChangeCodec(TodoSettings settings, Validator validator) {
		this.settings = settings;
		this.validator = validator;
		this.clock = Clock.systemUTC();
	}

	/**
	 * The record of a change this service publishes: one with an event id (only records
	 * of other producers lack one).
	 */
	public ProducerRecord<String, byte[]> encode(TodoChange change) {
		UUID eventId = Objects.requireNonNull(change.eventId(), "a change this service publishes has an event id");
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(this.settings.topic(), Long.toString(change.id()),
				value(change));
		CloudEvents.write(record.headers(), change.type(), eventId, this.settings.source(), this.clock.instant());
		TodoChange.Idempotency idempotency = change.idempotency();
		if (idempotency != null) {
			record.headers().add(IDEMPOTENCY_KEY, idempotency.key().getBytes(StandardCharsets.UTF_8));
			record.headers().add(IDEMPOTENCY_FINGERPRINT, idempotency.fingerprint().getBytes(StandardCharsets.UTF_8));
		}
		return record;
	}

	public TodoChange decode(ConsumerRecord<String, byte[]> record) {
		if (record.value() == null) {
			throw new RejectedRecordException("record has no value (tombstone)");
		}
		String type = CloudEvents.read(record.headers(), CloudEvents.TYPE);
		try {
			if (type == null) {
				// The origin's clients send bare TodoCreate bytes: their id is not
				// trusted, one is assigned.
				TodoCreate create = TodoCreate.parseFrom(record.value());
				return checked(new TodoChange.Create(null, 0, owner(create.getOwner()), create.getTitle(),
						create.hasDescription() ? create.getDescription() : null, create.getCompleted(), null));
			}
			UUID eventId = eventId(record);
			TodoChange.Idempotency idempotency = idempotency(record);
			return switch (type) {
				case TodoChange.Create.TYPE -> {
					TodoCreate create = TodoCreate.parseFrom(record.value());
					yield checked(new TodoChange.Create(eventId, positive(create.getId()), owner(create.getOwner()),
							create.getTitle(), create.hasDescription() ? create.getDescription() : null,
							create.getCompleted(), idempotency));
				}
				case TodoChange.Update.TYPE -> {
					TodoUpdate update = TodoUpdate.parseFrom(record.value());
					yield checked(new TodoChange.Update(eventId, positive(update.getId()), owner(update.getOwner()),
							update.hasTitle() ? update.getTitle() : null,
							update.hasDescription() ? update.getDescription() : null, update.getClearDescription(),
							update.hasCompleted() ? update.getCompleted() : null, List.copyOf(update.getIfMatchList()),
							idempotency));
				}
				case TodoChange.Delete.TYPE -> {
					TodoDelete delete = TodoDelete.parseFrom(record.value());
					yield new TodoChange.Delete(eventId, positive(delete.getId()), owner(delete.getOwner()),
							List.copyOf(delete.getIfMatchList()), idempotency);
				}
				default -> throw new RejectedRecordException("unknown ce_type '" + type + "'");
			};
		}
		catch (InvalidProtocolBufferException ex) {
			throw new RejectedRecordException("value is not a " + (type == null ? TodoChange.Create.TYPE : type)
					+ " Protobuf message: " + ex.getMessage(), ex);
		}
	}

	/** The record value: the change's Protobuf message. */
	private static byte[] value(TodoChange change) {
		return change.accept(new TodoChange.Visitor<byte[]>() {

			@Override
			public byte[] create(TodoChange.Create create) {
				TodoCreate.Builder builder = TodoCreate.newBuilder()
					.setId(create.id())
					.setOwner(create.owner().id())
					.setTitle(create.title())
					.setCompleted(create.completed());
				Optional.ofNullable(create.description()).ifPresent(builder::setDescription);
				return builder.build().toByteArray();
			}

			@Override
			public byte[] update(TodoChange.Update update) {
				TodoUpdate.Builder builder = TodoUpdate.newBuilder()
					.setId(update.id())
					.setOwner(update.owner().id())
					.setClearDescription(update.clearDescription());
				Optional.ofNullable(update.title()).ifPresent(builder::setTitle);
				Optional.ofNullable(update.description()).ifPresent(builder::setDescription);
				Optional.ofNullable(update.completed()).ifPresent(builder::setCompleted);
				return builder.addAllIfMatch(update.ifMatch()).build().toByteArray();
			}

			@Override
			public byte[] delete(TodoChange.Delete delete) {
				return TodoDelete.newBuilder()
					.setId(delete.id())
					.setOwner(delete.owner().id())
					.addAllIfMatch(delete.ifMatch())
					.build()
					.toByteArray();
			}

		});
	}

	private static UUID eventId(ConsumerRecord<String, byte[]> record) {
		String id = CloudEvents.read(record.headers(), CloudEvents.ID);
		if (id == null) {
			throw new RejectedRecordException("record has ce_type but no ce_id header");
		}
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw new RejectedRecordException("ce_id '" + id + "' is not a UUID");
		}
	}

	private static TodoChange.@Nullable Idempotency idempotency(ConsumerRecord<String, byte[]> record) {
		String key = CloudEvents.read(record.headers(), IDEMPOTENCY_KEY);
		if (key == null) {
			return null;
		}
		String fingerprint = CloudEvents.read(record.headers(), IDEMPOTENCY_FINGERPRINT);
		// NUL would make PostgreSQL refuse the batch on every retry.
		if (key.isEmpty() || key.length() > 255 || fingerprint == null || key.indexOf('\u0000') >= 0
				|| fingerprint.indexOf('\u0000') >= 0) {
			throw new RejectedRecordException("malformed idempotency headers");
		}
		return new TodoChange.Idempotency(key, fingerprint);
	}

	/**
	 * A record without an owner (the origin's clients, records from before owners) is the
	 * shared owner's.
	 */
	private Owner owner(String owner) {
		if (owner.isEmpty()) {
			return this.settings.shared();
		}
		try {
			return new Owner(owner);
		}
		catch (IllegalArgumentException ex) {
			throw new RejectedRecordException("invalid owner: " + ex.getMessage());
		}
	}

	private static long positive(long id) {
		if (id <= 0) {
			throw new RejectedRecordException("todo id " + id + " is not positive");
		}
		return id;
	}

	private TodoChange.Create checked(TodoChange.Create create) {
		reject(this.validator.validate(new TodoText(create.title(), create.description())));
		return create;
	}

	private TodoChange.Update checked(TodoChange.Update update) {
		if (update.title() != null) {
			reject(this.validator.validateValue(TodoText.class, "title", update.title()));
		}
		if (update.description() != null) {
			reject(this.validator.validateValue(TodoText.class, "description", update.description()));
		}
		return update;
	}

	private static void reject(Set<ConstraintViolation<TodoText>> violations) {
		if (!violations.isEmpty()) {
			ConstraintViolation<TodoText> first = violations.iterator().next();
			String value = String.valueOf(first.getInvalidValue());
			throw new RejectedRecordException("invalid " + first.getPropertyPath() + ": " + first.getMessage() + " ("
					+ value.getBytes(StandardCharsets.UTF_8).length + " bytes)");
		}
	}

}
