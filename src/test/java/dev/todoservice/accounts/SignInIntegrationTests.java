package dev.todoservice.accounts;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.todoservice.TodoServiceApplication;
import dev.todoservice.infrastructure.Http;
import dev.todoservice.infrastructure.KafkaBroker;
import dev.todoservice.infrastructure.OpenIdProvider;
import dev.todoservice.infrastructure.SignedInIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.todoservice.infrastructure.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-in against the real dev provider: a command-line token from its client-credentials
 * endpoint, and a browser's sign-in through the service (authorization code with PKCE),
 * its session cookie, CSRF on its writes, and sign-out.
 */
@SignedInIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class SignInIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	Http http;

	OpenIdProvider provider = OpenIdProvider.shared();

	@Autowired
	KafkaBroker broker;

	@Value("${database.url}")
	String databaseUrl;

	@Value("${todo.topic}")
	String topic;

	@Value("${spring.kafka.consumer.group-id}")
	String group;

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
	}

	@Test
	void aTokenFromTheProvidersTokenEndpointWorksOnTheTodoRoutes(CapturedOutput output) throws Exception {
		String token = this.provider.token(OpenIdProvider.ALICE);
		JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
		assertThat(claims.path("sub").asString()).isEqualTo(OpenIdProvider.ALICE);
		assertThat(claims.path("iss").asString()).isEqualTo(this.provider.issuer());

		Http.Response created = this.http.request("POST", "/todos/", "{\"title\": \"Buy milk\"}", "Authorization",
				"Bearer " + token);
		assertThat(created.status()).as(created.toString()).isIn(201, 202);
		Http.Response read = this.http.request("GET", "/todos/", null, "Authorization", "Bearer " + token);
		assertThat(read.status()).as(read.toString()).isEqualTo(200);
		assertThat(output.getAll()).as("the token in the log").doesNotContain(token.split("\\.")[2]);
	}

	@Test
	void withoutSignInTheTodoRoutesAre401AndThePublicOnesOpen() {
		for (String path : new String[] { "/todos/", "/todos", "/todos/1", "/todos/count", "/todos/events" }) {
			Http.Response response = this.http.get(path);
			assertProblem(response, 401);
			assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
		}
		assertProblem(this.http.post("/todos/", "{\"title\": \"x\"}"), 401);
		for (String path : new String[] { "/", "/app/", "/openapi.json", "/docs", "/actuator/health",
				"/actuator/health/liveness", "/actuator/prometheus" }) {
			Http.Response response = this.http.get(path);
			assertThat(response.status()).as(response.toString()).isIn(200, 302);
		}
	}

	@Test
	void aBrowserSignsInWritesWithItsCsrfTokenAndSignsOut(CapturedOutput output) throws Exception {
		CookieManager cookies = new CookieManager();
		HttpClient browser = HttpClient.newBuilder()
			.cookieHandler(cookies)
			.followRedirects(HttpClient.Redirect.NORMAL)
			.build();
		String base = "http://127.0.0.1:" + this.port;

		HttpResponse<String> app = signIn(browser, base, OpenIdProvider.BOB);
		assertThat(app.uri().toString()).isEqualTo(base + "/app/");
		assertThat(app.statusCode()).isEqualTo(200);
		HttpCookie session = cookie(cookies, "SESSION");
		assertThat(session.isHttpOnly()).isTrue();
		assertThat(app.headers().allValues("Set-Cookie")).noneMatch((value) -> value.contains("access_token"));

		// Reads need the session only; writes also the CSRF header.
		assertThat(call(browser, "GET", base + "/todos/", null).statusCode()).isEqualTo(200);
		HttpResponse<String> forged = call(browser, "POST", base + "/todos/", null);
		assertThat(forged.statusCode()).as(forged.body()).isEqualTo(403);
		String xsrf = cookie(cookies, "XSRF-TOKEN").getValue();
		HttpResponse<String> created = call(browser, "POST", base + "/todos/", xsrf);
		assertThat(created.statusCode()).as(created.body()).isIn(201, 202);

		// Sign-out ends the session: the old cookie is worth nothing.
		assertThat(call(browser, "POST", base + "/logout", xsrf).statusCode()).isEqualTo(204);
		HttpResponse<String> after = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(base + "/todos/"))
				.header("Cookie", "SESSION=" + session.getValue())
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(after.statusCode()).isEqualTo(401);
		assertThat(output.getAll()).as("the session id in the log").doesNotContain(session.getValue());
	}

	/**
	 * Signs a browser in through the service at the provider's login form; the answer is
	 * where it lands.
	 */
	private HttpResponse<String> signIn(HttpClient browser, String base, String user) throws Exception {
		// The service sends the browser to the provider, whose login form comes back.
		HttpResponse<String> form = browser.send(page(base + "/oauth2/authorization/oidc").build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(form.uri().toString()).isEqualTo(this.provider.issuer() + "/login");
		Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(form.body());
		assertThat(csrf.find()).as(form.body()).isTrue();

		// Signed in there, the browser lands back on the web app.
		String credentials = "username=" + user + "&password=" + OpenIdProvider.password(user) + "&_csrf="
				+ URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
		return browser
			.send(page(this.provider.issuer() + "/login").header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(credentials))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void aSessionWorksOnEveryInstanceAndAProviderThatIsDownIs503() throws Exception {
		CookieManager cookies = new CookieManager();
		HttpClient browser = HttpClient.newBuilder()
			.cookieHandler(cookies)
			.followRedirects(HttpClient.Redirect.NORMAL)
			.build();
		signIn(browser, "http://127.0.0.1:" + this.port, OpenIdProvider.ALICE);
		String session = cookie(cookies, "SESSION").getValue();
		String token = this.provider.token(OpenIdProvider.ALICE);

		// Another instance, whose provider does not answer (one instance for both checks:
		// each start costs seconds).
		try (ConfigurableApplicationContext other = instance("http://127.0.0.1:1")) {
			Http http = new Http(Integer.parseInt(other.getEnvironment().getRequiredProperty("local.server.port")));
			// Sessions live in PostgreSQL: it knows this one's, and a signed-in session
			// needs no provider.
			Http.Response read = http.request("GET", "/todos/", null, "Cookie", "SESSION=" + session);
			assertThat(read.status()).as(read.toString()).isEqualTo(200);

			// It cannot check a token: its trouble, 503.
			Http.Response response = http.request("GET", "/todos/", null, "Authorization", "Bearer " + token);
			assertProblem(response, 503);
			assertThat(response.header("Retry-After")).isNotNull();
		}
	}

	/**
	 * Another instance of the service, consuming nothing, signing in at the issuer given.
	 */
	private ConfigurableApplicationContext instance(String issuer) {
		return new SpringApplicationBuilder(TodoServiceApplication.class).run("--server.port=0",
				"--database.url=" + this.databaseUrl,
				"--spring.kafka.bootstrap-servers=" + this.broker.bootstrapServers(), "--todo.topic=" + this.topic,
				"--spring.kafka.consumer.group-id=" + this.group, "--spring.kafka.listener.auto-startup=false",
				"--todo.auth.mode=oidc", "--todo.auth.issuer-uri=" + issuer,
				"--todo.auth.client-secret=" + OpenIdProvider.WEB_CLIENT_SECRET);
	}

	private static HttpRequest.Builder page(String uri) {
		return HttpRequest.newBuilder(URI.create(uri)).header("Accept", "text/html");
	}

	private static HttpResponse<String> call(HttpClient browser, String method, String uri, String xsrf)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri))
			.header("Content-Type", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofString(method.equals("GET") ? "" : "{\"title\": \"mine\"}"));
		if (xsrf != null) {
			request.header("X-XSRF-TOKEN", xsrf);
		}
		return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpCookie cookie(CookieManager cookies, String name) {
		return cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter((cookie) -> cookie.getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no cookie " + name + ": " + cookies.getCookieStore().getCookies()));
	}

}
