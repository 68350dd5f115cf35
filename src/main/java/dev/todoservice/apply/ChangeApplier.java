package dev.todoservice.apply;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.todoservice.live.Applied;
import dev.todoservice.todo.IdempotencyKeys;
import dev.todoservice.todo.Outcome;
import dev.todoservice.todo.TodoChange;
import dev.todoservice.todo.TodoGone;
import dev.todoservice.todo.TodoIds;
import dev.todoservice.todo.Todos;

import org.springframework.stereotype.Component;

/**
 * Applies changes to the tables and decides their outcomes. Consecutive creates go to the
 * database in one JDBC batch; updates, deletes and changes with an Idempotency-Key apply
 * one at a time between them.
 */
@Component
class ChangeApplier {

	private final Todos todos;

	private final TodoIds ids;

	private final IdempotencyKeys keys;

	private final ApplyMetrics metrics;

	private final TodoGone gone;

	ChangeApplier(Todos todos, TodoIds ids, IdempotencyKeys keys, ApplyMetrics metrics, TodoGone gone) {
		this.todos = todos;
		this.gone = gone;
		this.ids = ids;
		this.keys = keys;
		this.metrics = metrics;
	}

	/**
	 * A batch for the changes of one transaction; {@link Batch#flush} before the
	 * transaction ends.
	 */
	Batch batch() {
		return new Batch();
	}

	final class Batch {

		private final List<TodoChange.Create> creates = new ArrayList<>();

		private final List<Applied> applied = new ArrayList<>();

		/** Applies the change (a create: once flushed) and returns its outcome. */
		Outcome add(TodoChange change) {
			TodoChange.Idempotency idempotency = change.idempotency();
			if (idempotency != null) {
				flush();
				Optional<IdempotencyKeys.Entry> earlier = ChangeApplier.this.keys.claim(change.owner(), idempotency);
				if (earlier.isPresent()) {
					if (change instanceof TodoChange.Create create && create.id() != 0) {
						// Refused: its id, maybe already in a 202's Location, will never
						// be stored.
						ChangeApplier.this.gone.add(create.id());
					}
					return applied(change, earlier.get().replay(idempotency.fingerprint()));
				}
			}
			Outcome outcome = change.accept(new TodoChange.Visitor<>() {

				@Override
				public Outcome create(TodoChange.Create create) {
					TodoChange.Create identified = (create.id() == 0) ? create.withId(ChangeApplier.this.ids.next())
							: create;
					Batch.this.creates.add(identified);
					return new Outcome.Created(identified.stored());
				}

				@Override
				public Outcome update(TodoChange.Update update) {
					flush();
					return ChangeApplier.this.todos.update(update);
				}

				@Override
				public Outcome delete(TodoChange.Delete delete) {
					flush();
					Outcome deleted = ChangeApplier.this.todos.delete(delete);
					if (deleted instanceof Outcome.Deleted) {
						ChangeApplier.this.gone.add(delete.id());
					}
					return deleted;
				}

			});
			if (idempotency != null) {
				flush();
				ChangeApplier.this.keys.record(change.owner(), idempotency.key(), outcome);
			}
			return applied(change, outcome);
		}

		/** Writes the creates added since the last flush. */
		void flush() {
			if (!this.creates.isEmpty()) {
				ChangeApplier.this.todos.insert(this.creates);
				this.creates.clear();
			}
		}

		/** What each change did, in the order applied. */
		List<Applied> applied() {
			return this.applied;
		}

		private Outcome applied(TodoChange change, Outcome outcome) {
			this.applied.add(new Applied(change.eventId(), change.owner(), outcome));
			ChangeApplier.this.metrics.applied(change.type(), outcome.name(), 1);
			return outcome;
		}

	}

}
