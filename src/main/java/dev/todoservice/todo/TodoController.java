package dev.todoservice.todo;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import dev.todoservice.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import tools.jackson.databind.JsonNode;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The todo routes. Writes are validated here, travel through Kafka, and are answered once the consumer
 * has applied them (201/200), or with 202 when the bounded wait runs out or the client prefers not to
 * wait. Reads come from PostgreSQL.
 * <p>
 * Writes declare that they produce JSON so that an unacceptable {@code Accept} is a 406 before the write,
 * not after it: otherwise the change is published and applied and only its answer fails.
 */
@Tag(name = "todos", description = "Todos; every write travels through Kafka before it is stored")
@RestController
@RequestMapping("/todos")
@ProblemResponses
class TodoController {

	private static final String ACCEPTED = "Accepted: durably in Kafka, not applied yet (the wait ran out, or "
			+ "`Prefer: respond-async`); `Location` shows it once applied";

	private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private static final String KEY_DOC = "Makes retries safe: a request repeated with the same key gets the first "
			+ "one's result instead of a second effect (kept 24 h; reusing a key for another request is a 422)";

	private static final String IF_MATCH_DOC = "Apply only while the todo still has this ETag (from GET); "
			+ "412 when it changed, checked where the change is applied";

	private static final String PREFER_DOC = "`respond-async`: answer 202 as soon as Kafka has the write";

	private final Todos todos;

	private final TodoIds ids;

	private final TodoWrites writes;

	private final IdempotencyKeys keys;

	private final Validator validator;

	TodoController(Todos todos, TodoIds ids, TodoWrites writes, IdempotencyKeys keys, Validator validator) {
		this.todos = todos;
		this.ids = ids;
		this.writes = writes;
		this.keys = keys;
		this.validator = validator;
	}

	@Operation(summary = "Create a todo",
			description = "Publishes a todo.create event keyed by the new id and waits for the consumer to store it.")
	@ApiResponse(responseCode = "201", description = "Stored",
			headers = { @Header(name = HttpHeaders.LOCATION, description = "/todos/{id}"),
					@Header(name = HttpHeaders.ETAG, description = "The version, for If-Match") },
			content = @Content(schema = @Schema(implementation = Todo.class)))
	@ApiResponse(responseCode = "202", description = ACCEPTED,
			headers = @Header(name = HttpHeaders.LOCATION, description = "/todos/{id}"),
			content = @Content(schema = @Schema(implementation = Todo.class)))
	@PostMapping(path = { "", "/" }, produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Object> create(@Valid @RequestBody TodoRequest request,
			@Parameter(description = KEY_DOC) @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
			@Parameter(description = PREFER_DOC) @RequestHeader(name = "Prefer", required = false) String prefer) {
		TodoChange.Idempotency idempotency = idempotency(key, "POST", null, request.getTitle(),
				request.getDescription(), request.getCompleted());
		Optional<ResponseEntity<Object>> replayed = replayed(idempotency);
		if (replayed.isPresent()) {
			return replayed.get();
		}
		TodoChange.Create create = new TodoChange.Create(UUID.randomUUID(), this.ids.next(), request.getTitle(),
				request.getDescription(), Boolean.TRUE.equals(request.getCompleted()), idempotency);
		return answer(this.writes.submit(create, !respondAsync(prefer)), HttpStatus.CREATED,
				() -> accepted(create.id(), create.stored(), prefer));
	}

	@Operation(summary = "List todos", description = "Ordered by id; keyset pagination through `after` and the "
			+ "`Link: <…>; rel=\"next\"` header, present when more todos follow.")
	@ApiResponse(responseCode = "200", description = "A page of todos",
			headers = @Header(name = HttpHeaders.LINK, description = "<next page URL>; rel=\"next\""))
	@GetMapping({ "", "/" })
	ResponseEntity<List<Todo>> list(
			@Parameter(description = "Page size") @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
			@Parameter(description = "Only todos with an id above this (the last id of the previous page)")
			@RequestParam(defaultValue = "0") @Min(0) long after,
			@Parameter(description = "Only completed (true) or open (false) todos") @RequestParam(
					required = false) Boolean completed) {
		List<Todo> page = this.todos.page(after, completed, limit + 1);
		if (page.size() <= limit) {
			return ResponseEntity.ok(page);
		}
		List<Todo> shown = page.subList(0, limit);
		// Relative: an absolute link would echo the request's Host header, which the client controls.
		String next = ServletUriComponentsBuilder.fromCurrentRequest()
			.scheme(null)
			.host(null)
			.port(null)
			.replaceQueryParam("after", shown.get(limit - 1).id())
			.build()
			.toUriString();
		return ResponseEntity.ok().header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"").body(shown);
	}

