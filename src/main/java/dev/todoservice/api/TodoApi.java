package dev.todoservice.api;

import java.util.List;

import dev.todoservice.todo.Todo;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.SchemaProperty;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.context.request.WebRequest;

/**
 * The todo routes as clients see them: paths, parameters, rules and the OpenAPI
 * description. {@link TodoController} implements them.
 * <p>
 * Writes declare that they produce JSON so that an unacceptable {@code Accept} is a 406
 * before the write, not after it: otherwise the change is published and applied and only
 * its answer fails.
 */
@Tag(name = "todos", description = "Todos; every write travels through Kafka before it is stored")
interface TodoApi {

	String ACCEPTED = "Accepted: durably in Kafka, not applied yet (the wait ran out, or "
			+ "`Prefer: respond-async`); `Location` shows it once applied";

	String KEY_DOC = "Makes retries safe: a request repeated with the same key gets the first "
			+ "one's result instead of a second effect (kept 24 h; reusing a key for another request is a 422)";

	String IF_MATCH_DOC = "Apply only while the todo still has this ETag (from GET); "
			+ "412 when it changed, checked where the change is applied";

	String PENDING_WRITE = " A todo whose create was accepted (202) and is not stored yet takes it too: "
			+ "it applies after the create.";

	String NOT_STORED = "Accepted, not stored yet: the todo's create is in Kafka and the consumer did not apply "
			+ "it within the wait (as long as a write's); ask again after `Retry-After`. Also: the database or "
			+ "Kafka is unavailable; retry later.";

	String PREFER_DOC = "`respond-async`: answer 202 as soon as Kafka has the write";

