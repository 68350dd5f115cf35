package dev.todoservice.todo;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;

/**
 * The {@code todo_accepted} table: creates answered 202 (accepted, not stored yet) and
 * whose they are. Written by the API before the 202 leaves, so that on any instance only
 * the owner is told "on its way"; every other owner gets the 404 of a missing todo. An
 * acceptance the database could not take (it was down) is kept in memory and written once
 * it answers again: the 202 promised the todo to the owner's next request.
 */
@Repository
public class TodoAccepted {

	private static final Logger log = LoggerFactory.getLogger(TodoAccepted.class);

	/**
	 * At most this many acceptances wait in memory for the database (a few hundred bytes
	 * each); past it one reads as 404 on every instance until its create is stored.
	 */
	static final int MAX_UNRECORDED = 100_000;

	private final JdbcClient db;

	/** Acceptances the database could not take yet: id to owner. */
	private final Map<Long, String> unrecorded = new ConcurrentHashMap<>();

	TodoAccepted(JdbcClient db) {
		this.db = db;
	}

	/**
	 * Records the acceptance; when the database cannot take it, keeps it for
	 * {@link #recordLater()} and throws.
	 */
	public void add(long id, Owner owner) {
		try {
			insert(id, owner.id());
		}
		catch (DataAccessException ex) {
			if (this.unrecorded.size() < MAX_UNRECORDED) {
				this.unrecorded.put(id, owner.id());
			}
			throw ex;
		}
	}

	/**
	 * True when the owner's create of this id was accepted (stored or not since); an
	 * acceptance still waiting in memory counts without asking the database.
	 */
	public boolean contains(long id, Owner owner) {
		if (owner.id().equals(this.unrecorded.get(id))) {
			return true;
		}
		return this.db.sql("SELECT EXISTS (SELECT 1 FROM todo_accepted WHERE id = :id AND owner = :owner)")
			.param("id", id)
			.param("owner", owner.id())
			.query(Boolean.class)
			.single();
	}

	/**
	 * Writes the acceptances the database could not take, once it answers again, so that
	 * the other instances know them too.
	 */
	@Scheduled(fixedDelayString = "PT1S", initialDelayString = "PT1S")
	void recordLater() {
		for (Map.Entry<Long, String> acceptance : this.unrecorded.entrySet()) {
			try {
				insert(acceptance.getKey(), acceptance.getValue());
			}
			catch (DataAccessException ex) {
				log.debug("The database still cannot record {} acceptances: {}", this.unrecorded.size(),
						ex.getMessage());
				return;
			}
			this.unrecorded.remove(acceptance.getKey(), acceptance.getValue());
		}
	}

	private void insert(long id, String owner) {
		this.db.sql("INSERT INTO todo_accepted (id, owner) VALUES (:id, :owner) ON CONFLICT (id) DO NOTHING")
			.param("id", id)
			.param("owner", owner)
			.update();
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
