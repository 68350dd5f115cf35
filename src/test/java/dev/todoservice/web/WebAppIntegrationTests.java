package dev.todoservice.web;

import java.util.List;
import java.util.regex.Pattern;

import dev.todoservice.infrastructure.Http;
import dev.todoservice.infrastructure.Http.Response;
import dev.todoservice.infrastructure.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

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

	Http http;

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
	}

	@Test
	void appRedirectsToAppSlashWhichIsThePage() {
		Response redirect = this.http.get("/app?filter=x");
		assertThat(redirect.status()).as(redirect.toString()).isEqualTo(302);
		assertThat(redirect.header("Location")).endsWith("/app/?filter=x");

		Response page = this.http.get("/app/");
		assertThat(page.status()).as(page.toString()).isEqualTo(200);
		assertThat(page.contentType()).startsWith("text/html");
		assertThat(page.body()).contains("<script type=\"module\" src=\"app.js\"></script>");
		assertThat(this.http.get("/app/index.html").body()).isEqualTo(page.body());
	}

	@Test
	void theGreetingStaysJson() {
		Response greeting = this.http.get("/");
		assertThat(greeting.status()).isEqualTo(200);
		assertThat(greeting.contentType()).startsWith("application/json");
		assertThat(greeting.json().get("Hello").asString()).isEqualTo("PanaCloud Todo 2");
	}

	@Test
	void filesAreServedWithTheirTypesAndRevalidatedOnEveryLoad() {
		for (String file : FILES) {
			Response response = this.http.get("/app/" + file);
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
			assertThat(response.header("Cache-Control")).as(file).contains("no-cache");
			assertThat(response.header("ETag") != null || response.header("Last-Modified") != null).as(file).isTrue();
		}
		assertThat(this.http.get("/app/app.js").contentType()).contains("javascript");
		assertThat(this.http.get("/app/app.css").contentType()).startsWith("text/css");
		assertThat(this.http.get("/app/missing.js").status()).isEqualTo(404);
	}

	/**
	 * The Content-Security-Policy allows only the service's own files: no inline script
	 * or style.
	 */
	@Test
	void thePageHasNoInlineScriptOrStyle() {
		String page = this.http.get("/app/").body();
		assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>").matcher(page).find()).as("inline <script>")
			.isFalse();
		assertThat(page).doesNotContain("<style").doesNotContain(" style=").doesNotContainPattern(" on[a-z]+=");
		assertThat(page).doesNotContain("http://").doesNotContain("https://").as("no file from elsewhere");
		for (String file : FILES.subList(2, 7)) {
			String script = this.http.get("/app/" + file).body();
			assertThat(script).as(file).doesNotContain(".style.").doesNotContain("innerHTML").doesNotContain("eval(");
		}
	}

}