	@Operation(operationId = "createTodo", summary = "Create a todo",
			description = "Publishes a todo.create event keyed by the new id and waits for the consumer to store it. "
					+ "An account keeps at most `todo.max-todos-per-owner` todos (10,000 by default): past it, "
					+ "422 (fair use).")
	@ApiResponse(responseCode = "201", description = "Stored", headers = {
			@Header(name = HttpHeaders.LOCATION, description = "/todos/{id}", schema = @Schema(type = "string")),
			@Header(name = HttpHeaders.ETAG, description = "The version, for If-Match",
					schema = @Schema(type = "string")) },
			content = @Content(schema = @Schema(implementation = Todo.class)))
	@ApiResponse(responseCode = "202", description = ACCEPTED,
			headers = @Header(name = HttpHeaders.LOCATION, description = "/todos/{id}",
					schema = @Schema(type = "string")),
			content = @Content(schema = @Schema(implementation = Todo.class)))
	@PostMapping(path = { "", "/" }, produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Object> create(@Valid @RequestBody TodoRequest request,
			@Parameter(description = KEY_DOC) @RequestHeader(name = IdempotencyKey.HEADER,
					required = false) @IdempotencyKey @Nullable String key,
			@Parameter(description = PREFER_DOC) @RequestHeader(name = "Prefer",
					required = false) @Nullable String prefer);

	@Operation(operationId = "listTodos", summary = "List todos",
			description = "Ordered by id; keyset pagination through `after` and the "
					+ "`Link: <…>; rel=\"next\"` header, present when more todos follow.")
	@ApiResponse(responseCode = "200", description = "A page of todos",
			headers = @Header(name = HttpHeaders.LINK, description = "<next page URL>; rel=\"next\"",
					schema = @Schema(type = "string")))
	@GetMapping({ "", "/" })
	ResponseEntity<List<Todo>> list(
			@Parameter(description = "Page size") @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
			@Parameter(
					description = "Only todos with an id above this (the last id of the previous page)") @RequestParam(
							defaultValue = "0") @Min(0) long after,
			@Parameter(description = "Only completed (true) or open (false) todos") @RequestParam(
					required = false) @Nullable Boolean completed);

	@Operation(operationId = "getTodo", summary = "Read a todo",
			description = "Its version is the strong `ETag`; `If-None-Match` gives 304. A todo whose create "
					+ "was accepted (202) and is not stored yet is waited for, as long as a write waits.")
	@ApiResponse(responseCode = "200", description = "The todo",
			headers = @Header(name = HttpHeaders.ETAG, description = "The version, for If-Match",
					schema = @Schema(type = "string")))
	@ApiResponse(responseCode = "304", description = "Not modified since the ETag in If-None-Match")
	@ApiResponse(responseCode = "503", description = NOT_STORED,
			headers = @Header(name = HttpHeaders.RETRY_AFTER, description = "Seconds to wait before asking again",
					schema = @Schema(type = "string")))
	@GetMapping({ "/{id}", "/{id}/" })
	@Nullable Todo get(@PathVariable("id") long id, WebRequest request);

	@Operation(operationId = "updateTodo", summary = "Replace a todo's fields",
			description = "Only the fields present in the body change; `title` is required as in POST. "
					+ "Publishes a todo.update event and waits for the consumer to apply it." + PENDING_WRITE)
	@ApiResponse(responseCode = "200", description = "The updated todo",
			headers = @Header(name = HttpHeaders.ETAG, description = "The new version",
					schema = @Schema(type = "string")),
			content = @Content(schema = @Schema(implementation = Todo.class)))
	@ApiResponse(responseCode = "202", description = ACCEPTED,
			headers = @Header(name = HttpHeaders.LOCATION, description = "/todos/{id}",
					schema = @Schema(type = "string")),
			content = @Content(schema = @Schema(implementation = Todo.class)))
	@PutMapping(path = { "/{id}", "/{id}/" }, produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Object> update(@PathVariable("id") long id, @Valid @RequestBody TodoRequest request,
			@Parameter(description = IF_MATCH_DOC) @RequestHeader(name = HttpHeaders.IF_MATCH,
					required = false) @Nullable String ifMatch,
			@Parameter(description = KEY_DOC) @RequestHeader(name = IdempotencyKey.HEADER,
					required = false) @IdempotencyKey @Nullable String key,
			@Parameter(description = PREFER_DOC) @RequestHeader(name = "Prefer",
					required = false) @Nullable String prefer);

	@Operation(operationId = "patchTodo", summary = "Patch a todo (JSON Merge Patch)",
			description = "RFC 7396: members present change, `\"description\": null` removes the description, "
					+ "absent members stay. Publishes a todo.update event and waits for the consumer to apply it."
					+ PENDING_WRITE)
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
			@Content(mediaType = "application/merge-patch+json", schema = @Schema(implementation = TodoPatch.class)),
			@Content(mediaType = "application/json", schema = @Schema(implementation = TodoPatch.class)) })
	@ApiResponse(responseCode = "200", description = "The patched todo",
			headers = @Header(name = HttpHeaders.ETAG, description = "The new version",
					schema = @Schema(type = "string")),
			content = @Content(schema = @Schema(implementation = Todo.class)))
	@ApiResponse(responseCode = "202", description = ACCEPTED,
			headers = @Header(name = HttpHeaders.LOCATION, description = "/todos/{id}",
					schema = @Schema(type = "string")),
			content = @Content(schema = @Schema(implementation = Todo.class)))
	@PatchMapping(path = { "/{id}", "/{id}/" }, consumes = { "application/merge-patch+json", "application/json" },
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Object> patch(@PathVariable("id") long id, @RequestBody JsonNode patch,
			@Parameter(description = IF_MATCH_DOC) @RequestHeader(name = HttpHeaders.IF_MATCH,
					required = false) @Nullable String ifMatch,
			@Parameter(description = KEY_DOC) @RequestHeader(name = IdempotencyKey.HEADER,
					required = false) @IdempotencyKey @Nullable String key,
			@Parameter(description = PREFER_DOC) @RequestHeader(name = "Prefer",
					required = false) @Nullable String prefer);

	@Operation(operationId = "deleteTodo", summary = "Delete a todo",
			description = "Publishes a todo.delete event and waits for the consumer to apply it." + PENDING_WRITE)
	@ApiResponse(responseCode = "200", description = "Deleted",
			content = @Content(schema = @Schema(type = "object", requiredProperties = "message"),
					schemaProperties = @SchemaProperty(name = "message",
							schema = @Schema(type = "string", example = "Todo deleted")),
					examples = @ExampleObject(value = "{\"message\": \"Todo deleted\"}")))
	@ApiResponse(responseCode = "202", description = ACCEPTED)
	@DeleteMapping(path = { "/{id}", "/{id}/" }, produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Object> delete(@PathVariable("id") long id,
			@Parameter(description = IF_MATCH_DOC) @RequestHeader(name = HttpHeaders.IF_MATCH,
					required = false) @Nullable String ifMatch,
			@Parameter(description = KEY_DOC) @RequestHeader(name = IdempotencyKey.HEADER,
					required = false) @IdempotencyKey @Nullable String key,
			@Parameter(description = PREFER_DOC) @RequestHeader(name = "Prefer",
					required = false) @Nullable String prefer);

}
