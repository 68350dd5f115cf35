package dev.todoservice.todo;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Kafka did not confirm a write in time (503 problem). Usually nothing was stored; when only the broker's
 * acknowledgement was lost the write may still be applied, so a retry should carry an Idempotency-Key.
 */
class WriteUnavailableException extends ErrorResponseException {

	WriteUnavailableException(Throwable cause) {
		super(HttpStatus.SERVICE_UNAVAILABLE, ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"Kafka did not confirm the write in time. Retry later, with the same Idempotency-Key to be safe: "
						+ "the write may still be applied if only the confirmation was lost."), cause);
		getHeaders().set("Retry-After", "5");
	}

}
