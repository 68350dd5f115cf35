package dev.todoservice.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/** The benchmark's databases on the machine's PostgreSQL: the service's own, and a bare one for pgbench. */
final class BenchDatabase implements AutoCloseable {

	/** Seeded rows take ids above this, far from the blocks the service hands out to its creates. */
	static final long SEED_BASE = 1_000_000_000L;

	/** The todo table as the service's V1 migration makes it, for pgbench's INSERT bound. */
	private static final String TODO_TABLE = """
			CREATE TABLE todo (
			    id          bigint       PRIMARY KEY,
			    title       varchar(100) NOT NULL,
			    description varchar(255),
			    completed   boolean      NOT NULL DEFAULT false,
			    version     bigint       NOT NULL DEFAULT 1,
			    created_at  timestamptz  NOT NULL DEFAULT now(),
			    updated_at  timestamptz  NOT NULL DEFAULT now()
			);
			CREATE INDEX todo_completed_id ON todo (completed, id);
			CREATE SEQUENCE todo_ids;
			""";

	private static final String SERVER = "127.0.0.1:5432";

	private final String name;

	private long seeded;

	BenchDatabase(String name) {
		if (!name.matches("[a-z0-9_]+")) {
			throw new IllegalArgumentException("Not a plain database name: " + name);
		}
		this.name = name;
	}

	String name() {
		return this.name;
	}

	/** In the origin's form, as the service takes it from {@code DATABASE_URL} (it creates the database). */
	String url() {
		return "postgresql://postgres@" + SERVER + "/" + this.name;
	}

	/** A database of its own with the service's todo table and nothing else, for pgbench. */
	static BenchDatabase bare(String name) throws SQLException {
		BenchDatabase database = new BenchDatabase(name);
		try (Connection admin = connect("postgres"); Statement statement = admin.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		try (Connection db = connect(name); Statement statement = db.createStatement()) {
			statement.execute(TODO_TABLE);
		}
		return database;
	}

	/**
	 * Seeded todos up to {@code total} (ids {@link #SEED_BASE} + 1 ...), straight into the table: the read
	 * benchmarks need rows, not another run of the write path. Analyzed afterwards, as autovacuum would.
	 */
	void seedUpTo(long total) throws SQLException {
		if (total <= this.seeded) {
			return;
		}
		try (Connection db = connect(this.name); Statement statement = db.createStatement()) {
			statement.execute("INSERT INTO todo (id, title, description, completed) SELECT " + SEED_BASE
					+ " + g, 'seeded todo ' || g, 'a row for the read benchmarks', g % 3 = 0 FROM generate_series("
					+ (this.seeded + 1) + ", " + total + ") g");
			statement.execute("VACUUM ANALYZE todo");
		}
		this.seeded = total;
	}

	/** Seeded todos so far. */
	long seeded() {
		return this.seeded;
	}

	/** All todos in the table, seeded and created. */
	long rows() throws SQLException {
		try (Connection db = connect(this.name); Statement statement = db.createStatement();
				ResultSet rows = statement.executeQuery("SELECT count(*) FROM todo")) {
			rows.next();
			return rows.getLong(1);
		}
	}

	/** Rows per title among the titles starting with {@code prefix}. */
	Map<String, Integer> titles(String prefix) throws SQLException {
		Map<String, Integer> titles = new HashMap<>();
		try (Connection db = connect(this.name);
				PreparedStatement query = db
					.prepareStatement("SELECT title, count(*) FROM todo WHERE title LIKE ? GROUP BY title")) {
			query.setString(1, prefix + "%");
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					titles.put(rows.getString(1), rows.getInt(2));
				}
			}
		}
		return titles;
	}

	/** How many todos are stored with a title starting with {@code prefix}. */
	long stored(String prefix) throws SQLException {
		try (Connection db = connect(this.name);
				PreparedStatement query = db.prepareStatement("SELECT count(*) FROM todo WHERE title LIKE ?")) {
			query.setString(1, prefix + "%");
			try (ResultSet rows = query.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

	/** Drops the database, closing what is still connected to it. */
	@Override
	public void close() throws SQLException {
		try (Connection admin = connect("postgres"); Statement statement = admin.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + this.name + " WITH (FORCE)");
		}
	}

	private static Connection connect(String database) throws SQLException {
		return DriverManager.getConnection("jdbc:postgresql://" + SERVER + "/" + database + "?user=postgres");
	}

}
