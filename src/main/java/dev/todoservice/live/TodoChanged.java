package dev.todoservice.live;

import dev.todoservice.todo.Outcome;
import dev.todoservice.todo.Todo;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * One applied change, as the live stream publishes it.
 *
 * @param seq commit-ordered number of the change; the stream's event id, for
 * Last-Event-ID
 * @param type {@code created}, {@code updated} or {@code deleted}
 * @param id the todo's id
 * @param version the todo's version after the change (for deleted: the version it had)
 * @param todo the todo after the change; null when deleted
 */
@Schema(name = "TodoChanged", description = "An applied change, as `data` of a text/event-stream event")
public record TodoChanged(@Schema(example = "42") long seq, @Schema(example = "updated") String type,
		@Schema(example = "7") long id, @Schema(example = "3") long version, @Nullable Todo todo) {

	static TodoChanged of(long seq, Outcome.Change change) {
		return new TodoChanged(seq, change.name(), change.id(), change.version(), change.todo());
	}

}
