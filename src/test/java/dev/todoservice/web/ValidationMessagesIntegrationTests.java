package dev.todoservice.web;

import java.util.List;
import java.util.Map;

import dev.todoservice.infrastructure.Http;
import dev.todoservice.infrastructure.Http.Response;
import dev.todoservice.infrastructure.IntegrationTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.todoservice.infrastructure.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 422's {@code errors[].message} is a sentence a person can be shown as it is: the
 * field, then the rule in plain words. The web app shows exactly this text.
 */
@IntegrationTest
class ValidationMessagesIntegrationTests {

	@LocalServerPort
	int port;

	static List<Object[]> requests() {
		String title101 = "t".repeat(101);
		String description256 = "d".repeat(256);
		return List.of(
				new Object[] { "POST", "/todos/", "{\"title\": \"" + title101 + "\"}",
						Map.of("title", "Title must be 1 to 100 characters") },
				new Object[] { "POST", "/todos/", "{\"title\": \"  \"}", Map.of("title", "Title must not be blank") },
				new Object[] { "POST", "/todos/", "{\"description\": \"no title\"}",
						Map.of("title", "Title must not be blank") },
				new Object[] { "POST", "/todos/", "{\"title\": \"nul \\u0000\"}",
						Map.of("title", "Title must not contain NUL or unpaired surrogate characters") },
				new Object[] { "POST", "/todos/", "{\"title\": \"ok\", \"description\": \"" + description256 + "\"}",
						Map.of("description", "Description must be at most 255 characters") },
				new Object[] { "POST", "/todos/", "{\"title\": \"ok\", \"completed\": \"yes\"}",
						Map.of("completed", "Completed must be true or false") },
				new Object[] { "POST", "/todos/", "{\"title\": [\"a\"]}", Map.of("title", "Title must be text") },
				new Object[] { "PATCH", "/todos/1", "{\"title\": \"" + title101 + "\"}",
						Map.of("title", "Title must be 1 to 100 characters") },
				new Object[] { "PATCH", "/todos/1", "{\"completed\": 1}",
						Map.of("completed", "Completed must be true or false") },
				new Object[] { "GET", "/todos/?limit=abc", null, Map.of("limit", "Limit must be a whole number") },
				new Object[] { "GET", "/todos/?limit=0", null,
						Map.of("limit", "Limit must be greater than or equal to 1") },
				new Object[] { "GET", "/todos/?completed=maybe", null,
						Map.of("completed", "Completed must be true or false") });
	}

	@ParameterizedTest(name = "{0} {1} {2}")
	@MethodSource("requests")
	void messagesNameTheFieldAndTheRule(String method, String path, String body, Map<String, String> expected) {
		Response response = new Http(this.port).request(method, path, body);
		assertProblem(response, 422);
		Map.Entry<String, String> error = expected.entrySet().iterator().next();
		assertThat(response.json().get("errors").valueStream().map((e) -> e.get("field").asString()).toList())
			.as(response.toString())
			.containsExactly(error.getKey());
		assertThat(response.json().get("errors").get(0).get("message").asString()).as(response.toString())
			.isEqualTo(error.getValue());
	}

}
