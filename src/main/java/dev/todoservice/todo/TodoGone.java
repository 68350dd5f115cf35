package dev.todoservice.todo;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code todo_gone} table: ids handed out whose todo will never be (again) in the
 * {@code todo} table, because it was deleted or its create refused. Written by the
 * consumer in its transaction, read by the API to answer 404 rather than "not stored
 * yet".
 */
@Repository
public class TodoGone {

	private final JdbcClient db;

	TodoGone(JdbcClient db) {
		this.db = db;
	}

	/** True when the todo with this id is gone for good. */
	public boolean contains(long id) {
		return this.db.sql("""
				SELECT EXISTS (SELECT 1 FROM todo_gone WHERE id = :id)
				    OR :id <= (SELECT through FROM todo_gone_through WHERE id = 1)""")
			.param("id", id)
			.query(Boolean.class)
			.single();
	}

	/** Call in the transaction that deleted the todos or refused their creates. */
	public void add(long id) {
		this.db.sql("INSERT INTO todo_gone (id) VALUES (:id) ON CONFLICT (id) DO NOTHING").param("id", id).update();
	}

}
