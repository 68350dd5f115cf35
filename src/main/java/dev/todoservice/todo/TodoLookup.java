package dev.todoservice.todo;

import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * What the database says of a todo id for one owner, for the API: stored, accepted and
 * not stored yet, or absent (never handed out, deleted, its create refused, or another
 * owner's). A create answered 202 is in Kafka before its id reaches the client, and its
 * owner is recorded ({@link TodoAccepted}), so an id accepted for the owner that is
 * neither stored nor gone is on its way.
 */
@Component
public class TodoLookup {

	private final Todos todos;

	private final TodoIds ids;

	private final TodoGone gone;

	private final TodoAccepted accepted;

	TodoLookup(Todos todos, TodoIds ids, TodoGone gone, TodoAccepted accepted) {
		this.todos = todos;
		this.ids = ids;
		this.gone = gone;
		this.accepted = accepted;
	}

	/** One of {@link Stored}, {@link Pending}, {@link Absent}. */
	public sealed interface State {

	}

	public record Stored(Todo todo) implements State {
	}

	/**
	 * Accepted for this owner, not stored, not gone: its create has not been applied yet.
	 */
	public record Pending(long id) implements State {
	}

	public record Absent(long id) implements State {
	}

	/**
	 * Throws {@link org.springframework.dao.DataAccessException} when the database cannot
	 * say.
	 */
	public State find(long id, Owner owner) {
		Optional<Todo> todo = this.todos.find(id, owner);
		if (todo.isPresent()) {
			return new Stored(todo.get());
		}
		if (!this.ids.mayHaveHandedOut(id) || !this.accepted.contains(id, owner) || this.gone.contains(id)) {
			return new Absent(id);
		}
		return new Pending(id);
	}

	/**
	 * True when the id was handed out as far as this instance knows without asking the
	 * database.
	 */
	public boolean knownHandedOut(long id) {
		return this.ids.knownHandedOut(id);
	}

}
