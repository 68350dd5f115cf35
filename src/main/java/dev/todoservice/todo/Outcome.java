package dev.todoservice.todo;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import org.jspecify.annotations.Nullable;

/**
 * What applying one change did, as the consumer decided it. Recorded as JSON
 * ({@link OutcomeJson}) with an Idempotency-Key and announced to every instance; the API
 * turns it into an HTTP answer in one place ({@code api.Answers}). Each kind's name (its
 * JSON type) is also its metric tag and, for the three that change a todo, its
 * live-stream event.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "outcome")
@JsonSubTypes({ @JsonSubTypes.Type(Outcome.Created.class), @JsonSubTypes.Type(Outcome.Updated.class),
		@JsonSubTypes.Type(Outcome.Deleted.class), @JsonSubTypes.Type(Outcome.NotFound.class),
		@JsonSubTypes.Type(Outcome.PreconditionFailed.class), @JsonSubTypes.Type(Outcome.KeyReused.class),
		@JsonSubTypes.Type(Outcome.Replayed.class) })
public sealed interface Outcome {

	/** The kind's name: {@code created}, {@code not_found}, ... */
	@JsonIgnore
	default String name() {
		return getClass().getAnnotation(JsonTypeName.class).value();
	}

	/**
	 * True for the outcomes that changed a todo, which the live stream numbers and
	 * publishes.
	 */
	@JsonIgnore
	default boolean isChange() {
		return this instanceof Change;
	}

	/** An outcome that changed a todo. */
	sealed interface Change extends Outcome {

		long id();

		/** The todo's version after the change; for a delete, the version it had. */
		long version();

		/** The todo after the change; null when it was deleted. */
		@Nullable Todo todo();

	}

	/** A change after which the todo is stored: its id and version are the todo's. */
	sealed interface Stored extends Change {

		@Override
		Todo todo();

		@Override
		@JsonIgnore
		default long id() {
			return todo().id();
		}

		@Override
		@JsonIgnore
		default long version() {
			return todo().version();
		}

	}

	<R> R accept(Visitor<R> visitor);

	/**
	 * One method per outcome: adding one fails the build wherever outcomes are told
	 * apart.
	 */
	interface Visitor<R> {

		R created(Created created);

		R updated(Updated updated);

		R deleted(Deleted deleted);

		R notFound(NotFound notFound);

		R preconditionFailed(PreconditionFailed failed);

		R keyReused(KeyReused reused);

		R replayed(Replayed replayed);

	}

	@JsonTypeName("created")
	record Created(Todo todo) implements Stored {

		@Override
		public <R> R accept(Visitor<R> visitor) {
			return visitor.created(this);
		}

	}

	@JsonTypeName("updated")
	record Updated(Todo todo) implements Stored {

		@Override
		public <R> R accept(Visitor<R> visitor) {
			return visitor.updated(this);
		}

	}

	/**
	 * @param version the version the todo had when it was deleted
	 */
	@JsonTypeName("deleted")
	record Deleted(long id, long version) implements Change {

		@Override
		@JsonIgnore
		public @Nullable Todo todo() {
			return null;
		}

		@Override
		public <R> R accept(Visitor<R> visitor) {
			return visitor.deleted(this);
		}

	}

	@JsonTypeName("not_found")
	record NotFound(long id) implements Outcome {

		@Override
		public <R> R accept(Visitor<R> visitor) {
			return visitor.notFound(this);
		}

	}

	/** If-Match named other versions than the todo had when the change was applied. */
	@JsonTypeName("precondition_failed")
	record PreconditionFailed(long id, long version) implements Outcome {

		@Override
		public <R> R accept(Visitor<R> visitor) {
			return visitor.preconditionFailed(this);
		}

	}

	/** The Idempotency-Key was used before for a different request. */
	@JsonTypeName("key_reused")
	record KeyReused() implements Outcome {

		@Override
		public <R> R accept(Visitor<R> visitor) {
			return visitor.keyReused(this);
		}

	}

	/**
	 * The Idempotency-Key was applied before: what that first change did, not a second
	 * effect.
	 */
	@JsonTypeName("replayed")
	record Replayed(Outcome first) implements Outcome {

		@Override
		public <R> R accept(Visitor<R> visitor) {
			return visitor.replayed(this);
		}

	}

}
