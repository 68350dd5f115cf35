package dev.todoservice.api;

import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import dev.todoservice.events.ChangePublisher;
import dev.todoservice.events.WriteUnavailableException;
import dev.todoservice.todo.IdempotencyKeys;
import dev.todoservice.todo.Outcome;
import dev.todoservice.todo.TodoChange;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * The steps every write route shares: replay a key applied before, publish, answer the
 * outcome.
 */
@Component
class Writes {

	private static final Pattern RESPOND_ASYNC = Pattern.compile("(^|.*[,;\\s])respond-async([,;\\s].*|$)",
			Pattern.CASE_INSENSITIVE);

	private final ChangePublisher publisher;

	private final IdempotencyKeys keys;

	Writes(ChangePublisher publisher, IdempotencyKeys keys) {
		this.publisher = publisher;
		this.keys = keys;
	}

	/**
	 * The first answer again when the key was applied before (422 when for another
	 * request); else {@code write}.
	 */
	ResponseEntity<Object> replayOr(TodoChange.@Nullable Idempotency idempotency,
			Supplier<ResponseEntity<Object>> write) {
		if (idempotency != null) {
			Optional<IdempotencyKeys.Entry> earlier;
			try {
				earlier = this.keys.find(idempotency.key()).filter((entry) -> entry.outcome() != null);
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
	 * Publishes the change and answers its outcome, or 202 with {@code expected} (what
	 * the todo will look like, when known) when the wait runs out or the client prefers
	 * not to wait.
	 */
	ResponseEntity<Object> submit(TodoChange change, @Nullable String prefer, Supplier<@Nullable Object> expected) {
		boolean async = prefer != null && RESPOND_ASYNC.matcher(prefer).matches();
		Optional<Outcome> outcome;
		try {
			outcome = this.publisher.submit(change, !async);
		}
		catch (WriteUnavailableException ex) {
			throw Answers.writeUnavailable(ex.getCause());
		}
		return outcome.map(Answers::of).orElseGet(() -> Answers.accepted(change.id(), expected.get(), async));
	}

}
