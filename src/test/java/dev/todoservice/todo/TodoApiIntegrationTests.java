package dev.todoservice.todo;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.todoservice.infrastructure.Calls;
import dev.todoservice.infrastructure.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static dev.todoservice.infrastructure.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route of the HTTP contract end to end, through the real write path (Kafka,
 * consumer, PostgreSQL) and Tomcat. The error matrix and the outcome-to-HTTP mapping are
 * {@code api.TodoControllerWebTests}.
 */
@IntegrationTest
class TodoApiIntegrationTests {

	@Autowired
	RestTestClient client;

	@Test
	void greetsAsTheOriginDid() {
		this.client.get()
			.uri("/")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.Hello")
			.isEqualTo("PanaCloud Todo 2");
	}

	@Test
	void createAnswers201WithTheStoredTodoOnceTheConsumerStoredIt() {
		EntityExchangeResult<JsonNode> created = post("/todos/",
				"{\"title\": \"Buy milk\", \"description\": \"2 l\", \"id\": 999999, \"completed\": true}");

		JsonNode todo = created.getResponseBody();
		long id = todo.get("id").asLong();
		assertThat(id).as("server-assigned id, the body's id ignored").isPositive().isNotEqualTo(999999);
		assertThat(created.getResponseHeaders().getFirst("Location")).isEqualTo("/todos/" + id);
		assertThat(todo.get("title").asString()).isEqualTo("Buy milk");
		assertThat(todo.get("description").asString()).isEqualTo("2 l");
		assertThat(todo.get("completed").asBoolean()).isTrue();

		assertThat(read(id)).as("read-your-writes: stored before 201 answered").isEqualTo(todo);
	}

	@Test
	void createStoresTheDefaultsAndTheLongestValidTexts() {
		JsonNode defaults = read(create("{\"title\": \"defaults\"}"));
		assertThat(defaults.get("completed").asBoolean()).as(defaults.toString()).isFalse();
		assertThat(defaults.get("description").isNull()).as(defaults.toString()).isTrue();

		String title = "t".repeat(99) + "\u00e9";
		String description = "\u00e9" + "d".repeat(254);
		JsonNode longest = read(create(
				"{\"title\": \"" + title + "\", \"description\": \"" + description + "\", \"completed\": false}"));
		assertThat(longest.get("title").asString()).as("100 characters fit the column").isEqualTo(title);
		assertThat(longest.get("description").asString()).as("255 characters fit the column").isEqualTo(description);
	}

	@Test
	void aTodoIsReadWithItsVersionAsETagInOnePieceAndRevalidatesTo304() {
		long id = create("{\"title\": \"read me\"}");
		EntityExchangeResult<byte[]> read = this.client.get()
			.uri("/todos/" + id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult();
		assertThat(read.getResponseHeaders().getETag()).as("the version is the ETag").isEqualTo("\"1\"");
		assertThat(read.getResponseHeaders().getContentLength())
			.as("answered with its length (one write), not chunked: " + read.getResponseHeaders())
			.isEqualTo(read.getResponseBody().length);
		this.client.get()
			.uri("/todos/" + id)
			.header(HttpHeaders.IF_NONE_MATCH, "\"1\"")
			.exchange()
			.expectStatus()
			.isNotModified()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"1\"");
	}

