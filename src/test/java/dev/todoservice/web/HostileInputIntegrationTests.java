package dev.todoservice.web;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.todoservice.infrastructure.Http;
import dev.todoservice.infrastructure.Http.Response;
import dev.todoservice.infrastructure.IntegrationTest;
import dev.todoservice.infrastructure.RawHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.todoservice.infrastructure.ProblemAssertions.assertProblem;
import static dev.todoservice.infrastructure.ProblemAssertions.assertSecurityHeaders;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input case by case (issue #4, item 6): body limits, strict and bounded JSON,
 * protocol errors as problem details, even those Tomcat answers itself, and the security
 * headers on every response: what needs Tomcat itself. The JSON, content-type, Accept and
 * method errors Spring MVC answers are {@code api.TodoControllerWebTests}.
 */
@IntegrationTest
class HostileInputIntegrationTests {

	private static final int LIMIT = 64 * 1024;

	@LocalServerPort
	int port;

	Http http;

	RawHttp raw;

	@BeforeEach
	void clients() {
		this.http = new Http(this.port);
		this.raw = new RawHttp(this.port);
	}

	@ParameterizedTest(name = "{0} bytes")
	@ValueSource(ints = { LIMIT + 1, 1024 * 1024 })
	void aBodyOverTheLimitWithContentLengthIs413BeforeItIsRead(int size) {
		for (String method : List.of("POST", "PUT", "PATCH")) {
			String path = method.equals("POST") ? "/todos/" : "/todos/1";
			Response response = this.http.send(HttpRequest.newBuilder(this.http.uri(path))
				.header("Content-Type", "application/json")
				.method(method, BodyPublishers.ofByteArray(todoOfSize(size))));
			assertProblem(response, 413);
			assertThat(response.json().get("detail").asString()).as(response.toString()).contains("65536 bytes");
		}
	}

	@Test
	void aClientThatAsksBeforeSendingAHugeBodyGets413WithoutSendingIt() {
		// Without Expect the server answers 413 at once too, but a client still writing
		// 10 MB may miss it:
		// Tomcat discards at most 2 MB of an unread body, then closes the connection.
		// Over a socket because
		// Java 17's HttpClient waits forever for a 100 that a 413 replaces (JDK-8286171,
		// fixed after 17).
		RawHttp.Response response = this.raw.send("POST /todos/ HTTP/1.1\r\nHost: localhost\r\n"
				+ "Content-Type: application/json\r\nContent-Length: 10485760\r\nExpect: 100-continue\r\n"
				+ "Connection: close\r\n\r\n");
		assertProblem(response, 413);
	}

	@Test
	void aChunkedBodyOverTheLimitIs413WhileItIsRead() {
		byte[] body = todoOfSize(1024 * 1024);
		// A publisher of unknown length: the client sends it chunked, without
		// Content-Length.
		Response response = this.http.send(HttpRequest.newBuilder(this.http.uri("/todos/"))
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
		assertProblem(response, 413);

		Response patch = this.http.send(HttpRequest.newBuilder(this.http.uri("/todos/1"))
			.header("Content-Type", "application/merge-patch+json")
			.method("PATCH", BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
		assertProblem(patch, 413);
	}

	@Test
	void aBodyOfExactlyTheLimitIsReadAndValidated() {
		Response declared = this.http.send(HttpRequest.newBuilder(this.http.uri("/todos/"))
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofByteArray(todoOfSize(LIMIT))));
		assertProblem(declared, 422);

		Response chunked = this.http.send(HttpRequest.newBuilder(this.http.uri("/todos/"))
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(todoOfSize(LIMIT)))));
		assertProblem(chunked, 422);
	}

	@Test
	void absurdJsonIsBoundedAndNeverA5xx() {
		String deepArrays = "[".repeat(10_000) + "]".repeat(10_000);
		String deepInTitle = "{\"title\": " + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_001);
		String longNumber = "{\"title\": \"n\", \"completed\": " + "9".repeat(5_000) + "}";
		String hugeNumber = "{\"title\": \"n\", \"completed\": " + "9".repeat(100_000) + "}";
		String megabyteString = "{\"title\": \"" + "s".repeat(1024 * 1024) + "\"}";
		for (String method : List.of("POST", "PATCH")) {
			String path = method.equals("POST") ? "/todos/" : "/todos/1";
			assertProblem(this.http.request(method, path, deepArrays), 400);
			assertThat(this.http.request(method, path, deepInTitle).status()).isIn(400, 422);
			assertProblem(this.http.request(method, path, longNumber), 400);
			assertProblem(this.http.request(method, path, hugeNumber), 413);
			assertProblem(this.http.request(method, path, megabyteString), 413);
		}
	}

	@Test
	void aMalformedFormBodyIs415NotA500() {
		assertProblem(
				this.http.request("PUT", "/todos/1", "title=%zz", "Content-Type", "application/x-www-form-urlencoded"),
				415);
		assertProblem(this.http.request("GET", "/todos/?limit=1", null, "Content-Type", "*/*"), 415);
	}

	@Test
	void errorAskedForDirectlyIs404() {
		assertProblem(this.http.get("/error"), 404);
		assertProblem(this.http.request("POST", "/error", "{}"), 404);
	}

	/**
	 * TRACE is Tomcat's to refuse (its connector disallows it); every other wrong method
	 * is Spring MVC's, {@code api.TodoControllerWebTests}.
	 */
	@Test
	void traceIs405WithAllow() {
		Response response = this.http.request("TRACE", "/todos/", null);
		assertProblem(response, 405);
		assertThat(response.header("Allow")).as(response.toString()).isNotBlank();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "GET /todos/%zz HTTP/1.1", "GET /todos/..%2F..%2Fetc%2Fpasswd HTTP/1.1",
			"GET /todos/%00 HTTP/1.1", "GET /todos/../../etc/passwd HTTP/1.1", "GET /todos/a b HTTP/1.1",
			"GET /todos/\u0001 HTTP/1.1", "G@T /todos/ HTTP/1.1", "GET /todos/\u00ff\u00fe HTTP/1.1" })
	void requestsTomcatRejectsItselfAreProblemsToo(String requestLine) {
		assertProblem(this.raw.send(requestLine + "\r\nHost: localhost\r\nConnection: close\r\n\r\n"), 400);
	}

	@Test
	void brokenHeadersAndFramingAreProblems() {
		assertProblem(
				this.raw
					.send("GET /todos/ HTTP/1.1\r\nHost: localhost\r\nBad Header: y\r\n" + "Connection: close\r\n\r\n"),
				400);
		assertProblem(this.raw.send("GET /todos/ HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(20_000)
				+ "\r\nConnection: close\r\n\r\n"), 400);
		assertProblem(this.raw.send("POST /todos/ HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
				+ "Content-Length: abc\r\nConnection: close\r\n\r\n{}"), 400);
		assertProblem(this.raw.send("POST /todos/ HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
				+ "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"), 400);
		assertProblem(this.raw.send("GET /todos/?limit=%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
				400);
	}

	/**
	 * The protocol errors RFC 9110/9112 number as 5xx, answered by Tomcat before the
	 * application: an HTTP version it does not speak, CONNECT, a transfer coding it does
	 * not know. Problems too; the fuzz test leaves them out because they are the
	 * standard's 5xx, not the service's.
	 */
	@Test
	void protocolErrorsTheStandardNumbersAs5xxAreProblemsToo() {
		assertProblem(this.raw.send("GET /todos/ HTTP/9.9\r\nHost: localhost\r\nConnection: close\r\n\r\n"), 505);
		assertProblem(this.raw.send("CONNECT /todos/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"), 501);
		assertProblem(this.raw.send("POST /todos/ HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
				+ "Transfer-Encoding: gzip, chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n"), 501);
	}

	@Test
	void everyResponseCarriesTheSecurityHeadersAndNoBanner() {
		List<Response> responses = List.of(this.http.get("/"), this.http.get("/todos/"), this.http.get("/openapi.json"),
				this.http.get("/actuator/health"), this.http.post("/todos/", "{\"title\": \"headers\"}"),
				this.http.get("/no/such/route"), this.http.get("/todos/987654321"), this.http.post("/todos/", "{"),
				this.http.post("/todos/", "{}"), this.http.request("PATCH", "/todos/", "{}"),
				this.http.request("GET", "/todos/", null, "Accept", "text/csv"));
		for (Response response : responses) {
			assertSecurityHeaders(response.toString(), response::header);
		}
		RawHttp.Response rejected = this.raw
			.send("GET /todos/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
		assertSecurityHeaders(rejected.toString(), rejected::header);
	}

	@Test
	void swaggerUiLoadsUnderAPolicyThatAllowsItsOwnScripts() {
		Response docs = this.http.get("/docs");
		assertThat(docs.status()).as(docs.toString()).isIn(200, 302);

		Response page = this.http.get("/swagger-ui/index.html");
		assertThat(page.status()).as(page.toString()).isEqualTo(200);
		String policy = page.header("Content-Security-Policy");
		assertThat(policy).as(page.toString()).contains("default-src 'self'", "frame-ancestors 'none'");
		assertThat(policy).as("scripts fall back to default-src 'self'").doesNotContain("script-src");
		assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
		// 'self' is enough only while the page has no inline script: every script must
		// come from a file here.
		Matcher scripts = Pattern.compile("<script([^>]*)>").matcher(page.body());
		int count = 0;
		while (scripts.find()) {
			count++;
			Matcher src = Pattern.compile("src=\"([^\"]+)\"").matcher(scripts.group(1));
			assertThat(src.find()).as("no inline script in " + page.body()).isTrue();
			assertThat(src.group(1)).as("a script of its own").doesNotContain("//");
			Response script = this.http.get("/swagger-ui/" + src.group(1).replaceFirst("^\\./", ""));
			assertThat(script.status()).as(script.toString()).isEqualTo(200);
		}
		assertThat(count).as(page.body()).isPositive();

		Response document = this.http.get("/openapi.json");
		assertThat(document.header("Content-Security-Policy")).isEqualTo("default-src 'none'; frame-ancestors 'none'");
	}

	/**
	 * A todo whose JSON is exactly {@code size} bytes, padded in the description (too
	 * long to be valid).
	 */
	private static byte[] todoOfSize(int size) {
		String head = "{\"title\": \"big\", \"description\": \"";
		String tail = "\"}";
		return (head + "d".repeat(size - head.length() - tail.length()) + tail).getBytes(StandardCharsets.UTF_8);
	}

}
