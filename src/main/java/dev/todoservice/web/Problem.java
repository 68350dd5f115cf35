package dev.todoservice.web;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * The shape of every error response (RFC 9457 {@code application/problem+json}), for the
 * OpenAPI document; the handlers build Spring's
 * {@link org.springframework.http.ProblemDetail}.
 */
@Schema(name = "Problem", description = "RFC 9457 problem details")
record Problem(@Schema(example = "about:blank") String type, @Schema(example = "Unprocessable Entity") String title,
		@Schema(example = "422") int status, @Schema(example = "Validation failed") @Nullable String detail,
		@Schema(example = "/todos/") @Nullable String instance,
		@Schema(description = "Per-field errors, on 422") @Nullable List<FieldProblem> errors) {

	@Schema(name = "FieldProblem")
	record FieldProblem(@Schema(example = "title") String field,
			@Schema(example = "Title must not be blank") String message) {
	}

}
