package dev.todoservice.accounts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.todoservice.infrastructure.EventStream;
import dev.todoservice.infrastructure.Http;
import dev.todoservice.infrastructure.OpenIdProvider;
import dev.todoservice.infrastructure.SignedInIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The isolation matrix (OWASP API1): Alice and Bob, signed in at the real provider, each
 * with todos of their own. On every route and header, Bob's todo is to Alice exactly what
 * a missing one is (404, never 403 or 412), and not one byte of Bob's data reaches her:
 * not in a list, a count, a replayed Idempotency-Key, a cursor Bob built, the live stream
 * or its Last-Event-ID catch-up. Each row of the matrix is recorded and printed, so the
 * issue's table is what this test saw.
 */
@SignedInIntegrationTest
class IsolationMatrixIntegrationTests {

	@LocalServerPort
	int port;

	private final OpenIdProvider provider = OpenIdProvider.shared();

	private final Map<String, String> matrix = new LinkedHashMap<>();

	private User alice;

	private User bob;

	/** Bob's data: it must not appear in any answer Alice gets. */
	private String secret;

	@BeforeEach
	void twoSignedInUsers() {
		this.alice = new User(new Http(this.port), this.provider.token(OpenIdProvider.ALICE));
		this.bob = new User(new Http(this.port), this.provider.token(OpenIdProvider.BOB));
		this.secret = "bobs-secret-" + UUID.randomUUID();
	}

	@Test
	void anotherOwnersTodoIsMissingOnEveryRouteAndHeader() {
		String key = "shared-key-" + UUID.randomUUID();
		Http.Response bobsCreate = this.bob.call("POST", "/todos/",
				"{\"title\": \"" + this.secret + "\", \"description\": \"" + this.secret + "\"}", "Idempotency-Key",
				key);
		assertThat(bobsCreate.status()).as(bobsCreate.toString()).isEqualTo(201);
		long bobs = bobsCreate.json().get("id").asLong();
		String todo = "/todos/" + bobs;
		String missing = "/todos/" + (bobs + 1_000_000_000L);

		Http.Response aliceCreate = this.alice.call("POST", "/todos/", "{\"title\": \"Alice's\"}", "Idempotency-Key",
				key);
		row("POST /todos/ with Bob's Idempotency-Key", aliceCreate, 201);
		assertThat(aliceCreate.header("Idempotent-Replayed")).as("Alice's first use of the key is no replay").isNull();
		long alices = aliceCreate.json().get("id").asLong();

		Http.Response notFound = this.alice.call("GET", missing, null);
		row("GET a missing id (the reference)", notFound, 404);
		String missingDetail = notFound.json().get("detail").asString();

		same404("GET /todos/{Bob's}", this.alice.call("GET", todo, null), missingDetail);
		same404("GET /todos/{Bob's} If-None-Match: his ETag",
				this.alice.call("GET", todo, null, "If-None-Match", "\"1\""), missingDetail);
		same404("PUT /todos/{Bob's}", this.alice.call("PUT", todo, "{\"title\": \"Alice was here\"}"), missingDetail);
		same404("PUT /todos/{Bob's} If-Match: his ETag",
				this.alice.call("PUT", todo, "{\"title\": \"Alice was here\"}", "If-Match", "\"1\""), missingDetail);
		same404("PATCH /todos/{Bob's}", this.alice.call("PATCH", todo, "{\"completed\": true}"), missingDetail);
		same404("PATCH /todos/{Bob's} If-Match: a wrong ETag",
				this.alice.call("PATCH", todo, "{\"completed\": true}", "If-Match", "\"7\""), missingDetail);
		String bobsOtherKey = "bobs-key-" + UUID.randomUUID();
		assertThat(this.bob
			.call("POST", "/todos/", "{\"title\": \"" + this.secret + "\"}", "Idempotency-Key", bobsOtherKey)
			.status()).isEqualTo(201);
		same404("PATCH /todos/{Bob's} with a key Bob used",
				this.alice.call("PATCH", todo, "{\"completed\": true}", "Idempotency-Key", bobsOtherKey),
				missingDetail);
		same404("DELETE /todos/{Bob's} If-Match: his ETag", this.alice.call("DELETE", todo, null, "If-Match", "\"1\""),
				missingDetail);
		same404("DELETE /todos/{Bob's}", this.alice.call("DELETE", todo, null), missingDetail);

		row("GET /todos/", this.alice.call("GET", "/todos/", null), 200);
		row("GET /todos/?completed=false&after={below Bob's id}",
				this.alice.call("GET", "/todos/?completed=false&after=" + (bobs - 1), null), 200);
		Http.Response bobsPage = this.bob.call("GET", "/todos/?limit=1&after=" + (bobs - 1), null);
		assertThat(bobsPage.status()).as(bobsPage.toString()).isEqualTo(200);
		assertThat(bobsPage.body()).as("the test's own control: Bob sees his todo").contains(this.secret);
		Http.Response bobsCursor = this.bob.call("GET", "/todos/?limit=1&after=0", null);
		String next = bobsCursor.header("Link");
		assertThat(next).as("Bob has two todos, so a page of one links to the next").isNotNull();
		String link = next.substring(next.indexOf('<') + 1, next.indexOf('>'));
		row("GET Bob's next-page link (a cursor he built)", this.alice.call("GET", link, null), 200);
		Http.Response count = this.alice.call("GET", "/todos/count", null);
		row("GET /todos/count", count, 200);
		assertThat(count.json().get("open").asLong() + count.json().get("completed").asLong())
			.as("Alice's count holds her todos only")
			.isEqualTo(this.alice.call("GET", "/todos/?limit=1000", null).json().size());
		assertThat(this.alice.call("GET", "/todos/", null).body()).contains("\"id\":" + alices);

		Http.Response bobsAgain = this.bob.call("GET", todo, null);
		assertThat(bobsAgain.status()).isEqualTo(200);
		assertThat(bobsAgain.header("ETag")).as("nothing Alice sent changed Bob's todo").isEqualTo("\"1\"");
		assertThat(bobsAgain.json().get("completed").asBoolean()).isFalse();
		print();
	}

