package dev.todoservice.todo;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The Idempotency-Key was used before for a different request (422 problem). */
class IdempotencyKeyReusedException extends ErrorResponseException {

	IdempotencyKeyReusedException() {
		super(HttpStatus.UNPROCESSABLE_CONTENT, ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
				"This Idempotency-Key was used for a different request; use a new key for a new request"), null);
	}

}
