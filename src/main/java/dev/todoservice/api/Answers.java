package dev.todoservice.api;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import dev.todoservice.todo.Outcome;
import dev.todoservice.todo.Todo;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;

/**
 * The one place where what a write did becomes an HTTP answer: an {@link Outcome} from
 * the consumer, a write still pending (202), or a problem the API finds before publishing
 * (404, 412, 422, 503; 429 past the owner's rate limit).
 */
final class Answers {

	static final String REPLAYED = "Idempotent-Replayed";

	/** Seconds; the retried read waits again, up to the apply wait, on the server. */
	static final String NOT_STORED_RETRY_AFTER = "1";

	private static final Map<String, String> DELETED = Map.of("message", "Todo deleted");

	private Answers() {
	}

	static ResponseEntity<Object> of(Outcome outcome) {
		return outcome.accept(new Outcome.Visitor<>() {

			@Override
			public ResponseEntity<Object> created(Outcome.Created created) {
				return ResponseEntity.status(HttpStatus.CREATED)
					.eTag(etag(created.version()))
					.location(location(created.id()))
					.body(created.todo());
			}

			@Override
			public ResponseEntity<Object> updated(Outcome.Updated updated) {
				return ResponseEntity.ok().eTag(etag(updated.version())).body(updated.todo());
			}

			@Override
			public ResponseEntity<Object> deleted(Outcome.Deleted deleted) {
				return ResponseEntity.ok(DELETED);
			}

			@Override
			public ResponseEntity<Object> notFound(Outcome.NotFound notFound) {
				throw Answers.notFound();
			}

			@Override
			public ResponseEntity<Object> preconditionFailed(Outcome.PreconditionFailed failed) {
				throw Answers.preconditionFailed(failed.version());
			}

			@Override
			public ResponseEntity<Object> keyReused(Outcome.KeyReused reused) {
				throw Answers.keyReused();
			}

			@Override
			public ResponseEntity<Object> replayed(Outcome.Replayed replayed) {
				return replay(replayed.first());
			}

		});
	}

	/**
	 * The first request's answer again, marked as a replay. Without an ETag: the todo may
	 * have changed since, and keys recorded before outcomes were kept did not store a
	 * version.
	 */
	private static ResponseEntity<Object> replay(Outcome first) {
		try {
			ResponseEntity<Object> answer = of(first);
			HttpHeaders headers = new HttpHeaders();
			headers.addAll(answer.getHeaders());
			headers.remove(HttpHeaders.ETAG);
			headers.set(REPLAYED, "true");
			return new ResponseEntity<>(answer.getBody(), headers, answer.getStatusCode());
		}
		catch (ErrorResponseException ex) {
			ex.getHeaders().remove(HttpHeaders.ETAG);
			ex.getHeaders().set(REPLAYED, "true");
			throw ex;
		}
	}

	/**
	 * 202: the write is durably in Kafka, not applied yet; {@code Location} shows it once
	 * it is.
	 */
	static ResponseEntity<Object> accepted(long id, @Nullable Object expected, boolean respondAsync) {
		ResponseEntity.BodyBuilder response = ResponseEntity.accepted().location(location(id));
		if (respondAsync) {
			response.header("Preference-Applied", "respond-async");
		}
		return response.body(expected);
	}

	static ResponseEntity<Object> unchanged(Todo current) {
		return ResponseEntity.ok().eTag(etag(current.version())).body(current);
	}

	/** A todo's strong ETag: its version in quotes. */
	static String etag(long version) {
		return "\"" + version + "\"";
	}

	static ErrorResponseException notFound() {
		return problem(HttpStatus.NOT_FOUND, "Todo not found");
	}

	/**
	 * A todo whose create was accepted and is not applied yet: it exists, and will be
	 * stored.
	 */
	static ErrorResponseException notStoredYet() {
		ErrorResponseException problem = problem(HttpStatus.SERVICE_UNAVAILABLE,
				"Todo accepted and not stored yet: its create is in Kafka and the consumer has not applied it. "
						+ "Retry later.");
		problem.getHeaders().set(HttpHeaders.RETRY_AFTER, NOT_STORED_RETRY_AFTER);
		return problem;
	}

	/**
	 * @param currentVersion the todo's version, sent as its ETag; null when unknown
	 */
	static ErrorResponseException preconditionFailed(@Nullable Long currentVersion) {
		ErrorResponseException problem = problem(HttpStatus.PRECONDITION_FAILED,
				"The todo's version does not match If-Match; read it again and retry");
		if (currentVersion != null) {
			problem.getHeaders().setETag(etag(currentVersion));
		}
		return problem;
	}

	static ErrorResponseException keyReused() {
		return problem(HttpStatus.UNPROCESSABLE_CONTENT,
				"This Idempotency-Key was used for a different request; use a new key for a new request");
	}

	/** Fair use: an owner at the cap creates nothing more until they delete some. */
	static ErrorResponseException tooManyTodos(long cap) {
		return problem(HttpStatus.UNPROCESSABLE_CONTENT,
				"You have " + cap + " todos, the most one account may keep; delete some to create more");
	}

	/**
	 * Usually nothing was stored; if only the confirmation was lost it still applies,
	 * hence the key.
	 */
	static ErrorResponseException writeUnavailable(@Nullable Throwable cause) {
		ErrorResponseException problem = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE,
				ProblemDetail
					.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
							"Kafka did not confirm the write in time. Retry later, with the same Idempotency-Key to be "
									+ "safe: the write may still be applied if only the confirmation was lost."),
				cause);
		problem.getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
		return problem;
	}

	/**
	 * Past the owner's rate limit; {@code Retry-After} in whole seconds, rounded up and
	 * at least 1 (0 would invite an immediate retry that fails again).
	 */
	static ErrorResponseException tooManyRequests(Duration wait) {
		ErrorResponseException problem = problem(HttpStatus.TOO_MANY_REQUESTS,
				"Too many requests: over this owner's rate limit. Retry after Retry-After seconds.");
		long seconds = Math.max(1, wait.plusNanos(999_999_999).getSeconds());
		problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		return problem;
	}

	private static ErrorResponseException problem(HttpStatus status, String detail) {
		return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
	}

	static URI location(long id) {
		return URI.create("/todos/" + id);
	}

}
