package dev.todoservice.todo;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * The rules a todo's text follows, wherever it comes from: a request body, a merge patch,
 * or a record another producer put on the topic. Nothing PostgreSQL cannot store (NUL,
 * unpaired surrogates, overlong text) ever reaches it.
 */
public record TodoText(@Title String title, @Description @Nullable String description) {

	/** Text PostgreSQL can store: no NUL and no half of a surrogate pair. */
	static final String STORABLE = "[^\\u0000\\p{Cs}]*";

	public static final int TITLE_MAX = 100;

	public static final int DESCRIPTION_MAX = 255;

	// The messages are sentences a person can read as they are (the API's 422 carries
	// them and the web app shows them unchanged): the field, then the rule in plain
	// words.

	public static final String TITLE_BLANK = "Title must not be blank";

	public static final String TITLE_SIZE = "Title must be 1 to " + TITLE_MAX + " characters";

	public static final String TITLE_STORABLE = "Title must not contain NUL or unpaired surrogate characters";

	public static final String TITLE_TYPE = "Title must be text";

	public static final String DESCRIPTION_SIZE = "Description must be at most " + DESCRIPTION_MAX + " characters";

	public static final String DESCRIPTION_STORABLE = "Description must not contain NUL or unpaired surrogate characters";

	public static final String DESCRIPTION_TYPE = "Description must be text or null";

	public static final String COMPLETED_TYPE = "Completed must be true or false";

	/**
	 * A title: 1 to 100 characters, not blank, storable. The size rule has no minimum of
	 * its own: {@code @NotBlank} covers it, so an empty title gets one message, not two.
	 */
	@NotBlank(message = TITLE_BLANK)
	@Size(max = TITLE_MAX, message = TITLE_SIZE)
	@Pattern(regexp = STORABLE, message = TITLE_STORABLE)
	@Constraint(validatedBy = {})
	@Target({ ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.METHOD })
	@Retention(RetentionPolicy.RUNTIME)
	public @interface Title {

		String message() default "Title is not valid";

		Class<?>[] groups() default {};

		Class<? extends Payload>[] payload() default {};

	}

	/** A description: at most 255 characters, storable; null is allowed. */
	@Size(max = DESCRIPTION_MAX, message = DESCRIPTION_SIZE)
	@Pattern(regexp = STORABLE, message = DESCRIPTION_STORABLE)
	@Constraint(validatedBy = {})
	@Target({ ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.METHOD })
	@Retention(RetentionPolicy.RUNTIME)
	public @interface Description {

		String message() default "Description is not valid";

		Class<?>[] groups() default {};

		Class<? extends Payload>[] payload() default {};

	}

}
