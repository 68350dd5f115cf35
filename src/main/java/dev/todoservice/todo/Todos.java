package dev.todoservice.todo;

import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code todo} table: reads for the API, writes for the consumer only. Every read and
 * change is one owner's: another owner's todo is as absent as a missing one.
 */
@Repository
public class Todos {

	private static final String COLUMNS = "id, title, description, completed, version";

	private static final RowMapper<Todo> TODO = (rs, row) -> new Todo(rs.getLong("id"), rs.getString("title"),
			rs.getString("description"), rs.getBoolean("completed"), rs.getLong("version"));

	/**
	 * Written as a range of the (owner, id) index so that PostgreSQL always walks that
	 * index from (owner, after) to the owner's end: with
	 * {@code owner = :owner AND id > :after ORDER BY id} it prefers the primary key and
	 * filters by owner whenever an owner holds a large share of the rows, and a page past
	 * such an owner's last todo then reads every later row of every other owner.
	 */
	static final String PAGE = range("");

	/** The same range of the partial index of open todos (V9). */
	static final String OPEN_PAGE = range(" AND NOT completed");

	/** The same range of the partial index of completed todos (V9). */
	static final String COMPLETED_PAGE = range(" AND completed");

	private final JdbcClient db;

	private final NamedParameterJdbcTemplate batch;

	Todos(JdbcClient db, NamedParameterJdbcTemplate batch) {
		this.db = db;
		this.batch = batch;
	}

	public Optional<Todo> find(long id, Owner owner) {
		return this.db.sql("SELECT " + COLUMNS + " FROM todo WHERE id = :id AND owner = :owner")
			.param("id", id)
			.param("owner", owner.id())
			.query(TODO)
			.optional();
	}

	/**
	 * Keyset page: up to {@code limit} of the owner's todos with an id above
	 * {@code after}, by id.
	 */
	public List<Todo> page(Owner owner, long after, @Nullable Boolean completed, int limit) {
		String page = (completed == null) ? PAGE : (completed ? COMPLETED_PAGE : OPEN_PAGE);
		return this.db.sql(page)
			.param("owner", owner.id())
			.param("after", after)
			.param("limit", limit)
			.query(TODO)
			.list();
	}

	/**
	 * The state is written into the query, not bound, so that PostgreSQL can match it to
	 * a partial index.
	 */
	private static String range(String state) {
		return "SELECT " + COLUMNS + " FROM todo WHERE (owner, id) > (:owner, :after) AND owner <= :owner" + state
				+ " ORDER BY owner, id LIMIT :limit";
	}

	/** One JDBC batch; a create applied before (same id) is left as it is. */
	public void insert(List<TodoChange.Create> creates) {
		SqlParameterSource[] rows = creates.stream()
			.map((create) -> new MapSqlParameterSource().addValue("id", create.id())
				.addValue("owner", create.owner().id())
				.addValue("title", create.title())
				.addValue("description", create.description())
				.addValue("completed", create.completed()))
			.toArray(SqlParameterSource[]::new);
		this.batch.batchUpdate("""
				INSERT INTO todo (id, owner, title, description, completed)
				VALUES (:id, :owner, :title, :description, :completed)
				ON CONFLICT (id) DO NOTHING""", rows);
	}

	/**
	 * Applies an update while the todo exists and, with If-Match, has one of the versions
	 * named.
	 */
	public Outcome update(TodoChange.Update update) {
		Optional<Todo> updated = this.db.sql("""
				UPDATE todo SET
				    title = COALESCE(:title, title),
				    description = CASE WHEN :clear THEN NULL ELSE COALESCE(:description, description) END,
				    completed = COALESCE(:completed, completed),
				    version = version + 1,
				    updated_at = now()
				WHERE id = :id AND owner = :owner""" + versionCondition(update.ifMatch()) + " RETURNING " + COLUMNS)
			.param("id", update.id())
			.param("owner", update.owner().id())
			.param("title", update.title())
			.param("description", update.description())
			.param("clear", update.clearDescription())
			.param("completed", update.completed())
			.param("versions", update.ifMatch())
			.query(TODO)
			.optional();
		return updated.<Outcome>map(Outcome.Updated::new).orElseGet(() -> missed(update));
	}

	/**
	 * Deletes the todo while it exists and, with If-Match, has one of the versions named.
	 */
	public Outcome delete(TodoChange.Delete delete) {
		Optional<Long> deleted = this.db
			.sql("DELETE FROM todo WHERE id = :id AND owner = :owner" + versionCondition(delete.ifMatch())
					+ " RETURNING version")
			.param("id", delete.id())
			.param("owner", delete.owner().id())
			.param("versions", delete.ifMatch())
			.query(Long.class)
			.optional();
		return deleted.<Outcome>map((version) -> new Outcome.Deleted(delete.id(), version))
			.orElseGet(() -> missed(delete));
	}

	private static String versionCondition(List<Long> versions) {
		return versions.isEmpty() ? "" : " AND version IN (:versions)";
	}

	/**
	 * Why a change found nothing to apply to: no such todo of the owner, or If-Match
	 * named another version.
	 */
	private Outcome missed(TodoChange change) {
		return find(change.id(), change.owner())
			.<Outcome>map((todo) -> new Outcome.PreconditionFailed(change.id(), todo.version()))
			.orElseGet(() -> new Outcome.NotFound(change.id()));
	}

}
