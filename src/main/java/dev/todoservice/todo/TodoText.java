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

	static final String STORABLE_MESSAGE = "must not contain NUL or unpaired surrogate characters";

	public static final int TITLE_MAX = 100;

	public static final int DESCRIPTION_MAX = 255;

	/** A title: 1 to 100 characters, not blank, storable. */
	@NotBlank
	@Size(min = 1, max = TITLE_MAX)
	@Pattern(regexp = STORABLE, message = STORABLE_MESSAGE)
	@Constraint(validatedBy = {})
	@Target({ ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.METHOD })
	@Retention(RetentionPolicy.RUNTIME)
	public @interface Title {

		String message() default "is not a valid title";

		Class<?>[] groups() default {};

		Class<? extends Payload>[] payload() default {};

	}

	/** A description: at most 255 characters, storable; null is allowed. */
	@Size(max = DESCRIPTION_MAX)
	@Pattern(regexp = STORABLE, message = STORABLE_MESSAGE)
	@Constraint(validatedBy = {})
	@Target({ ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.METHOD })
	@Retention(RetentionPolicy.RUNTIME)
	public @interface Description {

		String message() default "is not a valid description";

		Class<?>[] groups() default {};

		Class<? extends Payload>[] payload() default {};

	}

}
