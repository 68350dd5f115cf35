package dev.todoservice.todo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;

/**
 * The {@code todo_accepted} table: creates answered 202 (accepted, not stored yet) and
 * whose they are. Written by the API before the 202 leaves, so that on any instance only
 * the owner is told "on its way"; every other owner gets the 404 of a missing todo.
 */
@Repository
public class TodoAccepted {

	private static final Logger log = LoggerFactory.getLogger(TodoAccepted.class);

	private final JdbcClient db;

	TodoAccepted(JdbcClient db) {
		this.db = db;
	}

	public void add(long id, Owner owner) {
		this.db.sql("INSERT INTO todo_accepted (id, owner) VALUES (:id, :owner) ON CONFLICT (id) DO NOTHING")
			.param("id", id)
			.param("owner", owner.id())
			.update();
	}

	/** True when the owner's create of this id was accepted (stored or not since). */
	public boolean contains(long id, Owner owner) {
		return this.db.sql("SELECT EXISTS (SELECT 1 FROM todo_accepted WHERE id = :id AND owner = :owner)")
			.param("id", id)
			.param("owner", owner.id())
			.query(Boolean.class)
			.single();
	}

	/**
	 * Forgets acceptances older than a day: their creates are stored or gone by then (a
	 * lookup asks the {@code todo} table first), unless the consumer stood still all day.
	 */
	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
	void purge() {
		try {
			this.db.sql("DELETE FROM todo_accepted WHERE accepted_at < now() - interval '1 day'").update();
		}
		catch (RuntimeException ex) {
			log.warn("Purging old acceptances failed, will try again: {}", ex.getMessage());
		}
	}

}
