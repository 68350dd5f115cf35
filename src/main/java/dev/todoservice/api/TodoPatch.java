package dev.todoservice.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.todoservice.todo.Owner;
import dev.todoservice.todo.TodoChange;
import dev.todoservice.todo.TodoText;
import dev.todoservice.web.InvalidFieldsException;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A JSON Merge Patch (RFC 7396) of a todo: a member present changes that field,
 * {@code null} removes it (only the description can be removed), a member absent leaves
 * it alone. Parsed by hand from the JSON tree because a bound object cannot tell "absent"
 * from "null".
 *
 * @param title the new title, or null to leave it
 * @param description the new description, or null to leave it
 * @param clearDescription true when the patch removes the description
 * @param completed the new state, or null to leave it
 */
@Schema(name = "TodoPatch", description = "JSON Merge Patch (RFC 7396): members present change, "
		+ "`\"description\": null` removes the description, absent members stay")
record TodoPatch(
		@Schema(description = "1 to 100 characters, not blank;" + TodoRequest.TEXT_RULE, example = "Buy oat milk",
				minLength = 1, maxLength = 100) @Nullable String title,
		@Schema(description = "At most 255 characters; null removes the description;" + TodoRequest.TEXT_RULE,
				example = "1 litre", maxLength = 255, types = {
						"string", "null" }) @Nullable String description,
		@Schema(hidden = true) boolean clearDescription, @Schema(example = "true") @Nullable Boolean completed){

	/**
	 * PUT: the fields the body has; {@code "description": null} removes the description.
	 */
	static TodoPatch of(TodoRequest request) {
		return new TodoPatch(request.getTitle(), request.getDescription(),
				request.hasDescription() && request.getDescription() == null, request.getCompleted());
	}

	TodoChange.Update toUpdate(long id, Owner owner, List<Long> ifMatch, TodoChange.@Nullable Idempotency idempotency) {
		return new TodoChange.Update(UUID.randomUUID(), id, owner, this.title, this.description, this.clearDescription,
				this.completed, ifMatch, idempotency);
	}

	boolean isEmpty() {
		return this.title == null && this.description == null && !this.clearDescription && this.completed == null;
	}

	/**
	 * Reads and checks a patch with the same rules as POST; throws a 422 naming each bad
	 * member.
	 */
	static TodoPatch parse(@Nullable JsonNode patch, Validator validator) {
		if (patch == null || !patch.isObject()) {
			throw new InvalidFieldsException(Map.of("", "A merge patch of a todo must be a JSON object"));
		}
		Map<String, String> errors = new LinkedHashMap<>();
		String title = null;
		String description = null;
		boolean clearDescription = false;
		Boolean completed = null;
		if (patch.has("title")) {
			JsonNode value = patch.get("title");
			if (!value.isString()) {
				errors.put("title", value.isNull() ? "Title cannot be removed" : TodoText.TITLE_TYPE);
			}
			else {
				title = value.asString();
				check(validator, "title", title, errors);
			}
		}
		if (patch.has("description")) {
			JsonNode value = patch.get("description");
			if (value.isNull()) {
				clearDescription = true;
			}
			else if (!value.isString()) {
				errors.put("description", TodoText.DESCRIPTION_TYPE);
			}
			else {
				description = value.asString();
				check(validator, "description", description, errors);
			}
		}
		if (patch.has("completed")) {
			JsonNode value = patch.get("completed");
			if (!value.isBoolean()) {
				errors.put("completed", TodoText.COMPLETED_TYPE);
			}
			else {
				completed = value.asBoolean();
			}
		}
		if (!errors.isEmpty()) {
			throw new InvalidFieldsException(errors);
		}
		return new TodoPatch(title, description, clearDescription, completed);
	}

	private static void check(Validator validator, String field, String value, Map<String, String> errors) {
		Set<ConstraintViolation<TodoText>> violations = validator.validateValue(TodoText.class, field, value);
		if (!violations.isEmpty()) {
			errors.put(field, violations.iterator().next().getMessage());
		}
	}

}
