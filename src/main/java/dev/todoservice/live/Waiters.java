package dev.todoservice.live;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import dev.todoservice.todo.Outcome;

import org.springframework.stereotype.Component;

/**
 * Where a request thread waits for its change's outcome (read-your-writes). This
 * instance's consumer completes the wait after its transaction commits;
 * {@link Announcements} does when another instance applied the change.
 */
@Component
public class Waiters {

	private final Map<UUID, CompletableFuture<Outcome>> waiting = new ConcurrentHashMap<>();

	/** Reads waiting for a todo's create, by todo id; several may share one future. */
	private final Map<Long, CompletableFuture<Outcome>> todos = new ConcurrentHashMap<>();

	/**
	 * Registers interest before the change is sent, so a fast consumer cannot be missed.
	 */
	public CompletableFuture<Outcome> expect(UUID eventId) {
		return this.waiting.computeIfAbsent(eventId, (id) -> new CompletableFuture<>());
	}

	public void forget(UUID eventId) {
		this.waiting.remove(eventId);
	}

	/**
	 * Completes with the next change applied to the todo; register before reading the
	 * table, so a create applied in between cannot be missed.
	 */
	public CompletableFuture<Outcome> expectChangeOf(long todoId) {
		return this.todos.computeIfAbsent(todoId, (id) -> new CompletableFuture<>());
	}

	/**
	 * Drops the future (a waiter that gave up); others sharing it read the table again
	 * when their own wait ends.
	 */
	public void forget(long todoId, CompletableFuture<Outcome> future) {
		this.todos.remove(todoId, future);
	}

	/** Called once the change is committed; a change nobody here waits for is ignored. */
	public void complete(Applied applied) {
		if (applied.eventId() != null) {
			CompletableFuture<Outcome> waiter = this.waiting.remove(applied.eventId());
			if (waiter != null) {
				waiter.complete(applied.outcome());
			}
		}
		if (applied.outcome() instanceof Outcome.Change change) {
			CompletableFuture<Outcome> waiter = this.todos.remove(change.id());
			if (waiter != null) {
				waiter.complete(change);
			}
		}
	}

}
