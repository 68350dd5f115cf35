package dev.todoservice.todo;

import io.swagger.v3.oas.annotations.media.Schema;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * How many todos an owner has open and completed: a row per owner
 * ({@code todo_owner_count}) that triggers on the {@code todo} table keep exact in the
 * transaction of every write (migrations V5, V7), so reading it costs the same at a
 * million todos as at ten.
 */
@Repository
public class TodoCounts {

	private final JdbcClient db;

	TodoCounts(JdbcClient db) {
		this.db = db;
	}

	public Counts read(Owner owner) {
		return this.db.sql("SELECT open, completed FROM todo_owner_count WHERE owner = :owner")
			.param("owner", owner.id())
			.query((rs, row) -> new Counts(rs.getLong("open"), rs.getLong("completed")))
			.optional()
			.orElse(new Counts(0, 0));
	}

	/**
	 * The numbers of todos.
	 *
	 * @param open todos not completed
	 * @param completed todos completed
	 */
	@Schema(name = "TodoCounts", description = "How many todos are open and how many completed")
	public record Counts(@Schema(example = "3", requiredMode = Schema.RequiredMode.REQUIRED) long open,
			@Schema(example = "5", requiredMode = Schema.RequiredMode.REQUIRED) long completed) {

		public long total() {
			return this.open + this.completed;
		}

	}

}