	@Operation(summary = "Read a todo", description = "Its version is the strong `ETag`; `If-None-Match` gives 304.")
	@ApiResponse(responseCode = "200", description = "The todo",
			headers = @Header(name = HttpHeaders.ETAG, description = "The version, for If-Match"))
	@ApiResponse(responseCode = "304", description = "Not modified since the ETag in If-None-Match")
	@GetMapping({ "/{id}", "/{id}/" })
	ResponseEntity<Todo> get(@PathVariable long id, WebRequest request) {
		Todo todo = this.todos.find(id).orElseThrow(() -> new TodoNotFoundException(id));
		if (request.checkNotModified(EntityTags.of(todo.version()))) {
			return null;
		}
		return ResponseEntity.ok().eTag(EntityTags.of(todo.version())).body(todo);
	}

	@Operation(summary = "Replace a todo's fields",
			description = "Only the fields present in the body change; `title` is required as in POST. "
					+ "Publishes a todo.update event and waits for the consumer to apply it.")
	@ApiResponse(responseCode = "200", description = "The updated todo",
			headers = @Header(name = HttpHeaders.ETAG, description = "The new version"),
			content = @Content(schema = @Schema(implementation = Todo.class)))
	@ApiResponse(responseCode = "202", description = ACCEPTED,
			headers = @Header(name = HttpHeaders.LOCATION, description = "/todos/{id}"),
			content = @Content(schema = @Schema(implementation = Todo.class)))
	@PutMapping(path = { "/{id}", "/{id}/" }, produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Object> update(@PathVariable long id, @Valid @RequestBody TodoRequest request,
			@Parameter(description = IF_MATCH_DOC) @RequestHeader(name = HttpHeaders.IF_MATCH,
					required = false) String ifMatch,
			@Parameter(description = KEY_DOC) @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
			@Parameter(description = PREFER_DOC) @RequestHeader(name = "Prefer", required = false) String prefer) {
		TodoPatch fields = new TodoPatch(request.getTitle(), request.getDescription(),
				request.hasDescription() && request.getDescription() == null, request.getCompleted());
		return change(id, fields, ifMatch, key, prefer, "PUT");
	}

	@Operation(summary = "Patch a todo (JSON Merge Patch)",
			description = "RFC 7396: members present change, `\"description\": null` removes the description, "
					+ "absent members stay. Publishes a todo.update event and waits for the consumer to apply it.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
			@Content(mediaType = "application/merge-patch+json", schema = @Schema(implementation = TodoPatch.class)),
			@Content(mediaType = "application/json", schema = @Schema(implementation = TodoPatch.class)) })
	@ApiResponse(responseCode = "200", description = "The patched todo",
			headers = @Header(name = HttpHeaders.ETAG, description = "The new version"),
			content = @Content(schema = @Schema(implementation = Todo.class)))
	@ApiResponse(responseCode = "202", description = ACCEPTED,
			headers = @Header(name = HttpHeaders.LOCATION, description = "/todos/{id}"),
			content = @Content(schema = @Schema(implementation = Todo.class)))
	@PatchMapping(path = { "/{id}", "/{id}/" }, consumes = { "application/merge-patch+json", "application/json" },
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Object> patch(@PathVariable long id, @RequestBody JsonNode patch,
			@Parameter(description = IF_MATCH_DOC) @RequestHeader(name = HttpHeaders.IF_MATCH,
					required = false) String ifMatch,
			@Parameter(description = KEY_DOC) @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
			@Parameter(description = PREFER_DOC) @RequestHeader(name = "Prefer", required = false) String prefer) {
		return change(id, TodoPatch.parse(patch, this.validator), ifMatch, key, prefer, "PATCH");
	}

	@Operation(summary = "Delete a todo",
			description = "Publishes a todo.delete event and waits for the consumer to apply it.")
	@ApiResponse(responseCode = "200", description = "Deleted",
			content = @Content(examples = @ExampleObject(value = "{\"message\": \"Todo deleted\"}")))
	@ApiResponse(responseCode = "202", description = ACCEPTED)
	@DeleteMapping(path = { "/{id}", "/{id}/" }, produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Object> delete(@PathVariable long id,
			@Parameter(description = IF_MATCH_DOC) @RequestHeader(name = HttpHeaders.IF_MATCH,
					required = false) String ifMatch,
			@Parameter(description = KEY_DOC) @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
			@Parameter(description = PREFER_DOC) @RequestHeader(name = "Prefer", required = false) String prefer) {
		List<Long> versions = EntityTags.ifMatch(ifMatch);
		TodoChange.Idempotency idempotency = idempotency(key, "DELETE", id, versions);
		Optional<ResponseEntity<Object>> replayed = replayed(idempotency);
		if (replayed.isPresent()) {
			return replayed.get();
		}
		checkCurrent(id, versions);
		TodoChange.Delete delete = new TodoChange.Delete(UUID.randomUUID(), id, versions, idempotency);
		return answer(this.writes.submit(delete, !respondAsync(prefer)), HttpStatus.OK,
				() -> pending(id, prefer).body(Map.of("message", "Todo deletion accepted")));
	}

	/** PUT and PATCH: an update of the fields given, under If-Match, idempotent with a key. */
	private ResponseEntity<Object> change(long id, TodoPatch fields, String ifMatch, String key, String prefer,
			String method) {
		List<Long> versions = EntityTags.ifMatch(ifMatch);
		TodoChange.Idempotency idempotency = idempotency(key, method, id, fields, versions);
		Optional<ResponseEntity<Object>> replayed = replayed(idempotency);
		if (replayed.isPresent()) {
			return replayed.get();
		}
		Todo current = checkCurrent(id, versions);
		if (fields.isEmpty()) {
			// An empty merge patch changes nothing: no event, and no version bump.
			if (current == null) {
				throw new DataAccessResourceFailureException("The database is unavailable");
			}
			return ResponseEntity.ok().eTag(EntityTags.of(current.version())).body(current);
		}
		TodoChange.Update update = new TodoChange.Update(UUID.randomUUID(), id, fields.title(), fields.description(),
				fields.clearDescription(), fields.completed(), versions, idempotency);
		return answer(this.writes.submit(update, !respondAsync(prefer)), HttpStatus.OK,
				() -> accepted(id, (current != null) ? update.appliedTo(current) : null, prefer));
	}

	/**
	 * The todo as it is now: 404 when missing, 412 when If-Match already fails. Null when the database
	 * cannot say: the change still goes to Kafka, and the consumer decides.
	 */
	private Todo checkCurrent(long id, List<Long> versions) {
		Todo current;
		try {
			current = this.todos.find(id).orElseThrow(() -> new TodoNotFoundException(id));
		}
		catch (DataAccessException ex) {
			return null;
		}
		if (!versions.isEmpty() && !versions.contains(current.version())) {
			throw new PreconditionFailedException(current.version());
		}
		return current;
	}

	/** The answer to a write, once its change was applied; {@code pending} when it was not (yet). */
	private ResponseEntity<Object> answer(Optional<ApplyOutcome> applied, HttpStatus success,
			Supplier<ResponseEntity<Object>> pending) {
		if (applied.isEmpty()) {
			return pending.get();
		}
		ApplyOutcome outcome = applied.get();
		if (outcome instanceof ApplyOutcome.Stored stored) {
			ResponseEntity.BodyBuilder response = ResponseEntity.status(success)
				.eTag(EntityTags.of(stored.todo().version()));
			if (success == HttpStatus.CREATED) {
				response.location(location(stored.todo().id()));
			}
			return response.body(stored.todo());
		}
		if (outcome instanceof ApplyOutcome.Deleted) {
			return ResponseEntity.ok(Map.of("message", "Todo deleted"));
		}
		if (outcome instanceof ApplyOutcome.NotFound notFound) {
			throw new TodoNotFoundException(notFound.id());
		}
		if (outcome instanceof ApplyOutcome.PreconditionFailed failed) {
			throw new PreconditionFailedException(failed.version());
		}
		if (outcome instanceof ApplyOutcome.Replayed replayed) {
			return replay(replayed.status(), replayed.todoId(), replayed.body());
		}
		throw new IdempotencyKeyReusedException();
	}

	private ResponseEntity<Object> accepted(long id, Todo expected, String prefer) {
		return pending(id, prefer).body(expected);
	}

	private static ResponseEntity.BodyBuilder pending(long id, String prefer) {
		ResponseEntity.BodyBuilder response = ResponseEntity.accepted().location(location(id));
		if (respondAsync(prefer)) {
			response.header("Preference-Applied", "respond-async");
		}
		return response;
	}

	/** A key's earlier response, when the key was applied before; 422 when it came with another request. */
	private Optional<ResponseEntity<Object>> replayed(TodoChange.Idempotency idempotency) {
		if (idempotency == null) {
			return Optional.empty();
		}
		Optional<IdempotencyKeys.Entry> earlier;
		try {
			earlier = this.keys.find(idempotency.key());
		}
		catch (DataAccessException ex) {
			return Optional.empty(); // the consumer checks the key again where it applies the change
		}
		return earlier.filter((entry) -> entry.status() != null).map((entry) -> {
			if (!entry.fingerprint().equals(idempotency.fingerprint())) {
				throw new IdempotencyKeyReusedException();
			}
			return replay(entry.status(), entry.todoId(), entry.body());
		});
	}

	private static ResponseEntity<Object> replay(int status, long todoId, String body) {
		ResponseEntity.BodyBuilder response = ResponseEntity.status(status)
			.contentType((status >= 400) ? MediaType.APPLICATION_PROBLEM_JSON : MediaType.APPLICATION_JSON)
			.header("Idempotent-Replayed", "true");
		if (status == HttpStatus.CREATED.value()) {
			response.location(location(todoId));
		}
		return response.body(body);
	}

	private static TodoChange.Idempotency idempotency(String key, String method, Long id, Object... request) {
		if (key == null) {
			return null;
		}
		if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch((c) -> c > 0x20 && c < 0x7f)) {
			throw new ErrorResponseException(HttpStatus.BAD_REQUEST, ProblemDetail.forStatusAndDetail(
					HttpStatus.BAD_REQUEST, "Idempotency-Key must be 1 to 255 visible ASCII characters"), null);
		}
		Object[] parts = new Object[request.length + 2];
		parts[0] = method;
		parts[1] = id;
		System.arraycopy(request, 0, parts, 2, request.length);
		return new TodoChange.Idempotency(key, IdempotencyKeys.fingerprint(parts));
	}

	private static boolean respondAsync(String prefer) {
		return prefer != null && prefer.toLowerCase().matches("(^|.*[,;\\s])respond-async([,;\\s].*|$)");
	}

	private static URI location(long id) {
		return URI.create("/todos/" + id);
	}

}
