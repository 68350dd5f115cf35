package dev.todoservice.web;

import java.net.http.HttpClient;
import java.util.List;
import java.util.regex.Pattern;

import dev.todoservice.infrastructure.Calls;
import dev.todoservice.infrastructure.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the service serves the web app, without a browser: the /app routes, the files'
 * types and caching, the greeting left alone, and nothing in the page that the
 * Content-Security-Policy would block.
 */
@IntegrationTest
class WebAppIntegrationTests {

	private static final List<String> FILES = List.of("index.html", "app.css", "app.js", "api.js", "store.js",
			"stream.js", "view.js", "favicon.svg");

	@LocalServerPort
	int port;

	@Autowired
	RestTestClient client;

	@Test
	void appRedirectsToAppSlashWhichIsThePage() {
		// A client that shows the redirect instead of following it.
		RestTestClient.bindToServer(new JdkClientHttpRequestFactory(HttpClient.newHttpClient()))
			.baseUrl("http://127.0.0.1:" + this.port)
			.build()
			.get()
			.uri("/app?filter=x")
			.exchange()
			.expectStatus()
			.isFound()
			.expectHeader()
			.value("Location", (location) -> assertThat(location).endsWith("/app/?filter=x"));

		String page = this.client.get()
			.uri("/app/")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.value("Content-Type", (type) -> assertThat(type).startsWith("text/html"))
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(page).contains("<script type=\"module\" src=\"app.js\"></script>");
		assertThat(body("/app/index.html")).isEqualTo(page);
	}

	@Test
	void theGreetingStaysJson() {
		this.client.get()
			.uri("/")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.value("Content-Type", (type) -> assertThat(type).startsWith("application/json"))
			.expectBody()
			.jsonPath("$.Hello")
			.isEqualTo("PanaCloud Todo 2");
	}

	@Test
	void filesAreServedWithTheirTypesAndRevalidatedOnEveryLoad() {
		for (String file : FILES) {
			HttpHeaders headers = this.client.get()
				.uri("/app/" + file)
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.value("Cache-Control", (cache) -> assertThat(cache).as(file).contains("no-cache"))
				.returnResult()
				.getResponseHeaders();
			assertThat(headers.containsHeader("ETag") || headers.containsHeader("Last-Modified"))
				.as("a validator to revalidate with: " + file + " " + headers)
				.isTrue();
		}
		this.client.get()
			.uri("/app/app.js")
			.exchange()
			.expectHeader()
			.value("Content-Type", (type) -> assertThat(type).contains("javascript"));
		this.client.get()
			.uri("/app/app.css")
			.exchange()
			.expectHeader()
			.value("Content-Type", (type) -> assertThat(type).startsWith("text/css"));
		this.client.get().uri("/app/missing.js").exchange().expectStatus().isNotFound();
	}

	/**
	 * The Content-Security-Policy allows only the service's own files: no inline script
	 * or style.
	 */
	@Test
	void thePageHasNoInlineScriptOrStyle() {
		String page = body("/app/");
		assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>").matcher(page).find()).as("inline <script>")
			.isFalse();
		assertThat(page).doesNotContain("<style").doesNotContain(" style=").doesNotContainPattern(" on[a-z]+=");
		assertThat(page).doesNotContain("http://").doesNotContain("https://").as("no file from elsewhere");
		for (String file : FILES.subList(2, 7)) {
			String script = body("/app/" + file);
			assertThat(script).as(file).doesNotContain(".style.").doesNotContain("innerHTML").doesNotContain("eval(");
		}
	}

	private String body(String path) {
		return Calls.text(this.client, path);
	}

}
