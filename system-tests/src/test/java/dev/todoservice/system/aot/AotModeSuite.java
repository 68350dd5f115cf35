package dev.todoservice.system.aot;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.todoservice.system.infrastructure.LocalDatabase;
import dev.todoservice.system.infrastructure.OpenIdIssuer;
import dev.todoservice.system.processes.KafkaProcess;
import dev.todoservice.system.processes.Ports;
import dev.todoservice.system.processes.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar in Spring AOT mode ({@code -Dspring.aot.enabled=true}), as the image runs it:
 * its bean definitions were generated when the jar was built, so what a condition decided
 * then stays decided. The service's own choices must still be made at run time: both
 * sign-in modes from the one jar, and {@code SPRING_FLYWAY_ENABLED=false} for the image's
 * training run, which has no database; and a setting that Boot decides beans from must
 * take the start out of the mode rather than be ignored.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class AotModeSuite {

	static final List<String> AOT_MODE = List.of("-Xmx512m", "-Dspring.aot.enabled=true");

	static final String RUN = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"));

	static final Path DIR = Path.of("target", "aot", RUN).toAbsolutePath();

	static final JsonMapper JSON = JsonMapper.builder().build();

	static KafkaProcess kafka;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	@BeforeAll
	static void broker() throws IOException {
		kafka = KafkaProcess.format(DIR.resolve("kafka"), Ports.free(), Ports.free());
		kafka.start();
	}

	@AfterAll
	static void stopBroker() {
		if (kafka != null) {
			kafka.close();
		}
	}

	@Test
	void theOpenModeTakesAndServesTodos() throws Exception {
		try (LocalDatabase db = new LocalDatabase("todo_aot_open_" + RUN);
				ServiceProcess service = service("open", db, Map.of("TODO_AUTH", "none"))) {
			service.start();
			assertAotMode(service);
			String id = create(service, null, "written in AOT mode");
			HttpResponse<String> read = send(service, "GET", "/todos/" + id, null, null);
			assertThat(read.statusCode()).as("GET /todos/%s without a token in the open mode", id).isEqualTo(200);
			assertThat(read.body()).as("the todo read back").contains("written in AOT mode");
			// The open mode's chain comes before the bearer chain, which must not see
			// this.
			assertThat(send(service, "GET", "/todos/" + id, "not-a-token", null).statusCode())
				.as("GET /todos/%s with a bearer token the open mode ignores", id)
				.isEqualTo(200);
		}
	}

	@Test
	void theSignInModeAsksForATokenAndServesItsOwner() throws Exception {
		Map<String, String> settings = new HashMap<>();
		// A burst of 3, then one a second: enough for each owner's requests below but the
		// last owner's.
		settings.put("TODO_RATE_LIMIT_ENABLED", "true");
		settings.put("TODO_RATE_LIMIT_BURST", "3");
		settings.put("TODO_RATE_LIMIT_REQUESTS_PER_SECOND", "1");
		try (OpenIdIssuer issuer = OpenIdIssuer.start();
				LocalDatabase db = new LocalDatabase("todo_aot_oidc_" + RUN);
				ServiceProcess service = service("oidc", db, with(settings, issuer.serviceEnvironment()))) {
			service.start();
			assertAotMode(service);
			assertThat(send(service, "GET", "/todos", null, null).statusCode())
				.as("GET /todos without a token in the sign-in mode")
				.isEqualTo(401);
			String token = issuer.token("aot-user");
			String id = create(service, token, "signed in, AOT mode");
			HttpResponse<String> read = send(service, "GET", "/todos/" + id, token, null);
			assertThat(read.statusCode()).as("GET /todos/%s with its owner's token", id).isEqualTo(200);
			assertThat(read.body()).as("the todo read back").contains("signed in, AOT mode");
			assertThat(send(service, "GET", "/todos/" + id, issuer.token("someone-else"), null).statusCode())
				.as("GET /todos/%s with another owner's token", id)
				.isEqualTo(404);
			// The browser chain: its sign-in starts at the provider's authorization
			// endpoint.
			HttpResponse<String> signIn = send(service, "GET", "/oauth2/authorization/oidc", null, null);
			assertThat(signIn.statusCode()).as("GET /oauth2/authorization/oidc").isEqualTo(302);
			assertThat(signIn.headers().firstValue("Location"))
				.as("where GET /oauth2/authorization/oidc sends the browser")
				.hasValueSatisfying((location) -> assertThat(location).startsWith(issuer.issuer() + "/authorize?"));
			// The first 3 always fit the burst; within 20 the bucket runs dry unless they
			// take 17 s.
			String busy = issuer.token("aot-busy");
			List<Integer> statuses = new ArrayList<>();
			while (statuses.size() < 20 && !statuses.contains(429)) {
				statuses.add(send(service, "GET", "/todos", busy, null).statusCode());
			}
			assertThat(statuses)
				.as("GET /todos again and again by one owner: a burst of 3 answered, then 429 (the rate limit works in AOT mode)")
				.startsWith(200, 200, 200)
				.contains(429);
		}
	}

	private static Map<String, String> with(Map<String, String> settings, Map<String, String> more) {
		Map<String, String> all = new HashMap<>(settings);
		all.putAll(more);
		return all;
	}

	@Test
	void aSettingThatDecidesBeansTurnsTheModeOffForThatStart() throws Exception {
		// Which actuator endpoints exist is a condition: in AOT mode it was decided when
		// the jar was built (health, info, prometheus), so this start must not be in it.
		try (LocalDatabase db = new LocalDatabase("todo_aot_fallback_" + RUN);
				ServiceProcess service = service("fallback", db, Map.of("TODO_AUTH", "none",
						"MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE", "health,info,prometheus,metrics"))) {
			service.start();
			String log = Files.readString(service.log());
			assertThat(log).as("the service's log (%s)", service.log())
				.doesNotContain("Starting AOT-processed")
				.contains(
						"Spring AOT mode off for this start, which is slower: management.endpoints.web.exposure.include");
			assertThat(send(service, "GET", "/actuator/metrics", null, null).statusCode())
				.as("GET /actuator/metrics, exposed by the setting given at run time")
				.isEqualTo(200);
			String id = create(service, null, "written after the fallback");
			assertThat(send(service, "GET", "/todos/" + id, null, null).statusCode()).as("GET /todos/%s", id)
				.isEqualTo(200);
		}
	}

	@Test
	void startsWithoutADatabaseWhenFlywayIsOff() throws Exception {
		// The image's training run (Dockerfile): signed in, nothing that answers, Flyway
		// off; the context is refreshed and the process exits 0.
		Map<String, String> training = new HashMap<>(
				Map.of("SPRING_FLYWAY_ENABLED", "false", "SPRING_KAFKA_ADMIN_AUTO_CREATE", "false", "TODO_AUTH", "oidc",
						"TODO_AUTH_ISSUER_URI", "http://127.0.0.1:1/training"));
		List<String> refreshOnly = new ArrayList<>(AOT_MODE);
		refreshOnly.add("-Dspring.context.exit=onRefresh");
		try (ServiceProcess service = new ServiceProcess(ServiceProcess.jar(), Ports.free(),
				"postgresql://127.0.0.1:1/training", "127.0.0.1:1", training, refreshOnly,
				DIR.resolve("training.log"))) {
			service.launch();
			assertThat(service.awaitExit(Duration.ofMinutes(3)))
				.as("exit code of a refresh-only start in AOT mode without a database (log: %s)", service.log())
				.hasValue(0);
			assertAotMode(service);
		}
	}

	private ServiceProcess service(String name, LocalDatabase db, Map<String, String> settings) throws IOException {
		Map<String, String> env = new HashMap<>(settings);
		env.put("TODO_TOPIC", "todos-aot-" + name);
		env.put("KAFKA_GROUP_ID", "aot-" + name);
		return new ServiceProcess(ServiceProcess.jar(), Ports.free(), db.url(), kafka.bootstrapServers(), env, AOT_MODE,
				DIR.resolve(name + ".log"));
	}

	/** Boot says so in its first line when it runs the generated bean definitions. */
	private static void assertAotMode(ServiceProcess service) throws IOException {
		assertThat(Files.readString(service.log())).as("the service's log (%s)", service.log())
			.contains("Starting AOT-processed")
			.doesNotContain("Spring AOT mode off");
	}

	/** Creates a todo, waiting for it to be stored (201), and returns its id. */
	private String create(ServiceProcess service, String token, String title) throws Exception {
		HttpResponse<String> created = send(service, "POST", "/todos/", token, "{\"title\": \"" + title + "\"}");
		assertThat(created.statusCode()).as("POST /todos/ (%s)", created.body()).isEqualTo(201);
		JsonNode id = JSON.readTree(created.body()).path("id");
		assertThat(id.isIntegralNumber()).as("an id in the answer %s", created.body()).isTrue();
		return id.asString();
	}

	private HttpResponse<String> send(ServiceProcess service, String method, String path, String token, String json)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
			.timeout(Duration.ofSeconds(30))
			.method(method,
					(json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody());
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
