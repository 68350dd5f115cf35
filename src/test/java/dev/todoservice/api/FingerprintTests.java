package dev.todoservice.api;

import java.util.List;

import dev.todoservice.todo.TodoChange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FingerprintTests {

	@Test
	void noKeyNoIdempotency() {
		assertThat(IdempotencyKey.Fingerprint.of(null, "POST", null, "t", null, false)).isNull();
	}

	@Test
	void theSameRequestHasTheSameFingerprint() {
		TodoChange.Idempotency first = IdempotencyKey.Fingerprint.of("key", "PATCH", 7L, "t", List.of(1L));
		TodoChange.Idempotency retry = IdempotencyKey.Fingerprint.of("key", "PATCH", 7L, "t", List.of(1L));
		assertThat(retry).as("a retry must be recognised as the same request, or it gets a 422").isEqualTo(first);
		assertThat(first.key()).isEqualTo("key");
		assertThat(first.fingerprint()).matches("[0-9a-f]{64}");
	}

	@Test
	void anyDifferingPartChangesTheFingerprint() {
		String base = fingerprint("PUT", 7L, "title", "description", true);
		assertThat(List.of(fingerprint("PATCH", 7L, "title", "description", true),
				fingerprint("PUT", 8L, "title", "description", true),
				fingerprint("PUT", 7L, "Title", "description", true), fingerprint("PUT", 7L, "title", null, true),
				fingerprint("PUT", 7L, "title", "description", false), fingerprint("PUT", 7L, "title", "description")))
			.as("a key reused for another request must be told apart, or the client gets the wrong answer")
			.doesNotContain(base)
			.doesNotHaveDuplicates();
	}

	@Test
	void partsAreKeptApart() {
		assertThat(fingerprint("POST", null, "ab", "c")).isNotEqualTo(fingerprint("POST", null, "a", "bc"));
		assertThat(fingerprint("POST", null, "t", null)).as("no description is not the text \"null\"")
			.isNotEqualTo(fingerprint("POST", null, "t", "null"));
	}

	private static String fingerprint(Object... request) {
		return IdempotencyKey.Fingerprint.of("key", request).fingerprint();
	}

}
