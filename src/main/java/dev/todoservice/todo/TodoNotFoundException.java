package dev.todoservice.todo;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No todo has this id (404 problem). */
class TodoNotFoundException extends ErrorResponseException {

	TodoNotFoundException(long id) {
		super(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "Todo not found"), null);
	}

}
