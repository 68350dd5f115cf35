package dev.todoservice.api;

import dev.todoservice.accounts.CurrentOwner;
import dev.todoservice.live.TodoChanged;
import dev.todoservice.live.TodoStream;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The live stream of applied changes, as server-sent events. */
@Tag(name = "todos")
@RestController
class TodoEventsController {

	private final TodoStream stream;

	private final CurrentOwner owner;

	TodoEventsController(TodoStream stream, CurrentOwner owner) {
		this.stream = stream;
		this.owner = owner;
	}

	@Operation(operationId = "streamTodoEvents", summary = "Stream applied changes (server-sent events)",
			description = "Every change of your todos as the consumer commits it, on every instance: events "
					+ "`created`, `updated` "
					+ "and `deleted` with a TodoChanged as data and its commit-ordered number as id. Reconnect "
					+ "with `Last-Event-ID` to get what was missed (the last " + TodoStream.HISTORY
					+ " changes); a `reset` event means more was missed: reload the list.")
	@ApiResponse(responseCode = "200", description = "The stream",
			content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
					schema = @Schema(implementation = TodoChanged.class)))
	@GetMapping(path = { "/todos/events", "/todos/events/" }, produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter events(@Parameter(description = "The id of the last event received") @RequestHeader(
			name = "Last-Event-ID", required = false) @Nullable Long lastEventId) {
		return this.stream.subscribe(this.owner.get(), lastEventId);
	}

}
