package dev.todoservice.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.validation.Errors;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;

/**
 * The {@code errors} of a 422: one {@code {field, message}} per broken rule, each message
 * a sentence naming the field, whichever way Spring found the failure.
 */
final class FieldErrors {

	private FieldErrors() {
	}

	/** A {@code @Valid} body: its fields, and rules over the whole object. */
	static List<Map<String, String>> of(Errors result) {
		List<Map<String, String>> errors = new ArrayList<>();
		result.getFieldErrors().forEach((error) -> errors.add(fieldError(error.getField(), error.getDefaultMessage())));
		result.getGlobalErrors()
			.forEach((error) -> errors.add(fieldError(error.getObjectName(), error.getDefaultMessage())));
		return errors;
	}

	/**
	 * Method validation: a {@code @Valid} body names its fields; a plain parameter (a
	 * query parameter) is its own field.
	 */
	static List<Map<String, String>> of(List<ParameterValidationResult> results) {
		List<Map<String, String>> errors = new ArrayList<>();
		for (ParameterValidationResult result : results) {
			if (result instanceof ParameterErrors body) {
				errors.addAll(of(body));
				continue;
			}
			String name = result.getMethodParameter().getParameterName();
			for (MessageSourceResolvable error : result.getResolvableErrors()) {
				errors.add(fieldError(name, error.getDefaultMessage()));
			}
		}
		return errors;
	}

	/** A query or path parameter that does not convert to its type. */
	static Map<String, String> wrongType(@Nullable String name, @Nullable Class<?> type) {
		return fieldError(name, typeRule(type));
	}

	/** A well-formed JSON body with a value of the wrong type. */
	static Map<String, String> wrongType(MismatchedInputException mismatch) {
		return fieldError(jsonPath(mismatch), typeRule(mismatch.getTargetType()));
	}

	/**
	 * One entry of {@code errors}; a field whose name is unknown (a type mismatch outside
	 * a property) gets the empty name, as the body as a whole does.
	 */
	private static Map<String, String> fieldError(@Nullable String field, @Nullable String message) {
		String name = (field != null) ? field : "";
		return Map.of("field", name, "message", InvalidFieldsException.sentence(name, message));
	}

	/** What a value of the wrong JSON or query type should have been, in plain words. */
	private static String typeRule(@Nullable Class<?> type) {
		if (type == String.class) {
			return "must be text";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "must be true or false";
		}
		if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
			return "must be a whole number";
		}
		return "has the wrong type";
	}

	private static String jsonPath(MismatchedInputException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

}
