package dev.todoservice.todo;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A stored todo as the API shows it.
 *
 * @param version how many changes were applied to it (1 after the create)
 */
@Schema(name = "Todo", description = "A stored todo")
record Todo(@Schema(example = "1", description = "Assigned by the service: positive, never reused") long id,
		@Schema(example = "Buy milk") String title,
		@Schema(example = "Two litres, semi-skimmed", nullable = true) String description,
		@Schema(example = "false") boolean completed, @JsonIgnore @Schema(hidden = true) long version) {
}
