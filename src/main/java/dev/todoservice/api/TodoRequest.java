package dev.todoservice.api;

import dev.todoservice.todo.TodoText;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * The body of POST and PUT, under the rules of {@link TodoText}.
 * <p>
 * A bean, not a record, because PUT changes only the fields present in the body: Jackson
 * calls a setter only for a property the JSON has, so "absent" and
 * {@code "description": null} stay apart.
 */
@Schema(name = "TodoRequest", description = "A todo as a client sends it; an `id` in the body is ignored")
final class TodoRequest {

	/**
	 * {@link TodoText}'s storable rule in words: its Java-only regular expression stays
	 * out of the OpenAPI document, where Python's or JavaScript's would not compile it.
	 */
	static final String TEXT_RULE = " no NUL or unpaired surrogate characters (the service checks it)";

	@Schema(description = "1 to 100 characters, not blank;" + TEXT_RULE, example = "Buy milk",
			requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1, maxLength = 100)
	@TodoText.Title
	private @Nullable String title;

	@Schema(description = "At most 255 characters, or null;" + TEXT_RULE, example = "Two litres, semi-skimmed",
			maxLength = 255, types = { "string", "null" })
	@TodoText.Description
	private @Nullable String description;

	@Schema(example = "false", defaultValue = "false", description = "false when absent on POST")
	private @Nullable Boolean completed;

	private boolean descriptionPresent;

	TodoRequest() {
	}

	TodoRequest(@Nullable String title, @Nullable String description, @Nullable Boolean completed) {
		this.title = title;
		setDescription(description);
		this.completed = completed;
	}

	/** Null when the body has no {@code title} (which only validation lets through). */
	public @Nullable String getTitle() {
		return this.title;
	}

	public void setTitle(@Nullable String title) {
		this.title = title;
	}

	public @Nullable String getDescription() {
		return this.description;
	}

	public void setDescription(@Nullable String description) {
		this.description = description;
		this.descriptionPresent = true;
	}

	/** Null when the body has no {@code completed}. */
	public @Nullable Boolean getCompleted() {
		return this.completed;
	}

	public void setCompleted(@Nullable Boolean completed) {
		this.completed = completed;
	}

	/** True when the body has a {@code description}, even an explicit null. */
	boolean hasDescription() {
		return this.descriptionPresent;
	}

}
