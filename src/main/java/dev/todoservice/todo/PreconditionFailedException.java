package dev.todoservice.todo;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** If-Match named other versions than the todo has (412 problem, with the current ETag). */
class PreconditionFailedException extends ErrorResponseException {

	PreconditionFailedException(Long currentVersion) {
		super(HttpStatus.PRECONDITION_FAILED, ProblemDetail.forStatusAndDetail(HttpStatus.PRECONDITION_FAILED,
				"The todo's version does not match If-Match; read it again and retry"), null);
		if (currentVersion != null) {
			getHeaders().setETag(EntityTags.of(currentVersion));
		}
	}

}
