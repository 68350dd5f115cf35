package dev.todoservice.todo;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.todoservice.infrastructure.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page of one owner's todos costs what that owner's rows cost, however many rows other
 * owners have after them: PostgreSQL walks the owner's index (V7's (owner, id), or V9's
 * partial one for a state), not the primary key.
 */
@IntegrationTest
class TodosPageIntegrationTests {

	private static final int ROWS = 20_000;

	@Autowired
	JdbcClient db;

	@Autowired
	Todos todos;

	private final Owner alice = new Owner("https://id.example#alice-" + UUID.randomUUID());

	private final Owner bob = new Owner("https://id.example#bob-" + UUID.randomUUID());

	private final long base = ThreadLocalRandom.current().nextLong(1L << 50, 1L << 60);

	@Test
	void aPagePastAnOwnersLastTodoReadsNoneOfTheTodosOtherOwnersWroteAfterIt() {
		// Alice's todos, then as many of Bob's: the share of rows that makes PostgreSQL
		// prefer the primary key for "owner = ? AND id > ? ORDER BY id".
		seed(this.alice, this.base);
		seed(this.bob, this.base + ROWS);
		this.db.sql("ANALYZE todo").update();
		long alicesLast = this.base + ROWS;

		assertThat(this.todos.page(this.alice, this.base, null, 3)).extracting(Todo::id)
			.as("the first page of Alice's")
			.containsExactly(this.base + 1, this.base + 2, this.base + 3);
		assertThat(this.todos.page(this.alice, alicesLast - 2, null, 100)).extracting(Todo::id)
			.as("the last page of Alice's, none of Bob's after it")
			.containsExactly(alicesLast - 1, alicesLast);
		assertThat(this.todos.page(this.alice, alicesLast, null, 100)).as("past Alice's last").isEmpty();

		assertThat(plan(Todos.PAGE, alicesLast))
			.as("the plan of a page past Alice's last todo, with %,d of Bob's after it", ROWS)
			.contains("todo_owner_id")
			.doesNotContain("Rows Removed by Filter");
	}

	@Test
	void aPageOfOpenOrOfCompletedTodosReadsOnlyTheOwnersTodosInThatState() {
		// Alice's even todos are completed; Bob's after them are all open.
		seed(this.alice, this.base);
		this.db.sql("UPDATE todo SET completed = true WHERE owner = :owner AND id % 2 = 0")
			.param("owner", this.alice.id())
			.update();
		seed(this.bob, this.base + ROWS);
		this.db.sql("ANALYZE todo").update();
		long alicesLast = this.base + ROWS;
		long even = (this.base % 2 == 0) ? this.base : this.base + 1;

		assertThat(this.todos.page(this.alice, even, true, 2)).extracting(Todo::id)
			.as("Alice's first completed todos")
			.containsExactly(even + 2, even + 4);
		assertThat(this.todos.page(this.alice, even, false, 2)).extracting(Todo::id)
			.as("Alice's first open todos")
			.containsExactly(even + 1, even + 3);
		assertThat(this.todos.page(this.alice, alicesLast, false, 100)).as("open, past Alice's last").isEmpty();

		assertThat(plan(Todos.OPEN_PAGE, alicesLast))
			.as("the plan of a page of open todos past Alice's last, with %,d of Bob's open ones after it", ROWS)
			.contains("todo_owner_open_id")
			.doesNotContain("Rows Removed by Filter");
		assertThat(plan(Todos.COMPLETED_PAGE, this.base)).as("the plan of a page of Alice's completed todos")
			.contains("todo_owner_done_id")
			.doesNotContain("Rows Removed by Filter");
	}

	private String plan(String page, long after) {
		return String.join("\n",
				this.db.sql("EXPLAIN (ANALYZE, COSTS OFF) " + page)
					.param("owner", this.alice.id())
					.param("after", after)
					.param("limit", 100)
					.query(String.class)
					.list());
	}

	private void seed(Owner owner, long after) {
		this.db.sql("""
				INSERT INTO todo (id, owner, title, completed)
				SELECT :after + g, :owner, 'todo ' || g, false FROM generate_series(1, :rows) g""")
			.param("after", after)
			.param("owner", owner.id())
			.param("rows", ROWS)
			.update();
	}

}
