package dev.todoservice.todo;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

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
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The todo routes. Writes are validated here, travel through Kafka, and are answered once the consumer
 * has applied them (201/200), or with 202 when the bounded wait runs out. Reads come from PostgreSQL.
 */
@Tag(name = "todos", description = "Todos; every write travels through Kafka before it is stored")
@RestController
@RequestMapping("/todos")
@ProblemResponses
class TodoController {

	private static final String ACCEPTED = "Accepted: durably in Kafka, not applied within the wait; "
			+ "`Location` shows it once applied";

	private final Todos todos;

	private final TodoIds ids;

	private final TodoWrites writes;

	TodoController(Todos todos, TodoIds ids, TodoWrites writes) {
		this.todos = todos;
		this.ids = ids;
		this.writes = writes;
	}

	@Operation(summary = "Create a todo",
			description = "Publishes a todo.create event keyed by the new id and waits for the consumer to store it.")
	@ApiResponse(responseCode = "201", description = "Stored",
			headers = @Header(name = HttpHeaders.LOCATION, description = "/todos/{id}"))
	@ApiResponse(responseCode = "202", description = ACCEPTED,
			headers = @Header(name = HttpHeaders.LOCATION, description = "/todos/{id}"))
	@PostMapping({ "", "/" })
	ResponseEntity<Todo> create(@Valid @RequestBody TodoRequest request) {
		TodoChange.Create create = new TodoChange.Create(UUID.randomUUID(), this.ids.next(), request.getTitle(),
				request.getDescription(), Boolean.TRUE.equals(request.getCompleted()));
		Optional<ApplyOutcome> outcome = this.writes.submit(create);
		if (outcome.orElse(null) instanceof ApplyOutcome.Stored stored) {
			return ResponseEntity.created(location(create.id())).body(stored.todo());
		}
		return ResponseEntity.accepted().location(location(create.id())).body(create.stored());
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
		URI next = ServletUriComponentsBuilder.fromCurrentRequest()
			.replaceQueryParam("after", shown.get(limit - 1).id())
			.build()
			.toUri();
		return ResponseEntity.ok().header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"").body(shown);
	}

	@Operation(summary = "Read a todo")
	@ApiResponse(responseCode = "200", description = "The todo")
	@GetMapping({ "/{id}", "/{id}/" })
	Todo get(@PathVariable long id) {
		return this.todos.find(id).orElseThrow(() -> new TodoNotFoundException(id));
	}

	@Operation(summary = "Update a todo",
			description = "Only the fields present in the body change; `title` is required as in POST. "
					+ "Publishes a todo.update event and waits for the consumer to apply it.")
	@ApiResponse(responseCode = "200", description = "The updated todo")
	@ApiResponse(responseCode = "202", description = ACCEPTED,
			headers = @Header(name = HttpHeaders.LOCATION, description = "/todos/{id}"))
	@PutMapping({ "/{id}", "/{id}/" })
	ResponseEntity<Todo> update(@PathVariable long id, @Valid @RequestBody TodoRequest request) {
		Todo current = get(id);
		TodoChange.Update update = new TodoChange.Update(UUID.randomUUID(), id, request.getTitle(),
				request.getDescription(), request.hasDescription() && request.getDescription() == null,
				request.getCompleted());
		ApplyOutcome outcome = this.writes.submit(update).orElse(null);
		if (outcome instanceof ApplyOutcome.Stored stored) {
			return ResponseEntity.ok(stored.todo());
		}
		if (outcome instanceof ApplyOutcome.NotFound) {
			throw new TodoNotFoundException(id);
		}
		return ResponseEntity.accepted().location(location(id)).body(expected(current, update));
	}

	@Operation(summary = "Delete a todo",
			description = "Publishes a todo.delete event and waits for the consumer to apply it.")
	@ApiResponse(responseCode = "200", description = "Deleted", content = @Content(
			examples = @ExampleObject(value = "{\"message\": \"Todo deleted\"}")))
	@ApiResponse(responseCode = "202", description = ACCEPTED)
	@DeleteMapping({ "/{id}", "/{id}/" })
	ResponseEntity<Map<String, String>> delete(@PathVariable long id) {
		get(id);
		ApplyOutcome outcome = this.writes.submit(new TodoChange.Delete(UUID.randomUUID(), id)).orElse(null);
		if (outcome instanceof ApplyOutcome.Deleted) {
			return ResponseEntity.ok(Map.of("message", "Todo deleted"));
		}
		if (outcome instanceof ApplyOutcome.NotFound) {
			throw new TodoNotFoundException(id);
		}
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.location(location(id))
			.body(Map.of("message", "Todo deletion accepted"));
	}

	private static Todo expected(Todo current, TodoChange.Update update) {
		return new Todo(current.id(), update.title(),
				update.clearDescription() ? null
						: (update.description() != null) ? update.description() : current.description(),
				(update.completed() != null) ? update.completed() : current.completed(), current.version() + 1);
	}

	private static URI location(long id) {
		return URI.create("/todos/" + id);
	}

}
