package dev.todoservice.api;

import dev.todoservice.accounts.CurrentOwner;
import dev.todoservice.todo.TodoCounts;
import dev.todoservice.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The numbers of open and completed todos, so that a client can show "3 items left"
 * without reading every page of the list.
 */
@Tag(name = "todos")
@RestController
@ProblemResponses
class TodoCountsController {

	private final TodoCounts counts;

	private final CurrentOwner owner;

	TodoCountsController(TodoCounts counts, CurrentOwner owner) {
		this.counts = counts;
		this.owner = owner;
	}

	@Operation(operationId = "countTodos", summary = "Count open and completed todos",
			description = "Kept exact as the consumer applies each change (in the same transaction), so it "
					+ "agrees with the list once a write is answered; one row read whatever the number of todos.")
	@ApiResponse(responseCode = "200", description = "The numbers of todos",
			content = @Content(schema = @Schema(implementation = TodoCounts.Counts.class)))
	@ApiResponse(responseCode = "503", description = "The database is unavailable. Retry later.",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(ref = "#/components/schemas/Problem")))
	@GetMapping(path = "/todos/count", produces = MediaType.APPLICATION_JSON_VALUE)
	TodoCounts.Counts count() {
		return this.counts.read(this.owner.get());
	}

	/**
	 * The trailing-slash twin answers too, undocumented: the document has one path (and
	 * one operationId) per route.
	 */
	@Hidden
	@GetMapping(path = "/todos/count/", produces = MediaType.APPLICATION_JSON_VALUE)
	TodoCounts.Counts countTwin() {
		return count();
	}

}
