package dev.todoservice.deployment;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;

import dev.todoservice.database.DatabaseUrl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the wiring of compose.yaml and the Dockerfile against each other, pom.xml and
 * todo.proto, without a Docker engine (the machines that run the tests have none to build
 * or start them).
 */
class DeploymentFilesTests {

	static final String INTERNAL_BOOTSTRAP = "broker:19092";

	static final String APP_PORT = "8003";

	static final String PROMETHEUS_PORT = "9090";

	static final String PROMETHEUS_CONFIG = "/etc/prometheus/prometheus.yml";

	static final String DASHBOARD = "deploy/grafana/dashboards/todo-service.json";

	static final Path APPLICATION_YAML = Path.of("src/main/resources/application.yaml");

	static final String REALM_DIR = "./deploy/keycloak";

	static final String REALM_IMPORT = "/opt/keycloak/data/import";

	/** Where Keycloak's health endpoints are (its management interface). */
	static final String KEYCLOAK_MANAGEMENT_PORT = "9000";

	static Map<String, Object> compose;

	static Map<String, Map<String, Object>> services;

	static Dockerfile dockerfile;

	@BeforeAll
	@SuppressWarnings("unchecked")
	static void readFiles() throws IOException {
		// SafeConstructor: plain maps, lists and scalars only, never arbitrary classes.
		compose = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(Path.of("compose.yaml")));
		services = (Map<String, Map<String, Object>>) compose.get("services");
		dockerfile = Dockerfile.parse(Files.readString(Path.of("Dockerfile")));
	}

	@Test
	void composeStartsTheDatabaseTheBrokerTheServiceAndTheUi() {
		assertThat(services).as("compose.yaml services")
			.containsKeys("postgres", "broker", "keycloak", "app", "kafka-ui", "prometheus", "grafana");
		assertThat(service("app").get("build")).as("app is built from the Dockerfile at the repository root")
			.isEqualTo(Map.of("context", ".", "args", Map.of("SPRING_AOT", "${SPRING_AOT:-true}")));
	}

	@Test
	void everyServiceHasAHealthcheck() {
		services.forEach((name, service) -> {
			Object healthcheck = service.get("healthcheck");
			assertThat(healthcheck).as("service %s has no healthcheck", name).isInstanceOf(Map.class);
			Map<?, ?> check = (Map<?, ?>) healthcheck;
			assertThat(check.get("disable")).as("service %s disables its healthcheck", name).isNotEqualTo(true);
			assertThat(String.valueOf(check.get("test"))).as("service %s: healthcheck test", name)
				.isNotIn("null", "", "[]", "[NONE]");
		});
	}

	@Test
	void serviceReachesPostgresUnderItsServiceNameWithItsCredentials() {
		Map<String, String> postgres = environment("postgres");
		DatabaseUrl url = DatabaseUrl.parse(environment("app").get("DATABASE_URL"));
		URI jdbc = URI.create(url.jdbcUrl().substring("jdbc:".length()));

		assertThat(jdbc.getHost()).as("app DATABASE_URL host is the postgres service's name").isEqualTo("postgres");
		assertThat(jdbc.getPort()).as("app DATABASE_URL port is PostgreSQL's port in its container").isEqualTo(5432);
		assertThat(url.username()).as("app DATABASE_URL user is postgres' POSTGRES_USER")
			.isEqualTo(postgres.get("POSTGRES_USER"));
		assertThat(url.password()).as("app DATABASE_URL password is postgres' POSTGRES_PASSWORD")
			.isEqualTo(postgres.get("POSTGRES_PASSWORD"));
		assertThat(url.databaseName()).as("app DATABASE_URL database is postgres' POSTGRES_DB")
			.isEqualTo(postgres.get("POSTGRES_DB"));
	}

	@Test
	void serviceAndUiReachTheBrokerOnItsInternalListener() {
		assertThat(environment("app").get("KAFKA_BOOTSTRAP_SERVERS")).as("app KAFKA_BOOTSTRAP_SERVERS")
			.isEqualTo(INTERNAL_BOOTSTRAP);
		assertThat(environment("kafka-ui").get("KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS"))
			.as("kafka-ui KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS")
			.isEqualTo(INTERNAL_BOOTSTRAP);
	}

	@Test
	void brokerAdvertisesTheInternalAndTheHostAddressOnListenersItBinds() {
		Map<String, String> broker = environment("broker");
		Map<String, String> advertised = listeners(broker.get("KAFKA_ADVERTISED_LISTENERS"));
		Map<String, String> bound = listeners(broker.get("KAFKA_LISTENERS"));
		Map<String, String> protocols = listeners(broker.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"));

		assertThat(advertised).as("broker KAFKA_ADVERTISED_LISTENERS").containsValue(INTERNAL_BOOTSTRAP);
		advertised.forEach((listener, address) -> {
			String port = address.substring(address.lastIndexOf(':') + 1);
			assertThat(bound.get(listener))
				.as("broker KAFKA_LISTENERS binds advertised listener %s (%s) on its port", listener, address)
				.endsWith(":" + port);
			assertThat(protocols).as("broker KAFKA_LISTENER_SECURITY_PROTOCOL_MAP names listener %s", listener)
				.containsKey(listener);
			if (address.startsWith("localhost:")) {
				assertThat(publishedPorts("broker")).as("broker publishes the host listener %s", address)
					.containsEntry(port, port);
			}
		});
		assertThat(advertised.values()).as("broker advertises a listener for tools on the host (localhost)")
			.anyMatch((address) -> address.startsWith("localhost:"));
	}

	@Test
	void servicePublishesAndChecksPort8003() {
		assertThat(environment("app").getOrDefault("PORT", APP_PORT)).as("app PORT").isEqualTo(APP_PORT);
		assertThat(publishedPorts("app")).as("app ports (host -> container)").containsEntry(APP_PORT, APP_PORT);
		assertThat(healthcheckTest("app")).as("app healthcheck asks the service's readiness on its port")
			.contains(":" + APP_PORT + "/actuator/health/readiness");
		assertThat(dockerfile.last("EXPOSE")).as("Dockerfile EXPOSE in the runtime stage")
			.matches("(.*\\s)?" + APP_PORT + "(/tcp)?(\\s.*)?");
	}

	@Test
	@SuppressWarnings("unchecked")
	void serviceStartsOnceDatabaseBrokerAndOpenIdProviderAreHealthy() {
		Object dependsOn = service("app").get("depends_on");
		assertThat(dependsOn).as("app depends_on must be a map with conditions").isInstanceOf(Map.class);
		Map<String, Map<String, Object>> conditions = (Map<String, Map<String, Object>>) dependsOn;
		for (String dependency : List.of("postgres", "broker", "keycloak")) {
			assertThat(conditions.get(dependency)).as("app depends_on %s", dependency)
				.containsEntry("condition", "service_healthy");
		}
	}

	@Test
	void keycloakImportsTheRealmFileAndChecksItsReadiness() throws IOException {
		Map<String, Object> keycloak = service("keycloak");
		assertThat(String.valueOf(keycloak.get("image"))).as("keycloak image: Keycloak's own, a pinned version")
			.matches("quay\\.io/keycloak/keycloak:\\d+\\.\\d+\\.\\d+");
		assertThat(String.valueOf(keycloak.get("command"))).as("keycloak command imports the realm at start")
			.contains("--import-realm");
		assertThat(volumeTarget("keycloak", REALM_DIR)).as("the realm directory is mounted where Keycloak imports from")
			.isEqualTo(REALM_IMPORT);
		assertThat(realmFiles()).as("realm files in " + REALM_DIR).isNotEmpty();
		for (Path file : realmFiles()) {
			JsonNode realm = JsonMapper.builder().build().readTree(file.toFile());
			assertThat(realm.path("realm").asString()).as("%s names its realm", file).isNotBlank();
			assertThat(realm.path("enabled").asBoolean()).as("%s: realm enabled", file).isTrue();
		}

		assertThat(environment("keycloak").get("KC_HEALTH_ENABLED")).as("keycloak KC_HEALTH_ENABLED").isEqualTo("true");
		assertThat(healthcheckTest("keycloak"))
			.as("keycloak healthcheck asks readiness on the management port (its image has no curl)")
			.contains(KEYCLOAK_MANAGEMENT_PORT)
			.contains("/health/ready");
	}

	/**
	 * The sign-in's settings against Keycloak's: the issuer is the one Keycloak names in
	 * its tokens, reachable by that same name from the service's container and from a
	 * browser on the host; the client and audience are the realm file's.
	 */
	@Test
	void serviceSignsInWithTheRealmsClientAgainstTheIssuerKeycloakNames() throws IOException {
		Map<String, String> app = environment("app");
		Map<String, String> keycloak = environment("keycloak");
		URI issuer = URI.create(app.get("TODO_AUTH_ISSUER_URI"));
		URI hostname = URI.create(keycloak.get("KC_HOSTNAME"));

		assertThat(issuer.toString())
			.as("app TODO_AUTH_ISSUER_URI is Keycloak's KC_HOSTNAME and a realm: the iss of " + "its tokens")
			.startsWith(hostname + "/realms/");
		JsonNode realm = realm(issuer.getPath().substring("/realms/".length()));

		assertThat(keycloakNames()).as("the issuer's host reaches the keycloak container inside compose's network")
			.contains(issuer.getHost());
		assertThat(issuer.getHost()).as("the issuer's host reaches the loopback address in a browser on the host")
			.matches("localhost|.+\\.localhost");
		String port = String.valueOf(issuer.getPort());
		assertThat(keycloak.get("KC_HTTP_PORT")).as("Keycloak listens on the issuer's port inside the network")
			.isEqualTo(port);
		assertThat(publishedPorts("keycloak")).as("keycloak publishes the issuer's port on the same host port")
			.containsEntry(port, port);

		String audience = app.getOrDefault("TODO_AUTH_AUDIENCE", "todo-service");
		JsonNode web = client(realm, app.get("TODO_AUTH_CLIENT_ID"));
		assertThat(web.path("publicClient").asBoolean()).as("the web client is confidential").isFalse();
		assertThat(web.path("secret").asString()).as("the web client's secret is app TODO_AUTH_CLIENT_SECRET")
			.isEqualTo(app.get("TODO_AUTH_CLIENT_SECRET"));
		assertThat(web.path("standardFlowEnabled").asBoolean()).as("the web client signs in by authorization code")
			.isTrue();
		assertThat(web.path("attributes").path("pkce.code.challenge.method").asString())
			.as("the web client requires PKCE S256")
			.isEqualTo("S256");
		assertThat(web.path("redirectUris").valueStream().map(JsonNode::asString))
			.as("the web client's redirect URIs: Spring Security's login callback on the port the app publishes")
			.contains("http://localhost:" + APP_PORT + "/login/oauth2/code/*");
		assertThat(audiences(web)).as("access tokens for the web client carry app TODO_AUTH_AUDIENCE")
			.contains(audience);

		List<JsonNode> commandLine = new ArrayList<>();
		realm.path("clients").forEach((client) -> {
			if (client.path("directAccessGrantsEnabled").asBoolean()
					|| client.path("serviceAccountsEnabled").asBoolean()) {
				commandLine.add(client);
			}
		});
		assertThat(commandLine).as("a client for the command line (direct access or client credentials)")
			.isNotEmpty()
			.allSatisfy((client) -> assertThat(audiences(client))
				.as("access tokens for %s carry the audience", client.path("clientId").asString())
				.contains(audience));

		List<JsonNode> users = new ArrayList<>();
		realm.path("users").forEach((user) -> {
			boolean password = user.path("credentials")
				.valueStream()
				.anyMatch((credential) -> credential.path("type").asString().equals("password")
						&& !credential.path("value").asString().isEmpty() && !credential.path("temporary").asBoolean());
			if (user.path("enabled").asBoolean() && password) {
				users.add(user);
			}
		});
		assertThat(users).as("an enabled demo user with a password that is not temporary").isNotEmpty();
		assertThat(users).as("the demo user's id is fixed, so it stays the same owner when the realm is imported again")
			.allMatch((user) -> !user.path("id").asString().isEmpty());
	}

	@Test
	void uiDecodesTheTopicWithTheProtoContract() throws IOException {
		Map<String, String> ui = environment("kafka-ui");
		String protoDir = volumeTarget("kafka-ui", "./src/main/proto");
		Set<String> contract = protoMessages(Files.readString(Path.of("src/main/proto/todo.proto")));
		String topic = environment("app").getOrDefault("TODO_TOPIC", "todos2");

		Set<String> decoded = new TreeSet<>();
		Pattern serdeKey = Pattern.compile("KAFKA_CLUSTERS_0_SERDE_(\\d+)_PROPERTIES_PROTOBUFMESSAGENAMEBYTOPIC_(.+)");
		ui.forEach((key, message) -> {
			Matcher serde = serdeKey.matcher(key);
			if (serde.matches()) {
				String prefix = "KAFKA_CLUSTERS_0_SERDE_" + serde.group(1) + "_";
				assertThat(serde.group(2)).as("kafka-ui %s maps the app's TODO_TOPIC", key).isEqualTo(topic);
				assertThat(contract).as("kafka-ui %s names a message of todo.proto", key).contains(message);
				assertThat(ui.get(prefix + "PROPERTIES_PROTOBUFFILESDIR"))
					.as("kafka-ui %sPROPERTIES_PROTOBUFFILESDIR is where src/main/proto is mounted", prefix)
					.isEqualTo(protoDir);
				assertThat("ProtobufFile".equals(ui.get(prefix + "NAME"))
						|| "io.kafbat.ui.serdes.builtin.ProtobufFileSerde".equals(ui.get(prefix + "CLASSNAME")))
					.as("kafka-ui serde %s is the ProtobufFile serde (by NAME or CLASSNAME)", serde.group(1))
					.isTrue();
				decoded.add(message);
			}
		});
		assertThat(decoded).as("todo.proto messages kafka-ui can decode %s with", topic).isEqualTo(contract);
	}

	@Test
	@SuppressWarnings("unchecked")
	void prometheusScrapesTheServiceAndLoadsTheRepositorysAlertRules() throws IOException {
		assertThat(String.valueOf(service("prometheus").get("command"))).as("prometheus command")
			.contains("--config.file=" + PROMETHEUS_CONFIG);
		Map<String, Object> config = yaml(Path.of(volumeSource("prometheus", PROMETHEUS_CONFIG)));
		String rules = volumeTarget("prometheus", "./" + AlertRulesTests.RULES);
		assertThat((List<String>) config.get("rule_files")).as("prometheus.yml rule_files").contains(rules);

		List<Map<String, Object>> jobs = (List<Map<String, Object>>) config.get("scrape_configs");
		Map<String, Object> job = jobs.stream()
			.filter((candidate) -> "todo-service".equals(candidate.get("job_name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError(
					"prometheus.yml has no scrape job todo-service, the job the alert rules' up{job=...} reads"));
		assertThat(job.get("metrics_path")).as("the todo-service job's metrics_path").isEqualTo("/actuator/prometheus");
		List<Object> targets = new ArrayList<>();
		((List<Map<String, Object>>) job.get("static_configs"))
			.forEach((group) -> targets.addAll((List<Object>) group.get("targets")));
		assertThat(targets).as("the todo-service job scrapes the app service on its port").contains("app:" + APP_PORT);
		assertThat(Files.readString(AlertRulesTests.RULES)).as("alerts.yml reads up of the job prometheus.yml scrapes")
			.contains("up{job=\"todo-service\"}");

		assertThat(healthcheckTest("prometheus")).as("prometheus healthcheck asks its readiness")
			.contains(":" + PROMETHEUS_PORT + "/-/ready");
		assertThat(publishedPorts("prometheus")).as("prometheus ports").containsEntry(PROMETHEUS_PORT, PROMETHEUS_PORT);
		assertThat(dependsOn("prometheus").get("app")).as("prometheus depends_on app")
			.isNotNull()
			.extracting((condition) -> condition.get("condition"))
			.isIn("service_started", "service_healthy");
	}

	@Test
	@SuppressWarnings("unchecked")
	void grafanaIsProvisionedWithPrometheusAndTheRepositorysDashboard() throws IOException {
		String provisioning = volumeTarget("grafana", "./deploy/grafana/provisioning");
		assertThat(provisioning).as("grafana reads its provisioning here").isEqualTo("/etc/grafana/provisioning");

		Map<String, Object> datasources = yaml(Path.of("deploy/grafana/provisioning/datasources/prometheus.yml"));
		Map<String, Object> datasource = ((List<Map<String, Object>>) datasources.get("datasources")).get(0);
		assertThat(datasource.get("type")).as("provisioned data source type").isEqualTo("prometheus");
		assertThat(datasource.get("url")).as("provisioned data source url: compose's prometheus service")
			.isEqualTo("http://prometheus:" + PROMETHEUS_PORT);

		Map<String, Object> providers = yaml(Path.of("deploy/grafana/provisioning/dashboards/todo-service.yml"));
		Map<String, Object> provider = ((List<Map<String, Object>>) providers.get("providers")).get(0);
		assertThat(((Map<String, Object>) provider.get("options")).get("path"))
			.as("the dashboard provider's path is where compose mounts deploy/grafana/dashboards")
			.isEqualTo(volumeTarget("grafana", "./deploy/grafana/dashboards"));

		JsonNode dashboard = JsonMapper.builder().build().readTree(Path.of(DASHBOARD).toFile());
		List<String> panels = new ArrayList<>();
		dashboard.path("panels").forEach((panel) -> {
			if (panel.path("type").asString().equals("row")) {
				return;
			}
			panels.add(panel.path("title").asString());
			assertThat(panel.path("datasource").path("uid").asString())
				.as("panel %s reads the provisioned data source", panel.path("title").asString())
				.isEqualTo(datasource.get("uid"));
			assertThat(panel.path("targets").valueStream().map((target) -> target.path("expr").asString()))
				.as("panel %s queries", panel.path("title").asString())
				.isNotEmpty()
				.allMatch((expr) -> !expr.isBlank());
		});
		assertThat(panels).as("dashboard panels").isNotEmpty();

		assertThat(healthcheckTest("grafana")).as("grafana healthcheck asks its health").contains(":3000/api/health");
		assertThat(dependsOn("grafana").get("prometheus")).as("grafana depends_on prometheus")
			.containsEntry("condition", "service_healthy");
	}

	/**
	 * Each open live stream is a connection and a file descriptor: a limit below the
	 * connector's would fail accepts (Too many open files) before Tomcat stops taking
	 * connections.
	 */
	@Test
	@SuppressWarnings("unchecked")
	void serviceMayOpenAFileDescriptorForEveryConnectionItTakes() throws IOException {
		Map<String, Object> server = (Map<String, Object>) yaml(APPLICATION_YAML).get("server");
		String setting = String.valueOf(((Map<String, Object>) server.get("tomcat")).get("max-connections"));
		Matcher placeholder = Pattern.compile("\\$\\{TODO_HTTP_MAX_CONNECTIONS:(\\d+)}").matcher(setting);
		assertThat(placeholder.matches())
			.as("application.yaml server.tomcat.max-connections is ${TODO_HTTP_MAX_CONNECTIONS:<default>}, not %s",
					setting)
			.isTrue();
		long connections = Long
			.parseLong(environment("app").getOrDefault("TODO_HTTP_MAX_CONNECTIONS", placeholder.group(1)));

		Object ulimits = service("app").get("ulimits");
		assertThat(ulimits).as("app ulimits (nofile) in compose.yaml").isInstanceOf(Map.class);
		Object nofile = ((Map<String, Object>) ulimits).get("nofile");
		assertThat(nofile).as("app ulimits nofile with soft and hard").isInstanceOf(Map.class);
		for (String limit : List.of("soft", "hard")) {
			assertThat(Long.parseLong(String.valueOf(((Map<String, Object>) nofile).get(limit))))
				.as("app ulimits nofile %s: the %d connections the service takes, and room for its pool, Kafka and"
						+ " jars", limit, connections)
				.isGreaterThanOrEqualTo(connections + 1024);
		}
	}

	@Test
	void dockerfileBuildsInOneStageAndRunsInAnother() {
		assertThat(dockerfile.all("FROM")).as("Dockerfile FROM stages").hasSizeGreaterThanOrEqualTo(2);
		assertThat(dockerfile.finalStage()).as("Dockerfile runtime stage copies the jar's layers from the build stage")
			.anyMatch((line) -> line.startsWith("COPY --from="));
	}

	@Test
	void dockerfileRunsAsNonRoot() {
		String user = dockerfile.last("USER");
		assertThat(user).as("Dockerfile USER in the runtime stage").isNotNull();
		assertThat(user.split(":")[0]).as("Dockerfile USER must not be root").isNotIn("root", "0");
	}

	@Test
	void dockerfileChecksReadiness() {
		assertThat(dockerfile.last("HEALTHCHECK")).as("Dockerfile HEALTHCHECK in the runtime stage")
			.contains("/actuator/health/readiness");
	}

	@Test
	void dockerfileSizesTheHeapFromTheContainer() {
		assertThat(dockerfile.last("ENTRYPOINT")).as("Dockerfile ENTRYPOINT").contains("-XX:MaxRAMPercentage=75");
		assertThat(dockerfile.last("ENTRYPOINT"))
			.as("Dockerfile ENTRYPOINT: the young generation grows without the start-up supplement, which "
					+ "leaves more of the heap touched at idle")
			.contains("\"-XX:YoungGenerationSizeSupplement=0\"");
	}

	@Test
	void dockerfileTrainsTheAotCacheWithTheJvmFlagsItRunsWith() {
		String entrypoint = dockerfile.last("ENTRYPOINT");
		assertThat(entrypoint).as("Dockerfile ENTRYPOINT").contains("\"-XX:AOTCache=app.aot\"");
		List<String> training = dockerfile.finalStage()
			.stream()
			.filter((line) -> line.startsWith("RUN ") && line.contains("-XX:AOTCacheOutput=app.aot"))
			.toList();
		assertThat(training).as("Dockerfile runtime stage's training run (RUN ... -XX:AOTCacheOutput=app.aot)")
			.hasSize(1);
		assertThat(training.get(0)).as("the training run stops once the context is refreshed")
			.contains("-Dspring.context.exit=onRefresh");
		// A cache made with another GC or object header layout is refused or only partly
		// used, without failing the start: only this check would notice.
		Matcher flags = Pattern.compile("-XX:[+-]\\w+").matcher(entrypoint);
		while (flags.find()) {
			assertThat(training.get(0)).as("the training run has the ENTRYPOINT's %s", flags.group())
				.contains(flags.group());
		}
		Matcher jar = Pattern.compile("\"-jar\", \"([\\w.-]+\\.jar)\"").matcher(entrypoint);
		assertThat(jar.find()).as("Dockerfile ENTRYPOINT runs the extracted jar (-jar)").isTrue();
		assertThat(training.get(0)).as("the training run runs the ENTRYPOINT's jar").endsWith("-jar " + jar.group(1));
	}

	@Test
	void dockerfileTrainsInTheSpringAotModeItRunsIn() {
		List<String> stage = dockerfile.finalStage();
		int mode = indexOf(stage, (line) -> line.startsWith("ENV JDK_JAVA_OPTIONS=")
				&& line.contains("-Dspring.aot.enabled=${SPRING_AOT}"));
		int argument = indexOf(stage, (line) -> line.equals("ARG SPRING_AOT=true"));
		int training = indexOf(stage, (line) -> line.startsWith("RUN ") && line.contains("-XX:AOTCacheOutput="));
		// Without the argument in this stage, ${SPRING_AOT} would be empty: the mode
		// never on.
		assertThat(argument).as("Dockerfile runtime stage: ARG SPRING_AOT=true (on unless built without it)")
			.isNotNegative()
			.isLessThan(mode);
		assertThat(mode).as("Dockerfile runtime stage: ENV JDK_JAVA_OPTIONS=\"-Dspring.aot.enabled=${SPRING_AOT}\"")
			.isNotNegative();
		// A cache trained in the other mode holds the wrong classes: the start is then
		// about as slow as without Spring AOT, and nothing fails.
		assertThat(mode).as("the Spring AOT switch comes before the training run, which must see it")
			.isLessThan(training);
		assertThat(stage.get(training)).as("the training run leaves the Spring AOT switch to JDK_JAVA_OPTIONS")
			.doesNotContain("spring.aot.enabled");
		assertThat(dockerfile.last("ENTRYPOINT"))
			.as("Dockerfile ENTRYPOINT leaves the Spring AOT switch to JDK_JAVA_OPTIONS")
			.doesNotContain("spring.aot.enabled");
	}

	private static int indexOf(List<String> lines, Predicate<String> match) {
		for (int i = 0; i < lines.size(); i++) {
			if (match.test(lines.get(i))) {
				return i;
			}
		}
		return -1;
	}

	@Test
	void dockerfileExtractsAndCopiesTheJarThePomBuilds() throws Exception {
		Element project = DocumentBuilderFactory.newInstance()
			.newDocumentBuilder()
			.parse(Path.of("pom.xml").toFile())
			.getDocumentElement();
		String jar = "target/" + child(project, "artifactId") + "-" + child(project, "version") + ".jar";

		Matcher jars = Pattern.compile("target/[\\w.-]+\\.jar").matcher(String.join("\n", dockerfile.lines()));
		List<String> named = new ArrayList<>();
		while (jars.find()) {
			named.add(jars.group());
		}
		assertThat(named).as("jar paths in the Dockerfile, from pom.xml's artifactId and version")
			.isNotEmpty()
			.containsOnly(jar);
		// The layers `extract --layers` writes; a layer left out is missing from the
		// image.
		for (String layer : List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application")) {
			assertThat(dockerfile.finalStage()).as("Dockerfile runtime stage copies the %s layer", layer)
				.anyMatch((line) -> line.startsWith("COPY --from=") && line.contains("/" + layer + "/"));
		}
	}

	static Map<String, Object> service(String name) {
		assertThat(services).as("compose.yaml services").containsKey(name);
		return services.get(name);
	}

	/**
	 * A service's environment in either of compose's forms (map, or list of KEY=VALUE).
	 */
	static Map<String, String> environment(String name) {
		Object environment = service(name).get("environment");
		Map<String, String> variables = new LinkedHashMap<>();
		if (environment instanceof Map<?, ?> map) {
			map.forEach((key, value) -> variables.put(String.valueOf(key), String.valueOf(value)));
		}
		else if (environment instanceof List<?> list) {
			list.forEach((entry) -> {
				String[] pair = String.valueOf(entry).split("=", 2);
				variables.put(pair[0], (pair.length > 1) ? pair[1] : "");
			});
		}
		return variables;
	}

	/**
	 * Published port to container port, from the short syntax ([ip:]host:container) or
	 * the long one.
	 */
	static Map<String, String> publishedPorts(String name) {
		Map<String, String> ports = new LinkedHashMap<>();
		for (Object port : (List<?>) service(name).getOrDefault("ports", List.of())) {
			if (port instanceof Map<?, ?> map) {
				ports.put(String.valueOf(map.get("published")), String.valueOf(map.get("target")));
			}
			else {
				String[] parts = String.valueOf(port).replaceAll("/(tcp|udp)$", "").split(":");
				ports.put(parts[Math.max(0, parts.length - 2)], parts[parts.length - 1]);
			}
		}
		return ports;
	}

	static String healthcheckTest(String name) {
		Object test = ((Map<?, ?>) service(name).get("healthcheck")).get("test");
		return (test instanceof List<?> list) ? String.join(" ", list.stream().map(String::valueOf).toList())
				: String.valueOf(test);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Map<String, Object>> dependsOn(String name) {
		Object dependsOn = service(name).get("depends_on");
		assertThat(dependsOn).as("%s depends_on must be a map with conditions", name).isInstanceOf(Map.class);
		return (Map<String, Map<String, Object>>) dependsOn;
	}

	static Map<String, Object> yaml(Path file) throws IOException {
		return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
	}

	/** The host path mounted, read-only, at a container path. */
	static String volumeSource(String name, String target) {
		for (Object volume : (List<?>) service(name).getOrDefault("volumes", List.of())) {
			String[] parts = String.valueOf(volume).split(":");
			if (parts.length > 1 && parts[1].equals(target)) {
				assertThat(parts).as("%s mounts %s read-only (:ro)", name, target).hasSize(3);
				return parts[0];
			}
		}
		throw new AssertionError(name + " mounts nothing at " + target);
	}

	/** The container path a host directory is mounted at, read-only. */
	static String volumeTarget(String name, String source) {
		for (Object volume : (List<?>) service(name).getOrDefault("volumes", List.of())) {
			String[] parts = String.valueOf(volume).split(":");
			if (parts[0].equals(source)) {
				assertThat(parts).as("%s mounts %s read-only (:ro)", name, source).hasSize(3);
				assertThat(parts[2]).as("%s mounts %s read-only (:ro)", name, source).isEqualTo("ro");
				return parts[1];
			}
		}
		throw new AssertionError(name + " does not mount " + source);
	}

	static List<Path> realmFiles() throws IOException {
		try (Stream<Path> files = Files.list(Path.of(REALM_DIR))) {
			return files.filter((file) -> file.toString().endsWith(".json")).sorted().toList();
		}
	}

	/** The realm of this name from the mounted realm files. */
	static JsonNode realm(String name) throws IOException {
		for (Path file : realmFiles()) {
			JsonNode realm = JsonMapper.builder().build().readTree(file.toFile());
			if (realm.path("realm").asString().equals(name)) {
				return realm;
			}
		}
		throw new AssertionError("no realm file in " + REALM_DIR + " holds the realm " + name);
	}

	static JsonNode client(JsonNode realm, String clientId) {
		return realm.path("clients")
			.valueStream()
			.filter((client) -> client.path("clientId").asString().equals(clientId))
			.findFirst()
			.orElseThrow(() -> new AssertionError("realm " + realm.path("realm").asString() + " has no client "
					+ clientId + " (app TODO_AUTH_CLIENT_ID)"));
	}

	/** The audiences a client's audience mappers put in its access tokens. */
	static List<String> audiences(JsonNode client) {
		return client.path("protocolMappers")
			.valueStream()
			.filter((mapper) -> mapper.path("protocolMapper").asString().equals("oidc-audience-mapper")
					&& mapper.path("config").path("access.token.claim").asString().equals("true"))
			.map((mapper) -> mapper.path("config").path("included.custom.audience").asString())
			.toList();
	}

	/**
	 * The names the keycloak container has in compose's network: its service name and
	 * aliases.
	 */
	static Set<String> keycloakNames() {
		Set<String> names = new TreeSet<>(List.of("keycloak"));
		if (service("keycloak").get("networks") instanceof Map<?, ?> networks) {
			networks.values().forEach((network) -> {
				if (network instanceof Map<?, ?> settings && settings.get("aliases") instanceof List<?> aliases) {
					aliases.forEach((alias) -> names.add(String.valueOf(alias)));
				}
			});
		}
		return names;
	}

	/** Kafka's NAME://host:port,... (or NAME:PROTOCOL,...) lists as name to the rest. */
	static Map<String, String> listeners(String list) {
		assertThat(list).as("broker listener setting").isNotBlank();
		Map<String, String> listeners = new TreeMap<>();
		for (String listener : list.split(",")) {
			String[] parts = listener.trim().split(":(//)?", 2);
			listeners.put(parts[0], parts[1]);
		}
		return listeners;
	}

	/** Full names (package.Message) of the top-level messages of a .proto file. */
	static Set<String> protoMessages(String proto) {
		Matcher packageName = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;").matcher(proto);
		assertThat(packageName.find()).as("todo.proto declares a package").isTrue();
		Matcher messages = Pattern.compile("(?m)^message\\s+(\\w+)").matcher(proto);
		Set<String> names = new TreeSet<>();
		while (messages.find()) {
			names.add(packageName.group(1) + "." + messages.group(1));
		}
		return names;
	}

	static String child(Element parent, String name) {
		for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
			if (node instanceof Element element && element.getTagName().equals(name)) {
				return element.getTextContent().trim();
			}
		}
		throw new AssertionError("pom.xml has no project/" + name);
	}

	/** A Dockerfile as its instructions: comments dropped, continuation lines joined. */
	record Dockerfile(List<String> lines) {

		static Dockerfile parse(String text) {
			List<String> lines = new ArrayList<>();
			StringBuilder current = new StringBuilder();
			for (String line : text.split("\n")) {
				String trimmed = line.trim();
				if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
					continue;
				}
				current.append(trimmed.endsWith("\\") ? trimmed.substring(0, trimmed.length() - 1) + " " : trimmed);
				if (!trimmed.endsWith("\\")) {
					lines.add(current.toString().replaceAll("\\s+", " ").trim());
					current.setLength(0);
				}
			}
			return new Dockerfile(List.copyOf(lines));
		}

		List<String> all(String instruction) {
			return this.lines.stream()
				.filter((line) -> line.startsWith(instruction + " "))
				.map((line) -> line.substring(instruction.length() + 1))
				.toList();
		}

		/** The instructions after the last FROM: what the image that runs is made of. */
		List<String> finalStage() {
			int from = 0;
			for (int i = 0; i < this.lines.size(); i++) {
				if (this.lines.get(i).startsWith("FROM ")) {
					from = i;
				}
			}
			return this.lines.subList(from, this.lines.size());
		}

		/**
		 * The argument of the runtime stage's last such instruction (the one that takes
		 * effect), or null.
		 */
		String last(String instruction) {
			List<String> found = new Dockerfile(finalStage()).all(instruction);
			return found.isEmpty() ? null : found.get(found.size() - 1);
		}

	}

}
