package dev.todoservice.todo;

/** What applying one change did, as the request waiting for it learns. */
sealed interface ApplyOutcome {

	record Stored(Todo todo) implements ApplyOutcome {
	}

	/** @param version the version the todo had when it was deleted */
	record Deleted(long id, long version) implements ApplyOutcome {
	}

	record NotFound(long id) implements ApplyOutcome {
	}

	/** If-Match named other versions than the todo had when the change was applied. */
	record PreconditionFailed(long id, long version) implements ApplyOutcome {
	}

	/** The Idempotency-Key was applied before: the response given then, not a second effect. */
	record Replayed(int status, long todoId, String body) implements ApplyOutcome {
	}

	/** The Idempotency-Key was used before for a different request. */
	record KeyReused(String key) implements ApplyOutcome {
	}

}