	@Test
	void everyRouteAnswersWithAndWithoutTrailingSlash() {
		long id = create("{\"title\": \"slashes\"}");
		post("/todos", "{\"title\": \"no slash\"}");
		this.client.get().uri("/todos").exchange().expectStatus().isOk();
		this.client.get().uri("/todos/").exchange().expectStatus().isOk();
		this.client.get().uri("/todos/" + id + "/").exchange().expectStatus().isOk();
		this.client.put()
			.uri("/todos/" + id + "/")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"title\": \"slash\"}")
			.exchange()
			.expectStatus()
			.isOk();
		this.client.patch()
			.uri("/todos/" + id + "/")
			.contentType(MediaType.valueOf("application/merge-patch+json"))
			.body("{\"completed\": true}")
			.exchange()
			.expectStatus()
			.isOk();
		this.client.delete().uri("/todos/" + id + "/").exchange().expectStatus().isOk();
	}

	@Test
	void putChangesOnlyTheFieldsInTheBody() {
		long id = create("{\"title\": \"before\", \"description\": \"keep me\", \"completed\": true}");

		JsonNode renamed = put(id, "{\"title\": \"after\"}");
		assertThat(renamed.get("title").asString()).isEqualTo("after");
		assertThat(renamed.get("description").asString()).as("absent: unchanged").isEqualTo("keep me");
		assertThat(renamed.get("completed").asBoolean()).as("absent: unchanged").isTrue();

		JsonNode cleared = put(id, "{\"title\": \"after\", \"description\": null, \"completed\": false}");
		assertThat(cleared.get("description").isNull()).as("explicit null clears").isTrue();
		assertThat(cleared.get("completed").asBoolean()).isFalse();

		assertThat(read(id)).as("stored as answered").isEqualTo(cleared);
	}

	@Test
	void deleteAnswersTheOriginMessageThen404() {
		long id = create("{\"title\": \"to delete\"}");
		this.client.delete()
			.uri("/todos/" + id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.message")
			.isEqualTo("Todo deleted");
		assertProblem(this.client.get().uri("/todos/" + id).exchange().returnResult(), 404);
		assertProblem(this.client.delete().uri("/todos/" + id).exchange().returnResult(), 404);
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
			EntityExchangeResult<JsonNode> page = list(next);
			assertThat(page.getResponseBody().size()).as("page size: " + page).isLessThanOrEqualTo(2);
			page.getResponseBody().forEach((todo) -> seen.add(todo.get("id").asLong()));
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
		assertThat(ids(list("/todos/?completed=true&after=" + (open - 1)))).contains(done).doesNotContain(open);
		assertThat(ids(list("/todos/?completed=false&after=" + (open - 1)))).contains(open).doesNotContain(done);
	}

	@Test
	void openApiDescribesEveryRouteAndSwaggerUiIsAtDocs() {
		JsonNode document = this.client.get()
			.uri("/openapi.json")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		JsonNode paths = document.get("paths");
		assertThat(paths.has("/")).isTrue();
		JsonNode collection = paths.has("/todos/") ? paths.get("/todos/") : paths.get("/todos");
		assertThat(collection).as("collection route documented").isNotNull();
		assertThat(collection.has("get") && collection.has("post")).isTrue();
		JsonNode item = paths.has("/todos/{id}") ? paths.get("/todos/{id}") : paths.get("/todos/{id}/");
		assertThat(item.has("get") && item.has("put") && item.has("delete")).isTrue();
		assertThat(collection.get("post").get("responses").has("201")).isTrue();
		assertThat(collection.get("post").get("responses").has("422")).isTrue();
		assertThat(item.get("get").get("responses").has("404")).isTrue();
		JsonNode schemas = document.get("components").get("schemas");
		assertThat(schemas.has("Todo") && schemas.has("TodoRequest") && schemas.has("Problem")).isTrue();
		assertThat(schemas.get("TodoRequest").get("properties").get("title").get("maxLength").asInt()).isEqualTo(100);

		EntityExchangeResult<byte[]> docs = this.client.get().uri("/docs").exchange().returnResult(byte[].class);
		assertThat(docs.getStatus().value()).as(docs.toString()).isIn(200, 302);
		this.client.get()
			.uri("/swagger-ui/index.html")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((page) -> assertThat(page).contains("Swagger UI"));
	}

	private EntityExchangeResult<JsonNode> post(String path, String body) {
		return this.client.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JsonNode.class)
			.returnResult();
	}

	private long create(String body) {
		return Calls.create(this.client, body).get("id").asLong();
	}

	private JsonNode put(long id, String body) {
		return this.client.put()
			.uri("/todos/" + id)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	private JsonNode read(long id) {
		return this.client.get()
			.uri("/todos/" + id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	private EntityExchangeResult<JsonNode> list(String path) {
		return this.client.get().uri(path).exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult();
	}

	private static List<Long> ids(EntityExchangeResult<JsonNode> page) {
		List<Long> ids = new ArrayList<>();
		page.getResponseBody().forEach((todo) -> ids.add(todo.get("id").asLong()));
		return ids;
	}

	private static String nextLink(EntityExchangeResult<JsonNode> page) {
		String link = page.getResponseHeaders().getFirst("Link");
		if (link == null) {
			return null;
		}
		Matcher matcher = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"").matcher(link);
		assertThat(matcher.find()).as("Link header " + link).isTrue();
		return matcher.group(1);
	}

}
