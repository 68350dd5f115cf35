package dev.todoservice.api;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.todoservice.live.Waiters;
import dev.todoservice.todo.Outcome;
import dev.todoservice.todo.Owner;
import dev.todoservice.todo.Todo;
import dev.todoservice.todo.TodoLookup;
import dev.todoservice.todo.TodoSettings;

import org.springframework.stereotype.Component;

/**
 * Reads one todo. A todo whose create was accepted (202) but is not applied yet is waited
 * for, as long as a write waits for its own change, so a client can read what it was
 * promised; past the wait the answer says "not stored yet", not 404.
 */
@Component
class TodoReads {

	private final TodoLookup lookup;

	private final Waiters waiters;

	private final TodoSettings settings;

	TodoReads(TodoLookup lookup, Waiters waiters, TodoSettings settings) {
		this.lookup = lookup;
		this.waiters = waiters;
		this.settings = settings;
	}

	/**
	 * The owner's stored todo; 404 when it does not exist (or is another owner's), 503
	 * with {@code Retry-After} when it is still on its way after the wait.
	 */
	Todo current(long id, Owner owner) {
		TodoLookup.State state = this.lookup.find(id, owner);
		long deadline = System.nanoTime() + this.settings.applyWait().toNanos();
		while (state instanceof TodoLookup.Pending && deadline - System.nanoTime() > 0) {
			// Registered before reading again, so a create applied in between wakes us.
			CompletableFuture<Outcome> change = this.waiters.expectChangeOf(id);
			try {
				state = this.lookup.find(id, owner);
				if (state instanceof TodoLookup.Pending) {
					change.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
					state = this.lookup.find(id, owner);
				}
			}
			catch (TimeoutException ex) {
				state = this.lookup.find(id, owner);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			catch (ExecutionException ex) {
				throw new IllegalStateException("Waiting for the todo failed", ex.getCause());
			}
			finally {
				this.waiters.forget(id, change);
			}
		}
		if (state instanceof TodoLookup.Stored stored) {
			return stored.todo();
		}
		throw (state instanceof TodoLookup.Pending) ? Answers.notStoredYet() : Answers.notFound();
	}

}
