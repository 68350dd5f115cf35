package dev.todoservice.web;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

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
			.map((entry) -> Map.of("field", entry.getKey(), "message", sentence(entry.getKey(), entry.getValue())))
			.toList();
		problem.setProperty("errors", errors);
		return problem;
	}

	/**
	 * A field's message as a sentence a person can read as it is: the field, then the
	 * rule ("Limit must be less than or equal to 1000"). Messages written as sentences
	 * already (they start with a capital) stay as they are; a validator's default wording
	 * ("must be ...") gets the field's name in front.
	 */
	static String sentence(String field, @Nullable String message) {
		String subject = field.isEmpty() ? "" : Character.toUpperCase(field.charAt(0)) + field.substring(1);
		if (message == null || message.isBlank()) {
			return subject.isEmpty() ? "The request is invalid" : subject + " is invalid";
		}
		if (Character.isUpperCase(message.charAt(0))) {
			return message;
		}
		return subject.isEmpty() ? Character.toUpperCase(message.charAt(0)) + message.substring(1)
				: subject + " " + message;
	}

}
