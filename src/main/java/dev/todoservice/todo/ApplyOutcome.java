package dev.todoservice.todo;

/** What applying one change did, as the request waiting for it learns. */
sealed interface ApplyOutcome {

	record Stored(Todo todo) implements ApplyOutcome {
	}

	record Deleted(long id) implements ApplyOutcome {
	}

	record NotFound(long id) implements ApplyOutcome {
	}

}
