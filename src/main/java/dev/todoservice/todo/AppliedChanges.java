package dev.todoservice.todo;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Where a request thread waits for its change to be applied (read-your-writes): the consumer completes
 * the waiter after its transaction commits.
 */
@Component
class AppliedChanges {

	private final Map<UUID, CompletableFuture<ApplyOutcome>> waiting = new ConcurrentHashMap<>();

	/** Registers interest before the change is sent, so a fast consumer cannot be missed. */
	CompletableFuture<ApplyOutcome> expect(UUID eventId) {
		return this.waiting.computeIfAbsent(eventId, (id) -> new CompletableFuture<>());
	}

	void forget(UUID eventId) {
		this.waiting.remove(eventId);
	}

	/** Called once the changes are committed. */
	void applied(UUID eventId, ApplyOutcome outcome) {
		if (eventId != null) {
			CompletableFuture<ApplyOutcome> waiter = this.waiting.remove(eventId);
			if (waiter != null) {
				waiter.complete(outcome);
			}
		}
	}

}
