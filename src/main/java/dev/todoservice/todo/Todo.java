package dev.todoservice.todo;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * A stored todo. The API leaves {@code version} out of the body (it travels as the ETag,
 * see {@code api.ApiConfiguration}); outcomes and the live stream carry it.
 *
 * @param version how many changes were applied to it (1 after the create)
 */
@Schema(name = "Todo", description = "A stored todo")
public record Todo(@Schema(example = "1", description = "Assigned by the service: positive, never reused") long id,
		@Schema(example = "Buy milk") String title,
		@Schema(example = "Two litres, semi-skimmed", nullable = true) @Nullable String description,
		@Schema(example = "false") boolean completed, @Schema(hidden = true) long version) {
}
