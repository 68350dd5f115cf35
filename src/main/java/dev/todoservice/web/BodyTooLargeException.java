package dev.todoservice.web;

import java.io.IOException;

/**
 * A request body larger than {@code todo.http.max-body-size}; {@link ProblemHandler}
 * answers 413. An {@link IOException} because it is thrown from the body's stream, where
 * readers (Jackson, Spring's converters) expect one and wrap it, so the handler looks for
 * it along the cause chain.
 */
final class BodyTooLargeException extends IOException {

	BodyTooLargeException(long limit) {
		super("The request body exceeds the limit of " + limit + " bytes");
	}

}
