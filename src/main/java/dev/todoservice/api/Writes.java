package dev.todoservice.api;

import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import dev.todoservice.events.ChangePublisher;
import dev.todoservice.events.WriteUnavailableException;
import dev.todoservice.todo.IdempotencyKeys;
import dev.todoservice.todo.Outcome;
import dev.todoservice.todo.Owner;
import dev.todoservice.todo.TodoAccepted;
import dev.todoservice.todo.TodoChange;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * The steps every write route shares: replay a key applied before, publish, answer the
 * outcome; for a create also the cap on todos per owner and, when answered 202, whose the
 * accepted todo is.
 */
@Component
class Writes {

	private static final Logger log = LoggerFactory.getLogger(Writes.class);

	private static final Pattern RESPOND_ASYNC = Pattern.compile("(^|.*[,;\\s])respond-async([,;\\s].*|$)",
			Pattern.CASE_INSENSITIVE);

	private final ChangePublisher publisher;

	private final IdempotencyKeys keys;

	private final TodoAccepted accepted;

	private final TodoCap cap;

	Writes(ChangePublisher publisher, IdempotencyKeys keys, TodoAccepted accepted, TodoCap cap) {
		this.publisher = publisher;
		this.keys = keys;
		this.accepted = accepted;
		this.cap = cap;
	}

	/**
	 * The first answer again when the key was applied before (422 when for another
	 * request); else {@code write}.
	 */
	ResponseEntity<Object> replayOr(Owner owner, TodoChange.@Nullable Idempotency idempotency,
			Supplier<ResponseEntity<Object>> write) {
		if (idempotency != null) {
			Optional<IdempotencyKeys.Entry> earlier;
			try {
				earlier = this.keys.find(owner, idempotency.key()).filter((entry) -> entry.outcome() != null);
			}
			catch (DataAccessException ex) {
				earlier = Optional.empty(); // the consumer checks the key again where it
											// applies the change
			}
			if (earlier.isPresent()) {
				return Answers.of(earlier.get().replay(idempotency.fingerprint()));
			}
		}
		return write.get();
	}

	/**
	 * Publishes the create and answers its outcome, or 422 when the owner is at the cap
	 * ({@link TodoCap}).
	 */
	ResponseEntity<Object> create(TodoChange.Create create, @Nullable String prefer) {
		this.cap.take(create.owner());
		return submit(create, prefer, create::stored, () -> this.accepted.add(create.id(), create.owner()));
	}

	/**
	 * Publishes the change and answers its outcome, or 202 with {@code expected} (what
	 * the todo will look like, when known) when the wait runs out or the client prefers
	 * not to wait.
	 */
	ResponseEntity<Object> submit(TodoChange change, @Nullable String prefer, Supplier<@Nullable Object> expected) {
		return submit(change, prefer, expected, () -> {
		});
	}

	private ResponseEntity<Object> submit(TodoChange change, @Nullable String prefer,
			Supplier<@Nullable Object> expected, Runnable beforeAccepted) {
		boolean async = prefer != null && RESPOND_ASYNC.matcher(prefer).matches();
		Optional<Outcome> outcome;
		try {
			outcome = this.publisher.submit(change, !async);
		}
		catch (WriteUnavailableException ex) {
			throw Answers.writeUnavailable(ex.getCause());
		}
		if (outcome.isPresent()) {
			return Answers.of(outcome.get());
		}
		try {
			beforeAccepted.run();
		}
		catch (DataAccessException ex) {
			// The write is in Kafka all the same. This instance remembers the acceptance
			// and records it once the database answers; until then another instance
			// reads the todo as 404.
			log.warn("Could not record the accepted todo {} yet (kept until the database answers): {}", change.id(),
					ex.getMessage());
		}
		return Answers.accepted(change.id(), expected.get(), async);
	}

}