	@Test
	void aTodoAcceptedForBobIsMissingToAliceAtOnce() {
		Http.Response accepted = this.bob.call("POST", "/todos/", "{\"title\": \"" + this.secret + "\"}", "Prefer",
				"respond-async");
		assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
		String location = accepted.header("Location");
		Http.Response read = this.alice.call("GET", location, null);
		row("GET a todo Bob's 202 accepted", read, 404);
		assertThat(read.header("Retry-After")).as("no 'not stored yet' hint about another owner's todo").isNull();
		print();
	}

	@Test
	void theLiveStreamAndItsCatchUpAreOneOwnersOnly() {
		try (EventStream alicesStream = this.alice.stream(null); EventStream bobsStream = this.bob.stream(null)) {
			assertThat(alicesStream.awaitConnected()).isEqualTo(200);
			assertThat(bobsStream.awaitConnected()).isEqualTo(200);
			Http.Response bobs = this.bob.call("POST", "/todos/", "{\"title\": \"" + this.secret + "\"}");
			long bobsId = bobs.json().get("id").asLong();
			this.bob.call("PATCH", "/todos/" + bobsId, "{\"completed\": true}");
			this.bob.call("DELETE", "/todos/" + bobsId, null);
			Http.Response alices = this.alice.call("POST", "/todos/", "{\"title\": \"Alice's own\"}");
			long alicesId = alices.json().get("id").asLong();
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(alicesStream.events()).extracting(EventStream.Event::data)
					.anyMatch((data) -> data.contains("\"id\":" + alicesId)));
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(bobsStream.events()).hasSize(3));
			assertThat(alicesStream.events()).as("Alice's stream: her create only, none of Bob's three changes")
				.hasSize(1)
				.allSatisfy((event) -> assertThat(event.data()).doesNotContain(this.secret));
			this.matrix.put("GET /todos/events", "Alice's own events only (1 of 4 changes)");

			// Catch-up from before all four changes: Bob's are not replayed to Alice.
			long before = Long.parseLong(alicesStream.events().get(0).id()) - 10;
			try (EventStream catchUp = this.alice.stream(Long.toString(before))) {
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(catchUp.events()).extracting(EventStream.Event::data)
						.anyMatch((data) -> data.contains("\"id\":" + alicesId)));
				assertThat(catchUp.events()).extracting(EventStream.Event::data)
					.as("Last-Event-ID catches up on Alice's changes only")
					.noneMatch((data) -> data.contains(this.secret) || data.contains("\"id\":" + bobsId));
				this.matrix.put("GET /todos/events Last-Event-ID: before Bob's changes", "Alice's own events only");
			}
		}
		print();
	}

	private void same404(String route, Http.Response response, String missingDetail) {
		row(route, response, 404);
		assertThat(response.json().get("detail").asString()).as(route + ": the same answer as a missing todo")
			.isEqualTo(missingDetail);
		assertThat(response.header("ETag")).as(route + ": no version of Bob's todo").isNull();
	}

	/** Records a row of the matrix; every answer Alice gets is checked for Bob's data. */
	private void row(String route, Http.Response response, int status) {
		assertThat(response.status()).as(route + ": " + response).isEqualTo(status);
		assertThat(response.body() + response.raw().headers().map())
			.as(route + ": not one byte of Bob's data in Alice's answer")
			.doesNotContain(this.secret);
		this.matrix.put(route, Integer.toString(response.status()));
	}

	private void print() {
		List<String> rows = new ArrayList<>();
		this.matrix.forEach((route, result) -> rows.add("| " + route + " | " + result + " |"));
		System.out.println("Isolation matrix (as Alice, on Bob's todo):\n" + String.join("\n", rows));
	}

	private record User(Http http, String token) {

		Http.Response call(String method, String path, String body, String... headers) {
			String[] all = new String[headers.length + 2];
			all[0] = "Authorization";
			all[1] = "Bearer " + this.token;
			System.arraycopy(headers, 0, all, 2, headers.length);
			return this.http.request(method, path, body, all);
		}

		EventStream stream(String lastEventId) {
			return EventStream.open(this.http.uri("/todos/events"), lastEventId, "Authorization",
					"Bearer " + this.token);
		}

	}

}
