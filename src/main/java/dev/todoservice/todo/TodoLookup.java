package dev.todoservice.todo;

import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * What the database says of a todo id, for the API: stored, accepted and not stored yet,
 * or absent (never handed out, deleted, or its create refused). A create answered 202 is
 * in Kafka before its id reaches the client, so an id handed out that is neither stored
 * nor gone is on its way.
 */
@Component
public class TodoLookup {

	private final Todos todos;

	private final TodoIds ids;

	private final TodoGone gone;

	TodoLookup(Todos todos, TodoIds ids, TodoGone gone) {
		this.todos = todos;
		this.ids = ids;
		this.gone = gone;
	}

	/** One of {@link Stored}, {@link Pending}, {@link Absent}. */
	public sealed interface State {

	}

	public record Stored(Todo todo) implements State {
	}

	/** Handed out, not stored, not gone: its create has not been applied yet. */
	public record Pending(long id) implements State {
	}

	public record Absent(long id) implements State {
	}

	/**
	 * Throws {@link org.springframework.dao.DataAccessException} when the database cannot
	 * say.
	 */
	public State find(long id) {
		Optional<Todo> todo = this.todos.find(id);
		if (todo.isPresent()) {
			return new Stored(todo.get());
		}
		if (!this.ids.mayHaveHandedOut(id) || this.gone.contains(id)) {
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
