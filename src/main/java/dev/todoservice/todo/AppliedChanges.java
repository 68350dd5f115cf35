package dev.todoservice.todo;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Where a request thread waits for its change to be applied (read-your-writes). The consumer of this
 * instance completes the waiter after its transaction commits; {@link AppliedNotifications} does when
 * another instance applied the change.
 */
@Component
class AppliedChanges {

	private final Map<UUID, Waiter> waiting = new ConcurrentHashMap<>();

	/** A request waiting for its change. */
	record Waiter(TodoChange change, CompletableFuture<ApplyOutcome> outcome) {
	}

	/** Registers interest before the change is sent, so a fast consumer cannot be missed. */
	CompletableFuture<ApplyOutcome> expect(TodoChange change) {
		return this.waiting.computeIfAbsent(change.eventId(), (id) -> new Waiter(change, new CompletableFuture<>()))
			.outcome();
	}

	void forget(UUID eventId) {
		this.waiting.remove(eventId);
	}

	/** The change a request of this instance waits for, or null. */
	TodoChange waitingFor(UUID eventId) {
		Waiter waiter = this.waiting.get(eventId);
		return (waiter != null) ? waiter.change() : null;
	}

	/** Called once the change is committed. */
	void applied(UUID eventId, ApplyOutcome outcome) {
		if (eventId != null) {
			Waiter waiter = this.waiting.remove(eventId);
			if (waiter != null) {
				waiter.outcome().complete(outcome);
			}
		}
	}

}
