package dev.todoservice.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

import dev.todoservice.todo.TodoChange;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * The {@code Idempotency-Key} header: its rule (a constraint on the parameter), and what
 * it travels with.
 */
@Size(min = 1, max = 255)
@Pattern(regexp = "[\\x21-\\x7E]*")
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@interface IdempotencyKey {

	String HEADER = "Idempotency-Key";

	String message() default "must be 1 to 255 visible ASCII characters";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/**
	 * What a key travels with: a digest of its request, so that reusing it for another
	 * request is told apart.
	 */
	final class Fingerprint {

		private Fingerprint() {
		}

		/**
		 * The key with a digest of what the request asks for (method, id, fields); null
		 * without a key.
		 */
		static TodoChange.@Nullable Idempotency of(@Nullable String key, @Nullable Object... request) {
			if (key == null) {
				return null;
			}
			try {
				MessageDigest digest = MessageDigest.getInstance("SHA-256");
				for (Object part : request) {
					digest.update(Objects.toString(part, "\u0000null").getBytes(StandardCharsets.UTF_8));
					digest.update((byte) 0x1f);
				}
				return new TodoChange.Idempotency(key, HexFormat.of().formatHex(digest.digest()));
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException("SHA-256 is part of every JRE", ex);
			}
		}

	}

}
