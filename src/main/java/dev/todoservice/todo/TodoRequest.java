package dev.todoservice.todo;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of POST and PUT. The same rules guard the consumer against records from other producers, so
 * nothing the database cannot store (NUL, unpaired surrogates, overlong text) ever reaches it.
 * <p>
 * A bean, not a record, because PUT changes only the fields present in the body: Jackson calls a setter
 * only for a property the JSON has, so "absent" and {@code "description": null} stay apart.
 */
@Schema(name = "TodoRequest", description = "A todo as a client sends it; an `id` in the body is ignored")
final class TodoRequest {

	/** Text PostgreSQL can store: no NUL and no half of a surrogate pair. */
	static final String STORABLE = "[^\\u0000\\p{Cs}]*";

	static final String STORABLE_MESSAGE = "must not contain NUL or unpaired surrogate characters";

	@Schema(example = "Buy milk", requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1, maxLength = 100)
	@NotBlank
	@Size(min = 1, max = 100)
	@Pattern(regexp = STORABLE, message = STORABLE_MESSAGE)
	private String title;

	@Schema(example = "Two litres, semi-skimmed", maxLength = 255, types = { "string", "null" })
	@Size(max = 255)
	@Pattern(regexp = STORABLE, message = STORABLE_MESSAGE)
	private String description;

	@Schema(example = "false", defaultValue = "false", description = "false when absent on POST")
	private Boolean completed;

	private boolean descriptionPresent;

	TodoRequest() {
	}

	TodoRequest(String title, String description, Boolean completed) {
		this.title = title;
		setDescription(description);
		this.completed = completed;
	}

	public String getTitle() {
		return this.title;
	}

	public void setTitle(String title) {
		this.title = title;
	}

	public String getDescription() {
		return this.description;
	}

	public void setDescription(String description) {
		this.description = description;
		this.descriptionPresent = true;
	}

	/** Null when the body has no {@code completed}. */
	public Boolean getCompleted() {
		return this.completed;
	}

	public void setCompleted(Boolean completed) {
		this.completed = completed;
	}

	/** True when the body has a {@code description}, even an explicit null. */
	boolean hasDescription() {
		return this.descriptionPresent;
	}

}
