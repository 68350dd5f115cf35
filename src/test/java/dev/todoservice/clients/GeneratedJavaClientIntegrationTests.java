package dev.todoservice.clients;

import java.text.DateFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.todoservice.client.java.ApiClient;
import dev.todoservice.client.java.api.TodosApi;
import dev.todoservice.client.java.model.DeleteTodo200Response;
import dev.todoservice.client.java.model.FieldProblem;
import dev.todoservice.client.java.model.Problem;
import dev.todoservice.client.java.model.Todo;
import dev.todoservice.client.java.model.TodoPatch;
import dev.todoservice.client.java.model.TodoRequest;
import dev.todoservice.infrastructure.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClientResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The Java client that openapi-generator builds from the OpenAPI snapshot (see the pom),
 * driven through every todo operation against the running service: a change to the API
 * that breaks it fails the build, here or when the generated code no longer compiles.
 */
@IntegrationTest
class GeneratedJavaClientIntegrationTests {

	@LocalServerPort
	int port;

	TodosApi todos;

	ApiClient client;

	@BeforeEach
	void client() {
		// The generated models write every member, unset ones as null; to this API a null
		// description removes it (PUT, JSON Merge Patch) and a null title is a 422, so
		// the
		// client leaves unset members out.
		DateFormat format = ApiClient.createDefaultDateFormat();
		JsonMapper mapper = ApiClient.createDefaultMapper(format)
			.rebuild()
			.changeDefaultPropertyInclusion((inclusion) -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
			.build();
		this.client = new ApiClient(mapper, format).setBasePath("http://127.0.0.1:" + this.port);
		this.todos = new TodosApi(this.client);
	}

	@Test
	void drivesEveryOperation() {
		// create
		ResponseEntity<Todo> created = this.todos
			.createTodoWithHttpInfo(new TodoRequest().title("Buy milk").description("2 l"), null, null);
		assertThat(created.getStatusCode().value()).isEqualTo(201);
		Todo todo = created.getBody();
		assertThat(todo.getId()).isPositive();
		assertThat(todo.getTitle()).isEqualTo("Buy milk");
		assertThat(todo.getDescription()).isEqualTo("2 l");
		assertThat(todo.getCompleted()).isFalse();
		assertThat(created.getHeaders().getFirst(HttpHeaders.LOCATION)).isEqualTo("/todos/" + todo.getId());
		String etag = created.getHeaders().getETag();
		assertThat(etag).isNotBlank();

		// get
		ResponseEntity<Todo> read = this.todos.getTodoWithHttpInfo(todo.getId());
		assertThat(read.getBody()).isEqualTo(todo);
		assertThat(read.getHeaders().getETag()).isEqualTo(etag);

		// list, following the cursor of the Link header
		long second = this.todos.createTodo(new TodoRequest().title("Second"), null, null).getId();
		long third = this.todos.createTodo(new TodoRequest().title("Third").completed(true), null, null).getId();
		ResponseEntity<List<Todo>> page = this.todos.listTodosWithHttpInfo(2, todo.getId() - 1, null);
		assertThat(page.getBody()).extracting(Todo::getId).startsWith(todo.getId()).hasSize(2);
		long after = after(page.getHeaders().getFirst(HttpHeaders.LINK));
		assertThat(after).isEqualTo(page.getBody().get(1).getId());
		List<Todo> next = this.todos.listTodos(2, after, null);
		assertThat(next).isNotEmpty().allSatisfy((later) -> assertThat(later.getId()).isGreaterThan(after));
		assertThat(List.of(page.getBody().get(1).getId(), next.get(0).getId())).contains(second);
		assertThat(this.todos.listTodos(1000, second, true)).extracting(Todo::getId).contains(third);

		// PUT with the current ETag
		ResponseEntity<Todo> updated = this.todos.updateTodoWithHttpInfo(todo.getId(),
				new TodoRequest().title("Buy oat milk").completed(true), etag, null, null);
		assertThat(updated.getBody().getTitle()).isEqualTo("Buy oat milk");
		assertThat(updated.getBody().getDescription()).as("absent from the PUT body: unchanged").isEqualTo("2 l");
		assertThat(updated.getBody().getCompleted()).isTrue();
		assertThat(updated.getHeaders().getETag()).isNotEqualTo(etag);

		// PATCH
		Todo patched = this.todos.patchTodo(todo.getId(), new TodoPatch().completed(false), null, null, null);
		assertThat(patched.getTitle()).isEqualTo("Buy oat milk");
		assertThat(patched.getCompleted()).isFalse();

		// 412: the ETag from before the PUT is stale
		Problem stale = problem(
				() -> this.todos.patchTodo(todo.getId(), new TodoPatch().title("Too late"), etag, null, null), 412);
		assertThat(stale.getStatus()).isEqualTo(412);
		assertThat(this.todos.getTodo(todo.getId()).getTitle()).isEqualTo("Buy oat milk");

		// 422
		Problem invalid = problem(() -> this.todos.createTodo(new TodoRequest().title(""), null, null), 422);
		assertThat(invalid.getErrors()).extracting(FieldProblem::getField).contains("title");
		assertThat(invalid.getErrors()).allSatisfy((error) -> assertThat(error.getMessage()).isNotBlank());

		// DELETE, then 404
		DeleteTodo200Response deleted = this.todos.deleteTodo(todo.getId(), null, null, null);
		assertThat(deleted.getMessage()).isEqualTo("Todo deleted");
		Problem missing = problem(() -> this.todos.getTodo(todo.getId()), 404);
		assertThat(missing.getStatus()).isEqualTo(404);
		problem(() -> this.todos.deleteTodo(todo.getId(), null, null, null), 404);
	}

	private Problem problem(Runnable call, int status) {
		RestClientResponseException failure = catchThrowableOfType(RestClientResponseException.class, call::run);
		assertThat(failure).as("HTTP %s", status).isNotNull();
		assertThat(failure.getStatusCode().value()).as(failure.getResponseBodyAsString()).isEqualTo(status);
		assertThat(failure.getResponseHeaders().getContentType()).hasToString("application/problem+json");
		return this.client.getJsonMapper().readValue(failure.getResponseBodyAsString(), Problem.class);
	}

	private static long after(String link) {
		assertThat(link).as("Link header").isNotNull();
		Matcher matcher = Pattern.compile("<[^>]*[?&]after=(\\d+)[^>]*>;\\s*rel=\"next\"").matcher(link);
		assertThat(matcher.find()).as(link).isTrue();
		return Long.parseLong(matcher.group(1));
	}

}
