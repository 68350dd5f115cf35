package dev.todoservice.todo;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A write as it travels through Kafka; the consumer applies it to the {@code todo} table.
 * Each kind names its CloudEvents type ({@code ce_type}).
 */
public sealed interface TodoChange {

	/**
	 * Unique per change (the CloudEvents id), or null for a record from another producer.
	 */
	@Nullable UUID eventId();

	long id();

	/** Whose todo it is: a change applies only to a todo of this owner. */
	Owner owner();

	/** The client's Idempotency-Key, or null. */
	@Nullable Idempotency idempotency();

	/** The CloudEvents type ({@code ce_type}) of this kind of change. */
	String type();

	<R> R accept(Visitor<R> visitor);

	/**
	 * One method per kind of change: adding a kind fails the build wherever changes are
	 * told apart.
	 */
	interface Visitor<R> {

		R create(Create create);

		R update(Update update);

		R delete(Delete delete);

	}

	/**
	 * A client's Idempotency-Key and a digest of its request, so a reuse for another
	 * request is told from a retry.
	 */
	record Idempotency(String key, String fingerprint) {
	}

	/**
	 * {@code id} 0 and no event id: a bare TodoCreate from another client, stored under
	 * an id we assign.
	 */
	record Create(@Nullable UUID eventId, long id, Owner owner, String title, @Nullable String description,
			boolean completed, @Nullable Idempotency idempotency) implements TodoChange {

		public static final String TYPE = "todo.create";

		public Create withId(long newId) {
			return new Create(this.eventId, newId, this.owner, this.title, this.description, this.completed,
					this.idempotency);
		}

		/** The todo this create stores. */
		public Todo stored() {
			return new Todo(this.id, this.title, this.description, this.completed, 1);
		}

		@Override
		public String type() {
			return TYPE;
		}

		@Override
		public <R> R accept(Visitor<R> visitor) {
			return visitor.create(this);
		}

	}

	/**
	 * Fields that are null stay as they are; {@code clearDescription} sets the
	 * description to null; {@code ifMatch} lists the versions it may apply to (empty:
	 * any).
	 */
	record Update(@Nullable UUID eventId, long id, Owner owner, @Nullable String title, @Nullable String description,
			boolean clearDescription, @Nullable Boolean completed, List<Long> ifMatch,
			@Nullable Idempotency idempotency) implements TodoChange {

		public static final String TYPE = "todo.update";

		/** The todo this update makes of {@code current}. */
		public Todo appliedTo(Todo current) {
			return new Todo(current.id(), (this.title != null) ? this.title : current.title(),
					this.clearDescription ? null
							: (this.description != null) ? this.description : current.description(),
					(this.completed != null) ? this.completed : current.completed(), current.version() + 1);
		}

		@Override
		public String type() {
			return TYPE;
		}

		@Override
		public <R> R accept(Visitor<R> visitor) {
			return visitor.update(this);
		}

	}

	record Delete(@Nullable UUID eventId, long id, Owner owner, List<Long> ifMatch,
			@Nullable Idempotency idempotency) implements TodoChange {

		public static final String TYPE = "todo.delete";

		@Override
		public String type() {
			return TYPE;
		}

		@Override
		public <R> R accept(Visitor<R> visitor) {
			return visitor.delete(this);
		}

	}

}
