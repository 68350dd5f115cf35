package dev.todoservice.todo;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Hands out todo ids from blocks of the {@code todo_id_block} sequence: one database round trip per
 * {@value #BLOCK} ids, unique across instances, never reused (a block an instance did not finish is
 * skipped, not handed out again).
 */
@Component
class TodoIds {

	/** The sequence's INCREMENT BY (V1__todo.sql). */
	static final int BLOCK = 100;

	private final JdbcClient db;

	private long next;

	private long limit;

	TodoIds(JdbcClient db) {
		this.db = db;
	}

	synchronized long next() {
		if (this.next >= this.limit) {
			long start = this.db.sql("SELECT nextval('todo_id_block')").query(Long.class).single();
			this.next = start;
			this.limit = start + BLOCK;
		}
		return this.next++;
	}

}
