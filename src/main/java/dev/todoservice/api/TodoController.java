package dev.todoservice.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import dev.todoservice.accounts.CurrentOwner;
import dev.todoservice.todo.Owner;
import dev.todoservice.todo.Todo;
import dev.todoservice.todo.TodoChange;
import dev.todoservice.todo.TodoIds;
import dev.todoservice.todo.Todos;
import dev.todoservice.web.ProblemResponses;
import jakarta.validation.Validator;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The todo routes ({@link TodoApi}). Writes are validated here, travel through Kafka, and
 * are answered once the consumer has applied them, or with 202 when the bounded wait runs
 * out. Reads come from PostgreSQL.
 */
@RestController
@RequestMapping("/todos")
@ProblemResponses
class TodoController implements TodoApi {

	private final Todos todos;

	private final TodoIds ids;

	private final Preconditions preconditions;

	private final Writes writes;

	private final Validator validator;

	private final TodoReads reads;

	private final CurrentOwner owner;

	// Seven: the route handlers' steps each live in their own class; this one only wires
	// them.
	TodoController(Todos todos, TodoIds ids, Preconditions preconditions, Writes writes, Validator validator,
			TodoReads reads, CurrentOwner owner) {
		this.todos = todos;
		this.owner = owner;
		this.reads = reads;
		this.ids = ids;
		this.preconditions = preconditions;
		this.writes = writes;
		this.validator = validator;
	}

	@Override
	public ResponseEntity<Object> create(TodoRequest request, @Nullable String key, @Nullable String prefer) {
		TodoChange.Idempotency idempotency = IdempotencyKey.Fingerprint.of(key, "POST", null, request.getTitle(),
				request.getDescription(), request.getCompleted());
		// @Valid has already rejected a body without a title (@NotBlank).
		String title = Objects.requireNonNull(request.getTitle(), "a validated request has a title");
		Owner owner = this.owner.get();
		return this.writes.replayOr(owner, idempotency,
				() -> this.writes.create(
						new TodoChange.Create(UUID.randomUUID(), this.ids.next(), owner, title,
								request.getDescription(), Boolean.TRUE.equals(request.getCompleted()), idempotency),
						prefer));
	}

	@Override
	public ResponseEntity<List<Todo>> list(int limit, long after, @Nullable Boolean completed) {
		List<Todo> page = this.todos.page(this.owner.get(), after, completed, limit + 1);
		if (page.size() <= limit) {
			return ResponseEntity.ok(page);
		}
		List<Todo> shown = page.subList(0, limit);
		// Relative: an absolute link would echo the request's Host header, which the
		// client controls.
		String next = ServletUriComponentsBuilder.fromCurrentRequest()
			.scheme(null)
			.host(null)
			.port(null)
			.replaceQueryParam("after", shown.get(limit - 1).id())
			.build()
			.toUriString();
		return ResponseEntity.ok().header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"").body(shown);
	}

	@Override
	public @Nullable Todo get(long id, WebRequest request) {
		Todo todo = this.reads.current(id, this.owner.get());
		// The check sets the ETag on the answer, 200 or 304. The todo itself, not a
		// ResponseEntity: Spring MVC flushes a ResponseEntity once its body is written,
		// before Tomcat knows the length, so it would go out chunked, in two writes.
		return request.checkNotModified(Answers.etag(todo.version())) ? null : todo;
	}

	@Override
	public ResponseEntity<Object> update(long id, TodoRequest request, @Nullable String ifMatch, @Nullable String key,
			@Nullable String prefer) {
		return change(id, TodoPatch.of(request), ifMatch, key, prefer, "PUT");
	}

	@Override
	public ResponseEntity<Object> patch(long id, JsonNode patch, @Nullable String ifMatch, @Nullable String key,
			@Nullable String prefer) {
		return change(id, TodoPatch.parse(patch, this.validator), ifMatch, key, prefer, "PATCH");
	}

	@Override
	public ResponseEntity<Object> delete(long id, @Nullable String ifMatch, @Nullable String key,
			@Nullable String prefer) {
		List<Long> versions = Preconditions.versions(ifMatch);
		TodoChange.Idempotency idempotency = IdempotencyKey.Fingerprint.of(key, "DELETE", id, versions);
		Owner owner = this.owner.get();
		return this.writes.replayOr(owner, idempotency, () -> {
			this.preconditions.current(id, owner, versions);
			return this.writes.submit(new TodoChange.Delete(UUID.randomUUID(), id, owner, versions, idempotency),
					prefer, () -> Map.of("message", "Todo deletion accepted"));
		});
	}

	/**
	 * PUT and PATCH: an update of the fields given, under If-Match, idempotent with a
	 * key.
	 */
	private ResponseEntity<Object> change(long id, TodoPatch fields, @Nullable String ifMatch, @Nullable String key,
			@Nullable String prefer, String method) {
		List<Long> versions = Preconditions.versions(ifMatch);
		TodoChange.Idempotency idempotency = IdempotencyKey.Fingerprint.of(key, method, id, fields, versions);
		Owner owner = this.owner.get();
		return this.writes.replayOr(owner, idempotency, () -> {
			if (fields.isEmpty()) {
				// An empty merge patch changes nothing: no event, and no version bump. It
				// answers the todo as a GET does.
				Todo current = this.reads.current(id, owner);
				Preconditions.check(current, versions);
				return Answers.unchanged(current);
			}
			Todo current = this.preconditions.current(id, owner, versions);
			TodoChange.Update update = fields.toUpdate(id, owner, versions, idempotency);
			return this.writes.submit(update, prefer, () -> (current != null) ? update.appliedTo(current) : null);
		});
	}

}
