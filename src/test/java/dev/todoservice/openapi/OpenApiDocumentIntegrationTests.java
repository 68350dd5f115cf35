package dev.todoservice.openapi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import dev.todoservice.infrastructure.Http;
import dev.todoservice.infrastructure.Http.Response;
import dev.todoservice.infrastructure.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The OpenAPI document the service serves is the snapshot the generated clients are built
 * from ({@value #SNAPSHOT}), and it is one that generators can use: one path per route,
 * an operationId per operation, a schema for every response header, the Problem schema on
 * every error response, and only patterns that Java, Python and ECMAScript all compile.
 */
@IntegrationTest
// Only reads the document, which needs neither the database nor the consumer: it runs
// beside
// the integration tests that stop those, on the second core.
@Execution(ExecutionMode.CONCURRENT)
class OpenApiDocumentIntegrationTests {

	static final String SNAPSHOT = "src/test/resources/openapi/todo-service.json";

	static final String UPDATE = "./mvnw -B verify -Dtest=OpenApiDocumentIntegrationTests "
			+ "-Dsurefire.failIfNoSpecifiedTests=false -Dopenapi.update=true";

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	@LocalServerPort
	int port;

	Http http;

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
	}

	@Test
	void servesTheSnapshotTheClientsAreGeneratedFrom() throws IOException {
		JsonNode served = served();
		Path snapshot = Path.of(SNAPSHOT);
		if (Boolean.getBoolean("openapi.update")) {
			Files.createDirectories(snapshot.getParent());
			Files.writeString(snapshot, JSON.writeValueAsString(served) + "\n", StandardCharsets.UTF_8);
			return;
		}
		assertThat(snapshot).as("the snapshot; write it with: " + UPDATE).exists();
		JsonNode expected = JSON.readTree(Files.readString(snapshot, StandardCharsets.UTF_8));
		if (!served.equals(expected)) {
			fail("/openapi.json differs from " + SNAPSHOT + ", which the generated clients are built from. "
					+ "If the API change is intended, rewrite the snapshot with\n  " + UPDATE
					+ "\nand run ./mvnw verify again: the generated clients and their tests show what the change "
					+ "breaks for clients.\nServed:\n" + JSON.writeValueAsString(served));
		}
	}

	@Test
	void hasOnePathPerRoute() {
		Set<String> routes = new HashSet<>();
		for (String path : served().get("paths").propertyNames()) {
			String route = (path.length() > 1 && path.endsWith("/")) ? path.substring(0, path.length() - 1) : path;
			assertThat(routes.add(route)).as("%s documented twice (with and without a trailing slash)", route).isTrue();
		}
	}

	@Test
	void everyOperationHasAUniqueOperationId() {
		Set<String> ids = new HashSet<>();
		operations(served()).forEach((where, operation) -> {
			JsonNode id = operation.get("operationId");
			assertThat(id).as("operationId of %s", where).isNotNull();
			assertThat(ids.add(id.asString())).as("operationId %s of %s is unique", id, where).isTrue();
			assertThat(id.asString()).as("operationId of %s", where).matches("[a-z][A-Za-z]*");
		});
	}

	@Test
	void everyResponseHeaderHasASchema() {
		operations(served()).forEach((where, operation) -> responses(operation).forEach((code, response) -> {
			JsonNode headers = response.get("headers");
			if (headers != null) {
				for (Map.Entry<String, JsonNode> header : headers.properties()) {
					assertThat(header.getValue().get("schema"))
						.as("schema of header %s of %s %s", header.getKey(), where, code)
						.isNotNull();
				}
			}
		}));
	}

	@Test
	void everyErrorResponseIsAProblem() {
		operations(served()).forEach((where, operation) -> responses(operation).forEach((code, response) -> {
			if (code.startsWith("4") || code.startsWith("5")) {
				JsonNode content = response.get("content");
				assertThat(content).as("content of %s %s", where, code).isNotNull();
				assertThat(content.propertyNames()).as("media types of %s %s", where, code)
					.containsExactly("application/problem+json");
				assertThat(content.get("application/problem+json").at("/schema/$ref").asString())
					.as("schema of %s %s", where, code)
					.isEqualTo("#/components/schemas/Problem");
			}
		}));
	}

	@Test
	void everyPatternCompilesInJavaPythonAndEcmaScript() throws Exception {
		List<String> patterns = new ArrayList<>();
		collectPatterns(served(), patterns);
		for (String pattern : patterns) {
			Pattern.compile(pattern);
		}
		String json = JSON.writeValueAsString(patterns);
		assertCompiles(json, "python3", "-c",
				"import json, re, sys\nfor p in json.load(sys.stdin): re.compile(p)\nprint('ok')");
		assertCompiles(json, "node", "-e", "let s='';process.stdin.on('data',(d)=>s+=d).on('end',()=>{"
				+ "for (const p of JSON.parse(s)) new RegExp(p, 'u'); console.log('ok');});");
	}

	private JsonNode served() {
		Response response = this.http.get("/openapi.json");
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		ObjectNode document = (ObjectNode) response.json();
		// The servers entry is the request's own host and port, different on every run.
		document.remove("servers");
		return document;
	}

	private static Map<String, JsonNode> operations(JsonNode document) {
		Map<String, JsonNode> operations = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
			for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
				operations.put(operation.getKey().toUpperCase() + " " + path.getKey(), operation.getValue());
			}
		}
		return operations;
	}

	private static Map<String, JsonNode> responses(JsonNode operation) {
		Map<String, JsonNode> responses = new LinkedHashMap<>();
		operation.get("responses").properties().forEach((entry) -> responses.put(entry.getKey(), entry.getValue()));
		return responses;
	}

	private static void collectPatterns(JsonNode node, List<String> patterns) {
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> member : node.properties()) {
				if (member.getKey().equals("pattern") && member.getValue().isString()) {
					patterns.add(member.getValue().asString());
				}
				collectPatterns(member.getValue(), patterns);
			}
		}
		else if (node.isArray()) {
			node.forEach((element) -> collectPatterns(element, patterns));
		}
	}

	private static void assertCompiles(String patterns, String... command) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		process.getOutputStream().write(patterns.getBytes(StandardCharsets.UTF_8));
		process.getOutputStream().close();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(command[0] + " finished").isTrue();
		assertThat(process.exitValue()).as(command[0] + " compiling " + patterns + ":\n" + output).isZero();
	}

}
