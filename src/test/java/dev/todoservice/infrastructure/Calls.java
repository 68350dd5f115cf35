package dev.todoservice.infrastructure;

import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** The calls most integration tests make, each expecting its success status. */
public final class Calls {

	private Calls() {
	}

	/** {@code POST /todos/} with this JSON, answered 201: the stored todo. */
	public static JsonNode create(RestTestClient client, String json) {
		return client.post()
			.uri("/todos/")
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	/** {@code GET} of the path, answered 200: the body as text. */
	public static String text(RestTestClient client, String path) {
		return client.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

}
