package dev.todoservice.api;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import dev.todoservice.todo.TodoCounts;
import dev.todoservice.todo.TodoAccepted;
import dev.todoservice.accounts.CurrentOwner;
import dev.todoservice.events.TestCodec;
import dev.todoservice.events.ChangePublisher;
import dev.todoservice.events.WriteUnavailableException;
import dev.todoservice.infrastructure.ProblemAssertions;
import dev.todoservice.live.Waiters;
import dev.todoservice.todo.IdempotencyKeys;
import dev.todoservice.todo.Outcome;
import dev.todoservice.todo.Owner;
import dev.todoservice.todo.Todo;
import dev.todoservice.todo.TodoChange;
import dev.todoservice.todo.TodoGone;
import dev.todoservice.todo.TodoIds;
import dev.todoservice.todo.TodoLookup;
import dev.todoservice.todo.TodoSettings;
import dev.todoservice.todo.Todos;
import dev.todoservice.web.ApiHardening;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willReturn;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The HTTP contract of the todo routes through real Spring MVC (converters, validation,
 * {@code ProblemHandler}, the hardening filters), with the write path mocked: the error
 * matrix, and how each outcome of a write becomes an answer. What needs Kafka, PostgreSQL
 * or Tomcat itself stays in the integration tests.
 */
@WebMvcTest(TodoController.class)
@Import({ Preconditions.class, Writes.class, TodoCap.class, TodoReads.class, TodoLookup.class, Waiters.class,
		ApiConfiguration.class, ApiHardening.class })
@EnableConfigurationProperties(TodoSettings.class)
@TestPropertySource(properties = "todo.apply-wait=200ms")
class TodoControllerWebTests {

	/** The todo the mocked database has: id 7, at version 3. */
	static final Todo CURRENT = new Todo(7, "Buy milk", "2 l", false, 3);

	static final String TODO = "/todos/7";

	static final String UNKNOWN = "/todos/404";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	MockMvcTester mvc;

	/**
	 * The open mode's owner; the owners of signed-in requests are the accounts tests'.
	 */
	@MockitoBean
	CurrentOwner owner;

	@MockitoBean
	Todos todos;

	@MockitoBean
	TodoIds ids;

	@MockitoBean
	TodoGone gone;

	@MockitoBean
	TodoAccepted accepted;

	@MockitoBean
	TodoCounts counts;

	@MockitoBean
	ChangePublisher publisher;

	@MockitoBean
	IdempotencyKeys keys;

	@BeforeEach
	void theSharedOwnerAsks() {
		given(this.owner.get()).willReturn(TestCodec.OWNER);
	}

	@BeforeEach
	void storedTodoAndAConsumerThatAppliesEverything() {
		given(this.ids.next()).willReturn(41L);
		given(this.todos.find(7L, TestCodec.OWNER)).willReturn(Optional.of(CURRENT));
		given(this.publisher.submit(any(), anyBoolean()))
			.willAnswer((call) -> Optional.of(applied(call.getArgument(0))));
	}

