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

	/**
	 * Registers interest before the change is sent, so a fast consumer cannot be missed.
	 */
	public CompletableFuture<Outcome> expect(UUID eventId) {
		return this.waiting.computeIfAbsent(eventId, (id) -> new CompletableFuture<>());
	}

	public void forget(UUID eventId) {
		this.waiting.remove(eventId);
	}

	/** Called once the change is committed; a change nobody here waits for is ignored. */
	public void complete(Applied applied) {
		if (applied.eventId() != null) {
			CompletableFuture<Outcome> waiter = this.waiting.remove(applied.eventId());
			if (waiter != null) {
				waiter.complete(applied.outcome());
			}
		}
	}

}
