package dev.todoservice.web;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A request whose fields break the rules, found by code rather than by Bean Validation (a
 * merge patch, a header): answered like any validation failure, 422 with per-field
 * {@code errors}.
 */
public class InvalidFieldsException extends ErrorResponseException {

	public InvalidFieldsException(Map<String, String> messagesByField) {
		super(HttpStatus.UNPROCESSABLE_CONTENT, problem(messagesByField), null);
	}

	private static ProblemDetail problem(Map<String, String> messagesByField) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, "Validation failed");
		List<Map<String, String>> errors = messagesByField.entrySet()
			.stream()
			.map((entry) -> Map.of("field", entry.getKey(), "message", entry.getValue()))
			.toList();
		problem.setProperty("errors", errors);
		return problem;
	}

}