	// Malformed and ambiguous JSON: 400

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "{\"title\": ", "not json", "[1, 2", "", "{\"title\": \"x\"} trailing",
			"{\"title\": \"x\"}{}", "{'title': 'x'}", "{title: \"x\"}", "{\"title\": \"x\" /* comment */}",
			"{\"title\": \"x\", \"completed\": NaN}", "{\"title\": \"x\",}" })
	void malformedOrLenientJsonIs400OnEveryWrite(String body) {
		for (Answer answer : writes(body)) {
			assertProblem(answer, 400);
		}
		verifyNoInteractions(this.publisher);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "{\"title\": \"a\", \"title\": \"b\"}",
			"{\"title\": \"a\", \"completed\": true, \"completed\": false}",
			"{\"title\": \"a\", \"description\": null, \"description\": \"d\"}" })
	void duplicateKeysAreMalformedNotLastOneWins(String body) {
		for (Answer answer : writes(body)) {
			assertProblem(answer, 400);
		}
		verifyNoInteractions(this.publisher);
	}

	@Test
	void invalidUtf8IsMalformed() {
		byte[] body = "{\"title\": \"bad \u00ff\u00fe bytes\"}".getBytes(StandardCharsets.ISO_8859_1);
		MvcTestResult result = this.mvc.post().uri("/todos/").contentType("application/json").content(body).exchange();
		assertProblem(new Answer("POST /todos/ with ISO-8859-1 bytes", result), 400);
	}

	// Fields that break the rules: 422 naming each field

	static Stream<Arguments> invalidFields() {
		return Stream.of(Arguments.of("{\"title\": \"\"}", "title"), Arguments.of("{\"title\": \"   \"}", "title"),
				Arguments.of("{\"title\": \"nul \\u0000 inside\"}", "title"),
				Arguments.of("{\"title\": \"half \\ud800 pair\"}", "title"),
				Arguments.of("{\"title\": \"" + "t".repeat(101) + "\"}", "title"),
				Arguments.of("{\"title\": 123}", "title"), Arguments.of("{\"title\": 1.5e309}", "title"),
				Arguments.of("{\"title\": true}", "title"),
				Arguments.of("{\"title\": \"ok\", \"description\": \"nul \\u0000\"}", "description"),
				Arguments.of("{\"title\": \"ok\", \"description\": \"" + "d".repeat(256) + "\"}", "description"),
				Arguments.of("{\"title\": \"t\", \"description\": 7}", "description"),
				Arguments.of("{\"title\": \"t\", \"description\": false}", "description"),
				Arguments.of("{\"title\": \"ok\", \"completed\": \"yes\"}", "completed"),
				Arguments.of("{\"title\": \"ok\", \"completed\": 2.5}", "completed"));
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@MethodSource("invalidFields")
	void invalidFieldsAre422NamingTheFieldOnEveryWrite(String body, String field) {
		for (Answer answer : writes(body)) {
			assertFieldError(answer, field);
		}
		verifyNoInteractions(this.publisher);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "{\"description\": \"no title\"}", "{\"title\": null}", "{}" })
	void postAndPutRequireATitle(String body) {
		assertFieldError(send(HttpMethod.POST, "/todos/", body), "title");
		assertFieldError(send(HttpMethod.PUT, TODO, body), "title");
		verifyNoInteractions(this.publisher);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', value = { "{\"title\": null}|title", "{\"description\": 5}|description",
			"{\"completed\": null}|completed", "[]|''", "\"a string\"|''", "null|''" })
	void aMergePatchThatIsNoTodoPatchIs422(String body, String field) {
		assertFieldError(send(HttpMethod.PATCH, TODO, body, "Content-Type", "application/merge-patch+json"), field);
		verifyNoInteractions(this.publisher);
	}

	@Test
	void theLengthLimitsThemselvesAreValid() {
		assertStatus(send(HttpMethod.POST, "/todos/", "{\"title\": \"" + "t".repeat(100) + "\"}"), 201);
		assertStatus(
				send(HttpMethod.POST, "/todos/", "{\"title\": \"d\", \"description\": \"" + "d".repeat(255) + "\"}"),
				201);
		assertStatus(send(HttpMethod.PUT, TODO, "{\"title\": \"" + "t".repeat(100) + "\"}"), 200);
		assertStatus(send(HttpMethod.PATCH, TODO, "{\"description\": \"" + "d".repeat(255) + "\"}"), 200);
	}

	// Query and path parameters: 422

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "limit=0, limit", "limit=1001, limit", "limit=-5, limit", "limit=abc, limit", "after=-1, after",
			"after=x, after", "completed=maybe, completed" })
	void badListParametersAre422NamingTheParameter(String query, String parameter) {
		assertFieldError(send(HttpMethod.GET, "/todos/?" + query, null), parameter);
		verify(this.todos, never()).page(any(), anyLong(), any(), anyInt());
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "GET", "PUT", "PATCH", "DELETE" })
	void aPathIdThatIsNoNumberIs422(String method) {
		for (String id : List.of("abc", "1.5", "99999999999999999999")) {
			assertFieldError(send(HttpMethod.valueOf(method), "/todos/" + id, method.startsWith("P") ? "{}" : null),
					"id");
		}
		verifyNoInteractions(this.todos, this.publisher);
	}

	// Unknown todo: 404

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "GET", "PUT", "PATCH", "DELETE" })
	void anUnknownIdIs404TodoNotFoundAndNothingIsPublished(String method) {
		Answer answer = send(HttpMethod.valueOf(method), UNKNOWN, method.startsWith("P") ? "{\"title\": \"x\"}" : null);
		assertProblem(answer, 404);
		assertThat(answer.json().get("detail").asString()).as(answer.toString()).isEqualTo("Todo not found");
		verifyNoInteractions(this.publisher);
	}

	// Accepted, not stored yet: handed out, neither stored nor gone

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "PUT", "PATCH", "DELETE" })
	void aWriteOnATodoNotStoredYetIsPublishedLikeAnyWrite(String method) {
		given(this.ids.mayHaveHandedOut(8L)).willReturn(true);
		given(this.accepted.contains(8L, TestCodec.OWNER)).willReturn(true);
		Answer answer = send(HttpMethod.valueOf(method), "/todos/8",
				method.startsWith("P") ? "{\"title\": \"x\"}" : null);
		assertStatus(answer, 200);
		verify(this.publisher).submit(argThat((change) -> change.id() == 8L), anyBoolean());
	}

	@Test
	void aReadOfATodoNotStoredYetIs503WithRetryAfterNot404() {
		given(this.ids.mayHaveHandedOut(8L)).willReturn(true);
		given(this.accepted.contains(8L, TestCodec.OWNER)).willReturn(true);
		Answer answer = send(HttpMethod.GET, "/todos/8", null);
		assertProblem(answer, 503);
		assertThat(answer.header("Retry-After")).as("accepted, not stored yet: retry; " + answer).isEqualTo("1");
		assertThat(answer.json().get("detail").asString()).as(answer.toString()).contains("not stored yet");
		verifyNoInteractions(this.publisher);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "GET", "PUT", "PATCH", "DELETE" })
	void aTodoAcceptedForAnotherOwnerIs404AndNothingIsPublished(String method) {
		given(this.ids.mayHaveHandedOut(8L)).willReturn(true);
		given(this.accepted.contains(8L, Owner.of("https://id.example", "someone-else"))).willReturn(true);
		Answer answer = send(HttpMethod.valueOf(method), "/todos/8",
				method.startsWith("P") ? "{\"title\": \"x\"}" : null);
		assertProblem(answer, 404);
		verifyNoInteractions(this.publisher);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "GET", "PUT", "PATCH", "DELETE" })
	void aTodoGoneIs404AndNothingIsPublished(String method) {
		given(this.ids.mayHaveHandedOut(8L)).willReturn(true);
		given(this.accepted.contains(8L, TestCodec.OWNER)).willReturn(true);
		given(this.gone.contains(8L)).willReturn(true);
		Answer answer = send(HttpMethod.valueOf(method), "/todos/8",
				method.startsWith("P") ? "{\"title\": \"x\"}" : null);
		assertProblem(answer, 404);
		verifyNoInteractions(this.publisher);
	}

	@Test
	void anUnmappedRouteIs404Problem() {
		assertProblem(send(HttpMethod.GET, "/no/such/route", null), 404);
	}

	// If-Match: 412

	@ParameterizedTest(name = "If-Match: {0}")
	@ValueSource(strings = { "W/\"3\"", "abc", "\"abc\"", "\"0\"", "\"-3\"", "\"3.0\"", "W/\"3\", W/\"4\"" })
	void anIfMatchThatCanNeverMatchIs412BeforeAnyLookup(String ifMatch) {
		for (Answer answer : changes("If-Match", ifMatch)) {
			assertProblem(answer, 412);
			assertThat(answer.header("ETag")).as("no version to tell: " + answer).isNull();
		}
		verifyNoInteractions(this.publisher);
	}

	@Test
	void aStaleIfMatchIs412WithTheCurrentETag() {
		for (Answer answer : changes("If-Match", "\"2\"")) {
			assertProblem(answer, 412);
			assertThat(answer.header("ETag")).as("412 tells the current version: " + answer).isEqualTo("\"3\"");
		}
		verifyNoInteractions(this.publisher);
	}

	@Test
	void anIfMatchListingTheCurrentVersionOrAStarIsPublishedWithTheVersions() {
		ArgumentCaptor<TodoChange> published = ArgumentCaptor.forClass(TodoChange.class);
		assertStatus(send(HttpMethod.PATCH, TODO, "{\"completed\": true}", "If-Match", "\"7\", \"3\""), 200);
		assertStatus(send(HttpMethod.PUT, TODO, "{\"title\": \"x\"}", "If-Match", "*"), 200);
		assertStatus(send(HttpMethod.DELETE, TODO, null, "If-Match", "W/\"1\", \"3\""), 200);
		verify(this.publisher, times(3)).submit(published.capture(), eq(true));
		assertThat(((TodoChange.Update) published.getAllValues().get(0)).ifMatch()).containsExactly(7L, 3L);
		assertThat(((TodoChange.Update) published.getAllValues().get(1)).ifMatch()).as("* is any version").isEmpty();
		assertThat(((TodoChange.Delete) published.getAllValues().get(2)).ifMatch()).as("weak tags never match")
			.containsExactly(3L);
	}

	// Idempotency-Key: a bad one is a malformed request, 400

	static Stream<String> badKeys() {
		return Stream.of("", "with space", "tab\tinside", "caf\u00e9", "k".repeat(256));
	}

	@ParameterizedTest(name = "Idempotency-Key: \"{0}\"")
	@MethodSource("badKeys")
	void aBadIdempotencyKeyIs400(String key) {
		List<Answer> answers = new ArrayList<>(changes("Idempotency-Key", key));
		answers.add(send(HttpMethod.POST, "/todos/", "{\"title\": \"x\"}", "Idempotency-Key", key));
		for (Answer answer : answers) {
			assertProblem(answer, 400);
			assertThat(answer.json().get("detail").asString()).as(answer.toString()).startsWith("Idempotency-Key");
		}
		verifyNoInteractions(this.publisher);
	}

	@Test
	void aKeyOf255VisibleCharactersIsFine() {
		assertStatus(send(HttpMethod.POST, "/todos/", "{\"title\": \"x\"}", "Idempotency-Key", "~".repeat(255)), 201);
	}

	// Content types: 415, merge patch

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "text/plain", "application/xml", "application/x-www-form-urlencoded",
			"multipart/form-data; boundary=x", "application/octet-stream", "text/json", "*/*", "application/*", "a/b/c",
			"application/json; charset=nonsense" })
	void aBodyThatIsNotJsonIs415(String contentType) {
		for (Answer answer : writes("{\"title\": \"x\"}", "Content-Type", contentType)) {
			assertProblem(answer, 415);
		}
		verifyNoInteractions(this.publisher);
	}

	@Test
	void aFormBodyTheFirewallRefusesIsA400ProblemNotA500() {
		// Only a POST's form body is read as parameters (a PUT's is a plain 415), and the
		// firewall checks their names then, inside the handler: the fuzz found a 500.
		String body = "{\"title\": \"x\u0085\u2028\"}";
		Answer answer = send(HttpMethod.POST, "/todos/", body, "Content-Type", "application/x-www-form-urlencoded");
		assertProblem(answer, 400);
		assertThat(answer.json().get("detail").asString()).as(answer.toString()).startsWith("Malformed request");
		verifyNoInteractions(this.publisher);
	}

	@Test
	void aBodyWithoutContentTypeIs415() {
		MvcTestResult result = this.mvc.post().uri("/todos/").content("{\"title\": \"x\"}").exchange();
		assertProblem(new Answer("POST /todos/ without Content-Type", result), 415);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "application/merge-patch+json", "application/json",
			"application/merge-patch+json; charset=utf-8" })
	void patchTakesAMergePatchAsEitherType(String contentType) {
		Answer answer = send(HttpMethod.PATCH, TODO, "{\"description\": null}", "Content-Type", contentType);
		assertStatus(answer, 200);
		assertThat(answer.json().get("description").isNull()).as("null removes: " + answer).isTrue();
		assertThat(answer.json().get("title").asString()).as("absent stays: " + answer).isEqualTo("Buy milk");
	}

	// Accept: 406 before any write

	@ParameterizedTest(name = "Accept: {0}")
	@ValueSource(strings = { "text/csv", "text/html", "application/xml" })
	void anUnacceptableAcceptIs406AndNothingIsPublished(String accept) {
		List<Answer> answers = new ArrayList<>(writes("{\"title\": \"x\"}", "Accept", accept));
		answers.add(send(HttpMethod.DELETE, TODO, null, "Accept", accept));
		answers.add(send(HttpMethod.GET, "/todos/", null, "Accept", accept));
		answers.add(send(HttpMethod.GET, TODO, null, "Accept", accept));
		for (Answer answer : answers) {
			assertProblem(answer, 406);
		}
		verifyNoInteractions(this.publisher);
	}

	@ParameterizedTest(name = "Accept: {0}")
	@ValueSource(strings = { "text/csv", "application/yaml", "garbage", "*/*;q=abc", "application/json;q=0" })
	void errorsAreProblemJsonWhateverTheAcceptHeader(String accept) {
		Answer missing = send(HttpMethod.GET, UNKNOWN, null, "Accept", accept);
		assertThat(missing.status()).as(missing.toString()).isIn(404, 406);
		assertProblem(missing, missing.status());
		Answer invalid = send(HttpMethod.POST, "/todos/", "{\"title\": \"\"}", "Accept", accept);
		assertThat(invalid.status()).as(invalid.toString()).isIn(406, 422);
		assertProblem(invalid, invalid.status());
	}

	// Methods: 405

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({ "PATCH, /todos/", "DELETE, /todos/", "PUT, /todos/", "POST, /todos/7", "FOO, /todos/7" })
	void aWrongMethodIs405WithAllow(String method, String path) {
		Answer answer = send(HttpMethod.valueOf(method), path, "{}");
		assertProblem(answer, 405);
		assertThat(answer.header("Allow")).as(answer.toString()).isNotBlank();
	}

	// Outcomes: how what the consumer did becomes the answer

	@Test
	void createIs201WithLocationETagAndTheStoredTodoUnderTheAssignedId() {
		Answer answer = send(HttpMethod.POST, "/todos/", "{\"title\": \"Buy milk\", \"id\": 999999}");
		assertStatus(answer, 201);
		assertThat(answer.header("Location")).as(answer.toString()).isEqualTo("/todos/41");
		assertThat(answer.header("ETag")).as(answer.toString()).isEqualTo("\"1\"");
		assertThat(answer.json()).as("the stored todo, defaults filled, no version in the body")
			.isEqualTo(json("{\"id\": 41, \"title\": \"Buy milk\", \"description\": null, \"completed\": false}"));
	}

	@Test
	void putAndPatchAre200WithTheNewETag() {
		Answer put = send(HttpMethod.PUT, TODO, "{\"title\": \"Buy oat milk\", \"description\": null}");
		assertStatus(put, 200);
		assertThat(put.header("ETag")).as(put.toString()).isEqualTo("\"4\"");
		assertThat(put.json()).as("absent fields stay, explicit null clears")
			.isEqualTo(json("{\"id\": 7, \"title\": \"Buy oat milk\", \"description\": null, \"completed\": false}"));
		Answer patch = send(HttpMethod.PATCH, TODO, "{\"completed\": true}");
		assertStatus(patch, 200);
		assertThat(patch.header("ETag")).as(patch.toString()).isEqualTo("\"4\"");
		assertThat(patch.json().get("completed").asBoolean()).as(patch.toString()).isTrue();
	}

	@Test
	void deleteIs200WithTheOriginsMessage() {
		Answer answer = send(HttpMethod.DELETE, TODO, null);
		assertStatus(answer, 200);
		assertThat(answer.json()).as(answer.toString()).isEqualTo(json("{\"message\": \"Todo deleted\"}"));
	}

	@Test
	void whatTheConsumerFoundIsTheAnswer() {
		willReturn(Optional.of(new Outcome.NotFound(7))).given(this.publisher).submit(any(), anyBoolean());
		assertProblem(send(HttpMethod.PUT, TODO, "{\"title\": \"gone meanwhile\"}"), 404);

		willReturn(Optional.of(new Outcome.PreconditionFailed(7, 5))).given(this.publisher).submit(any(), anyBoolean());
		Answer stale = send(HttpMethod.PATCH, TODO, "{\"completed\": true}", "If-Match", "\"3\"");
		assertProblem(stale, 412);
		assertThat(stale.header("ETag")).as("the version the consumer saw: " + stale).isEqualTo("\"5\"");

		willReturn(Optional.of(new Outcome.KeyReused())).given(this.publisher).submit(any(), anyBoolean());
		assertProblem(send(HttpMethod.POST, "/todos/", "{\"title\": \"x\"}", "Idempotency-Key", "k"), 422);

		willReturn(Optional.of(new Outcome.Replayed(new Outcome.Created(CURRENT)))).given(this.publisher)
			.submit(any(), anyBoolean());
		Answer replayed = send(HttpMethod.POST, "/todos/", "{\"title\": \"x\"}", "Idempotency-Key", "k");
		assertStatus(replayed, 201);
		assertThat(replayed.header("Idempotent-Replayed")).as(replayed.toString()).isEqualTo("true");
		assertThat(replayed.header("ETag")).as("a replay has no ETag: " + replayed).isNull();
		assertThat(replayed.header("Location")).as(replayed.toString()).isEqualTo("/todos/7");
	}

	@Test
	void preferRespondAsyncIs202WithLocationAndPreferenceApplied() {
		willReturn(Optional.empty()).given(this.publisher).submit(any(), eq(false));
		for (String prefer : List.of("respond-async", "wait=10, respond-async", "RESPOND-ASYNC;x")) {
			Answer answer = send(HttpMethod.POST, "/todos/", "{\"title\": \"no wait\"}", "Prefer", prefer);
			assertStatus(answer, 202);
			assertThat(answer.header("Location")).as(answer.toString()).isEqualTo("/todos/41");
			assertThat(answer.header("Preference-Applied")).as(answer.toString()).isEqualTo("respond-async");
			assertThat(answer.json().get("title").asString()).as("what it will be: " + answer).isEqualTo("no wait");
		}
		verify(this.publisher, times(3)).submit(any(), eq(false));
		verify(this.publisher, never()).submit(any(), eq(true));

		Answer waited = send(HttpMethod.POST, "/todos/", "{\"title\": \"waits\"}", "Prefer", "respond-asyncly");
		assertStatus(waited, 201);
		assertThat(waited.header("Preference-Applied")).as(waited.toString()).isNull();
	}

	@Test
	void aWaitThatRunsOutIs202WithTheTodoAsItWillBe() {
		willReturn(Optional.empty()).given(this.publisher).submit(any(), anyBoolean());
		Answer created = send(HttpMethod.POST, "/todos/", "{\"title\": \"later\", \"completed\": true}");
		assertStatus(created, 202);
		assertThat(created.header("Location")).as(created.toString()).isEqualTo("/todos/41");
		assertThat(created.header("Preference-Applied")).as("not asked for: " + created).isNull();
		assertThat(created.json())
			.isEqualTo(json("{\"id\": 41, \"title\": \"later\", \"description\": null, \"completed\": true}"));
		verify(this.accepted).add(41L, TestCodec.OWNER);

		Answer updated = send(HttpMethod.PATCH, TODO, "{\"title\": \"later\"}");
		assertStatus(updated, 202);
		assertThat(updated.header("Location")).as(updated.toString()).isEqualTo("/todos/7");
		assertThat(updated.json())
			.isEqualTo(json("{\"id\": 7, \"title\": \"later\", \"description\": \"2 l\", \"completed\": false}"));

		Answer deleted = send(HttpMethod.DELETE, TODO, null);
		assertStatus(deleted, 202);
		assertThat(deleted.json()).isEqualTo(json("{\"message\": \"Todo deletion accepted\"}"));
	}

	@Test
	void aWriteKafkaDidNotConfirmIs503WithRetryAfter() {
		willThrow(WriteUnavailableException.class).given(this.publisher).submit(any(), anyBoolean());
		List<Answer> answers = new ArrayList<>(writes("{\"title\": \"x\"}"));
		answers.add(send(HttpMethod.DELETE, TODO, null));
		for (Answer answer : answers) {
			assertProblem(answer, 503);
			assertThat(answer.header("Retry-After")).as(answer.toString()).isEqualTo("5");
			assertThat(answer.json().get("detail").asString()).as(answer.toString()).contains("Idempotency-Key");
		}
	}

	@Test
	void aReplayedKeyGetsTheFirstAnswerAgainAndAKeyReusedForAnotherRequestIs422() {
		String body = "{\"title\": \"once\"}";
		Answer first = send(HttpMethod.POST, "/todos/", body, "Idempotency-Key", "key-1");
		assertStatus(first, 201);
		ArgumentCaptor<TodoChange> published = ArgumentCaptor.forClass(TodoChange.class);
		verify(this.publisher).submit(published.capture(), eq(true));
		TodoChange.Create create = (TodoChange.Create) published.getValue();
		given(this.keys.find(TestCodec.OWNER, "key-1")).willReturn(Optional.of(new IdempotencyKeys.Entry("key-1",
				create.idempotency().fingerprint(), new Outcome.Created(create.stored()))));

		Answer again = send(HttpMethod.POST, "/todos/", body, "Idempotency-Key", "key-1");
		assertStatus(again, 201);
		assertThat(again.json()).as("the first answer: " + again).isEqualTo(first.json());
		assertThat(again.header("Location")).as(again.toString()).isEqualTo(first.header("Location"));
		assertThat(again.header("Idempotent-Replayed")).as(again.toString()).isEqualTo("true");
		assertThat(first.header("Idempotent-Replayed")).as(first.toString()).isNull();

		Answer other = send(HttpMethod.POST, "/todos/", "{\"title\": \"something else\"}", "Idempotency-Key", "key-1");
		assertProblem(other, 422);
		assertThat(other.json().get("detail").asString()).as(other.toString()).contains("Idempotency-Key");
		assertProblem(send(HttpMethod.DELETE, TODO, null, "Idempotency-Key", "key-1"), 422);
		verify(this.publisher, times(1)).submit(any(), anyBoolean());
	}

	@Test
	void aKeyStoreThatCannotAnswerDoesNotStopTheWrite() {
		given(this.keys.find(eq(TestCodec.OWNER), any())).willThrow(new DataAccessResourceFailureException("down"));
		assertStatus(send(HttpMethod.POST, "/todos/", "{\"title\": \"x\"}", "Idempotency-Key", "key-2"), 201);
	}

	@Test
	void anEmptyMergePatchChangesNothingAndPublishesNothing() {
		Answer answer = send(HttpMethod.PATCH, TODO, "{}", "Content-Type", "application/merge-patch+json");
		assertStatus(answer, 200);
		assertThat(answer.header("ETag")).as("no version bump: " + answer).isEqualTo("\"3\"");
		assertThat(answer.json()).as(answer.toString())
			.isEqualTo(json("{\"id\": 7, \"title\": \"Buy milk\", \"description\": \"2 l\", \"completed\": false}"));
		verifyNoInteractions(this.publisher);
	}

	@Test
	void aDatabaseThatCannotAnswerIs503ForReadsButWritesStillGoToKafka() {
		given(this.todos.find(anyLong(), any()))
			.willThrow(new DataAccessResourceFailureException("connection refused"));
		Answer read = send(HttpMethod.GET, TODO, null);
		assertProblem(read, 503);
		assertThat(read.header("Retry-After")).as(read.toString()).isEqualTo("5");
		assertProblem(send(HttpMethod.PATCH, TODO, "{}"), 503);

		willReturn(Optional.of(new Outcome.Updated(new Todo(7, "x", null, false, 4)))).given(this.publisher)
			.submit(any(), anyBoolean());
		given(this.ids.knownHandedOut(7L)).willReturn(true);
		assertStatus(send(HttpMethod.PUT, TODO, "{\"title\": \"x\"}"), 200);
		assertProblem(send(HttpMethod.PUT, "/todos/9", "{\"title\": \"x\"}"), 503);
		verify(this.publisher, never()).submit(argThat((change) -> change.id() == 9L), anyBoolean());
	}

	@Test
	void anUnexpectedFailureIs500WithNothingInternal() {
		given(this.todos.page(eq(TestCodec.OWNER), anyLong(), any(), anyInt()))
			.willThrow(new IllegalStateException("dev.todoservice.Secret at org.postgresql SQLState 08006"));
		assertProblem(send(HttpMethod.GET, "/todos/", null), 500);
	}

	// Reads

	@Test
	void getGivesTheVersionAsAStrongETagAndIfNoneMatchGives304() {
		Answer read = send(HttpMethod.GET, TODO, null);
		assertStatus(read, 200);
		assertThat(read.header("ETag")).as(read.toString()).isEqualTo("\"3\"");
		assertThat(read.json()).as("no version in the body: " + read)
			.isEqualTo(json("{\"id\": 7, \"title\": \"Buy milk\", \"description\": \"2 l\", \"completed\": false}"));

		Answer unchanged = send(HttpMethod.GET, TODO, null, "If-None-Match", "\"3\"");
		assertStatus(unchanged, 304);
		assertThat(unchanged.body()).as(unchanged.toString()).isEmpty();
		assertStatus(send(HttpMethod.GET, TODO, null, "If-None-Match", "\"2\""), 200);
	}

	@Test
	void aFullPageLinksTheNextOneRelativelyWhateverTheHost() {
		given(this.todos.page(TestCodec.OWNER, 0, null, 3)).willReturn(List.of(todo(1), todo(2), todo(3)));
		Answer page = send(HttpMethod.GET, "/todos/?limit=2", null, "Host", "evil.example:666");
		assertStatus(page, 200);
		assertThat(page.json().size()).as(page.toString()).isEqualTo(2);
		assertThat(page.header("Link")).as("relative: an absolute link would echo the client's Host; " + page)
			.isEqualTo("</todos/?limit=2&after=2>; rel=\"next\"");

		given(this.todos.page(TestCodec.OWNER, 5, true, 3)).willReturn(List.of(todo(6), todo(8), todo(9)));
		Answer filtered = send(HttpMethod.GET, "/todos?completed=true&limit=2&after=5", null);
		assertThat(filtered.header("Link")).as("the filter stays: " + filtered)
			.isEqualTo("</todos?completed=true&limit=2&after=8>; rel=\"next\"");
	}

	@Test
	void theLastPageHasNoLinkAndTheDefaultPageIs100() {
		given(this.todos.page(TestCodec.OWNER, 0, null, 101)).willReturn(List.of(todo(1)));
		Answer page = send(HttpMethod.GET, "/todos/", null);
		assertStatus(page, 200);
		assertThat(page.header("Link")).as(page.toString()).isNull();
		assertThat(page.json().get(0).has("version")).as(page.toString()).isFalse();
	}

	// Helpers

	private static Todo todo(long id) {
		return new Todo(id, "todo " + id, null, false, 1);
	}

	/** The consumer's outcome for a change applied to {@link #CURRENT}. */
	private static Outcome applied(TodoChange change) {
		if (change instanceof TodoChange.Create create) {
			return new Outcome.Created(create.stored());
		}
		if (change instanceof TodoChange.Update update) {
			return new Outcome.Updated(update.appliedTo(CURRENT));
		}
		return new Outcome.Deleted(change.id(), CURRENT.version());
	}

	/** The body as POST, PUT and PATCH (of the stored todo). */
	private List<Answer> writes(String body, String... headers) {
		return List.of(send(HttpMethod.POST, "/todos/", body, headers), send(HttpMethod.PUT, TODO, body, headers),
				send(HttpMethod.PATCH, TODO, body, headers));
	}

	/** A valid PUT, PATCH and DELETE of the stored todo, with the headers. */
	private List<Answer> changes(String... headers) {
		return List.of(send(HttpMethod.PUT, TODO, "{\"title\": \"x\"}", headers),
				send(HttpMethod.PATCH, TODO, "{\"title\": \"x\"}", headers),
				send(HttpMethod.DELETE, TODO, null, headers));
	}

	/**
	 * Any request; a body is JSON unless the headers (name/value pairs) say otherwise.
	 */
	private Answer send(HttpMethod method, String path, String body, String... headers) {
		MockMvcTester.MockMvcRequestBuilder request = this.mvc.method(method).uri(path);
		StringBuilder description = new StringBuilder(method + " " + path);
		boolean typed = false;
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
			description.append(" [").append(headers[i]).append(": ").append(headers[i + 1]).append("]");
			typed |= headers[i].equalsIgnoreCase("Content-Type");
		}
		if (body != null) {
			request.content(body);
			if (!typed) {
				request.header("Content-Type", "application/json");
			}
			description.append(" ").append(body.length() > 120 ? body.substring(0, 120) + "…" : body);
		}
		return new Answer(description.toString(), request.exchange());
	}

	private static JsonNode json(String text) {
		return JSON.readTree(text);
	}

	private static void assertStatus(Answer answer, int status) {
		assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
	}

	private static void assertProblem(Answer answer, int status) {
		ProblemAssertions.assertProblem(answer.toString(), answer.status(), answer.header("Content-Type"),
				answer.body(), answer::header, status);
	}

	private static void assertFieldError(Answer answer, String field) {
		assertProblem(answer, 422);
		List<String> fields = new ArrayList<>();
		answer.json().get("errors").forEach((error) -> fields.add(error.get("field").asString()));
		assertThat(fields).as("the errors name the field: " + answer).contains(field);
	}

	/**
	 * What a client got; {@link #toString()} shows the request and the answer, so a
	 * failed assertion says what a client would have seen.
	 */
	record Answer(String request, MvcTestResult result) {

		int status() {
			return this.result.getResponse().getStatus();
		}

		String header(String name) {
			return this.result.getResponse().getHeader(name);
		}

		String body() {
			try {
				return this.result.getResponse().getContentAsString(StandardCharsets.UTF_8);
			}
			catch (UnsupportedEncodingException ex) {
				throw new IllegalStateException(ex);
			}
		}

		JsonNode json() {
			return JSON.readTree(body());
		}

		@Override
		public String toString() {
			String unresolved = (this.result.getUnresolvedException() != null)
					? " (unresolved: " + this.result.getUnresolvedException() + ")" : "";
			return this.request + " -> " + status() + " " + body() + unresolved;
		}

	}

}
