package dev.todoservice.todo;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.todoservice.infrastructure.Http;
import dev.todoservice.infrastructure.Http.Response;
import dev.todoservice.infrastructure.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.todoservice.infrastructure.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route of the HTTP contract, through the real write path (Kafka, consumer,
 * PostgreSQL).
 */
@IntegrationTest
class TodoApiIntegrationTests {

	@LocalServerPort
	int port;

	Http http;

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
	}

	@Test
	void greetsAsTheOriginDid() {
		Response response = this.http.get("/");
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().get("Hello").asString()).isEqualTo("PanaCloud Todo 2");
	}

	@Test
	void createAnswers201WithTheStoredTodoOnceTheConsumerStoredIt() {
		Response created = this.http.post("/todos/",
				"{\"title\": \"Buy milk\", \"description\": \"2 l\", \"id\": 999999, \"completed\": true}");

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		JsonNode todo = created.json();
		long id = todo.get("id").asLong();
		assertThat(id).as("server-assigned id, the body's id ignored").isPositive().isNotEqualTo(999999);
		assertThat(created.header("Location")).isEqualTo("/todos/" + id);
		assertThat(todo.get("title").asString()).isEqualTo("Buy milk");
		assertThat(todo.get("description").asString()).isEqualTo("2 l");
		assertThat(todo.get("completed").asBoolean()).isTrue();

		Response read = this.http.get("/todos/" + id);
		assertThat(read.status()).as("read-your-writes: stored before 201 answered; " + read).isEqualTo(200);
		assertThat(read.json()).isEqualTo(todo);
	}

	@Test
	void everyRouteAnswersWithAndWithoutTrailingSlash() {
		long id = create("{\"title\": \"slashes\"}");
		assertThat(this.http.post("/todos", "{\"title\": \"no slash\"}").status()).isEqualTo(201);
		assertThat(this.http.get("/todos").status()).isEqualTo(200);
		assertThat(this.http.get("/todos/").status()).isEqualTo(200);
		assertThat(this.http.get("/todos/" + id + "/").status()).isEqualTo(200);
		assertThat(this.http.put("/todos/" + id + "/", "{\"title\": \"slash\"}").status()).isEqualTo(200);
		assertThat(this.http.delete("/todos/" + id + "/").status()).isEqualTo(200);
	}

	@Test
	void createDefaultsCompletedToFalseAndDescriptionToNull() {
		Response created = this.http.post("/todos/", "{\"title\": \"defaults\"}");
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.json().get("completed").asBoolean()).isFalse();
		assertThat(created.json().get("description").isNull()).isTrue();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "{\"title\": \"\"}", "{\"title\": \"   \"}", "{\"description\": \"no title\"}",
			"{\"title\": null}", "{\"title\": \"nul \\u0000 inside\"}", "{\"title\": \"half \\ud800 pair\"}",
			"{\"title\": \"ok\", \"description\": \"nul \\u0000\"}", "{\"title\": \"ok\", \"completed\": \"yes\"}",
			"{\"title\": \"ok\", \"completed\": 2.5}" })
	void invalidCreatesAre422WithPerFieldErrors(String body) {
		Response response = this.http.post("/todos/", body);
		assertProblem(response, 422);
		assertThat(response.json().get("errors").isArray()).as(response.toString()).isTrue();
		assertThat(response.json().get("errors").get(0).get("field").asString()).as(response.toString())
			.isIn("title", "description", "completed");
	}

	@Test
	void lengthLimitsAreTheContracts() {
		assertThat(this.http.post("/todos/", "{\"title\": \"" + "t".repeat(100) + "\"}").status()).isEqualTo(201);
		assertProblem(this.http.post("/todos/", "{\"title\": \"" + "t".repeat(101) + "\"}"), 422);
		assertThat(
				this.http.post("/todos/", "{\"title\": \"d\", \"description\": \"" + "d".repeat(255) + "\"}").status())
			.isEqualTo(201);
		assertProblem(this.http.post("/todos/", "{\"title\": \"d\", \"description\": \"" + "d".repeat(256) + "\"}"),
				422);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "{\"title\": ", "not json", "[1, 2", "" })
	void malformedJsonIs400(String body) {
		assertProblem(this.http.post("/todos/", body), 400);
	}

	@Test
	void unknownIdIs404WithTodoNotFound() {
		for (Response response : List.of(this.http.get("/todos/987654321"),
				this.http.put("/todos/987654321", "{\"title\": \"x\"}"), this.http.delete("/todos/987654321"))) {
			assertProblem(response, 404);
			assertThat(response.json().get("detail").asString()).isEqualTo("Todo not found");
		}
	}

	@Test
	void badPathIdIs422() {
		assertProblem(this.http.get("/todos/abc"), 422);
	}

	@Test
	void unmappedRouteIs404ProblemJson() {
		assertProblem(this.http.get("/no/such/route"), 404);
	}

	@Test
	void putChangesOnlyTheFieldsInTheBody() {
		long id = create("{\"title\": \"before\", \"description\": \"keep me\", \"completed\": true}");

		Response renamed = this.http.put("/todos/" + id, "{\"title\": \"after\"}");
		assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
		assertThat(renamed.json().get("title").asString()).isEqualTo("after");
		assertThat(renamed.json().get("description").asString()).as("absent: unchanged").isEqualTo("keep me");
		assertThat(renamed.json().get("completed").asBoolean()).as("absent: unchanged").isTrue();

		Response cleared = this.http.put("/todos/" + id,
				"{\"title\": \"after\", \"description\": null, \"completed\": false}");
		assertThat(cleared.status()).as(cleared.toString()).isEqualTo(200);
		assertThat(cleared.json().get("description").isNull()).as("explicit null clears").isTrue();
		assertThat(cleared.json().get("completed").asBoolean()).isFalse();

		assertThat(this.http.get("/todos/" + id).json()).as("stored as answered").isEqualTo(cleared.json());
	}

	@Test
	void putValidatesLikePost() {
		long id = create("{\"title\": \"valid\"}");
		assertProblem(this.http.put("/todos/" + id, "{\"description\": \"title missing\"}"), 422);
		assertProblem(this.http.put("/todos/" + id, "{\"title\": \"" + "x".repeat(101) + "\"}"), 422);
		assertThat(this.http.get("/todos/" + id).json().get("title").asString()).as("nothing changed")
			.isEqualTo("valid");
	}

	@Test
	void deleteAnswersTheOriginMessageThen404() {
		long id = create("{\"title\": \"to delete\"}");
		Response deleted = this.http.delete("/todos/" + id);
		assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
		assertThat(deleted.json().get("message").asString()).isEqualTo("Todo deleted");
		assertProblem(this.http.get("/todos/" + id), 404);
		assertProblem(this.http.delete("/todos/" + id), 404);
	}

	@Test
	void listPagesByIdWithLinkNextUntilTheEnd() {
		List<Long> mine = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			mine.add(create("{\"title\": \"page " + i + "\"}"));
		}
		List<Long> seen = new ArrayList<>();
		String next = "/todos/?limit=2&after=" + (mine.get(0) - 1);
		int pages = 0;
		while (next != null && pages++ < 100) {
			Response page = this.http.get(next);
			assertThat(page.status()).as(page.toString()).isEqualTo(200);
			assertThat(page.json().size()).as("page size").isLessThanOrEqualTo(2);
			page.json().forEach((todo) -> seen.add(todo.get("id").asLong()));
			next = nextLink(page);
		}
		assertThat(seen).as("all pages, in id order, nothing twice").startsWith(mine.toArray(Long[]::new));
		assertThat(seen).isSorted().doesNotHaveDuplicates();
		assertThat(pages).as("the last page has no Link").isLessThan(100);
	}

	@Test
	void listFiltersByCompleted() {
		long open = create("{\"title\": \"open one\"}");
		long done = create("{\"title\": \"done one\", \"completed\": true}");
		Response completed = this.http.get("/todos/?completed=true&after=" + (open - 1));
		assertThat(ids(completed)).contains(done).doesNotContain(open);
		Response active = this.http.get("/todos/?completed=false&after=" + (open - 1));
		assertThat(ids(active)).contains(open).doesNotContain(done);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(
			strings = { "limit=0", "limit=1001", "limit=-5", "limit=ten", "after=-1", "after=x", "completed=maybe" })
	void badListParametersAre422(String query) {
		assertProblem(this.http.get("/todos/?" + query), 422);
	}

	@Test
	void openApiDescribesEveryRouteAndSwaggerUiIsAtDocs() {
		Response document = this.http.get("/openapi.json");
		assertThat(document.status()).isEqualTo(200);
		JsonNode paths = document.json().get("paths");
		assertThat(paths.has("/")).isTrue();
		JsonNode collection = paths.has("/todos/") ? paths.get("/todos/") : paths.get("/todos");
		assertThat(collection).as("collection route documented").isNotNull();
		assertThat(collection.has("get") && collection.has("post")).isTrue();
		JsonNode item = paths.has("/todos/{id}") ? paths.get("/todos/{id}") : paths.get("/todos/{id}/");
		assertThat(item.has("get") && item.has("put") && item.has("delete")).isTrue();
		assertThat(collection.get("post").get("responses").has("201")).isTrue();
		assertThat(collection.get("post").get("responses").has("422")).isTrue();
		assertThat(item.get("get").get("responses").has("404")).isTrue();
		JsonNode schemas = document.json().get("components").get("schemas");
		assertThat(schemas.has("Todo") && schemas.has("TodoRequest") && schemas.has("Problem")).isTrue();
		assertThat(schemas.get("TodoRequest").get("properties").get("title").get("maxLength").asInt()).isEqualTo(100);

		Response docs = this.http.get("/docs");
		assertThat(docs.status()).as(docs.toString()).isIn(200, 302);
		Response ui = this.http.get("/swagger-ui/index.html");
		assertThat(ui.status()).isEqualTo(200);
		assertThat(ui.body()).contains("Swagger UI");
	}

	private long create(String body) {
		Response created = this.http.post("/todos/", body);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().get("id").asLong();
	}

	private static List<Long> ids(Response response) {
		List<Long> ids = new ArrayList<>();
		response.json().forEach((todo) -> ids.add(todo.get("id").asLong()));
		return ids;
	}

	private static String nextLink(Response page) {
		String link = page.header("Link");
		if (link == null) {
			return null;
		}
		Matcher matcher = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"").matcher(link);
		assertThat(matcher.find()).as("Link header " + link).isTrue();
		return matcher.group(1);
	}

}
