package dev.todoservice.todo;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Kafka did not take a write in time: nothing was stored, the client may retry (503 problem). */
class WriteUnavailableException extends ErrorResponseException {

	WriteUnavailableException(Throwable cause) {
		super(HttpStatus.SERVICE_UNAVAILABLE, ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"Kafka did not take the write in time; nothing was stored. Retry later."), cause);
		getHeaders().set("Retry-After", "5");
	}

}
