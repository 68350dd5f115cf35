package dev.todoservice.system.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import dev.todoservice.system.infrastructure.LocalDatabase;

/**
 * The benchmark's databases on the machine's PostgreSQL: the service's own, and a bare
 * one for pgbench.
 */
final class BenchDatabase implements AutoCloseable {

	/**
	 * Seeded rows take ids above this, far from the blocks the service hands out to its
	 * creates.
	 */
	static final long SEED_BASE = 1_000_000_000L;

	/** The service's first migration, as its executable jar holds it. */
	private static final String FIRST_MIGRATION = "BOOT-INF/classes/db/migration/V1__todo.sql";

	private final LocalDatabase database;

	private long seeded;

	/**
	 * One connection for the benchmark's own queries: the wait for a run's last create
	 * polls every 5 ms.
	 */
	private Connection connection;

	BenchDatabase(String name) {
		this.database = new LocalDatabase(name);
	}

	String name() {
		return this.database.name();
	}

	/**
	 * In the origin's form, as the service takes it from {@code DATABASE_URL} (it creates
	 * the database).
	 */
	String url() {
		return this.database.url();
	}

	/**
	 * The owner column and the indexes as V7 and V9 leave them (without V7's per-owner
	 * count triggers, which are the service's work, not the bound's).
	 */
	private static final String OWNERS = """
			ALTER TABLE todo ADD COLUMN owner text NOT NULL DEFAULT 'shared';
			DROP INDEX todo_completed_id;
			CREATE INDEX todo_owner_id ON todo (owner, id);
			CREATE INDEX todo_owner_open_id ON todo (owner, id) WHERE NOT completed;
			CREATE INDEX todo_owner_done_id ON todo (owner, id) WHERE completed;
			""";

	/**
	 * A database of its own with the service's first migration (the todo table, its
	 * index, the id sequence) and the owner column with its indexes, nothing else, for
	 * pgbench's bound on the same table. The migration is read from the service's jar,
	 * the one measured.
	 */
	static BenchDatabase bare(String name, Path jar) throws SQLException, IOException {
		String sql;
		try (JarFile service = new JarFile(jar.toFile())) {
			JarEntry entry = service.getJarEntry(FIRST_MIGRATION);
			if (entry == null) {
				throw new IllegalStateException("No " + FIRST_MIGRATION + " in " + jar);
			}
			try (InputStream migration = service.getInputStream(entry)) {
				sql = new String(migration.readAllBytes(), StandardCharsets.UTF_8);
			}
		}
		BenchDatabase bare = new BenchDatabase(name);
		bare.database.create();
		try (Connection db = bare.database.connect(); Statement statement = db.createStatement()) {
			statement.execute(sql);
			statement.execute(OWNERS);
		}
		return bare;
	}

	/**
	 * Seeded todos up to {@code total} (ids {@link #SEED_BASE} + 1 ...), straight into
	 * the table: the read benchmarks need rows, not another run of the write path.
	 * Analyzed afterwards, as autovacuum would. Row n is {@code owners}' number (n - 1) %
	 * owners.size(), so each reading client finds rows of its own.
	 */
	void seedUpTo(long total, List<String> owners) throws SQLException {
		if (total <= this.seeded) {
			return;
		}
		try (PreparedStatement insert = connection()
			.prepareStatement("INSERT INTO todo (id, title, description, completed, owner) SELECT " + SEED_BASE
					+ " + g, 'seeded todo ' || g, 'a row for the read benchmarks', g % 3 = 0, (?::text[])[(g - 1) % "
					+ owners.size() + " + 1] FROM generate_series(" + (this.seeded + 1) + ", " + total + ") g");
				Statement statement = connection().createStatement()) {
			insert.setArray(1, connection().createArrayOf("text", owners.toArray()));
			insert.execute();
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
		try (Statement statement = connection().createStatement();
				ResultSet rows = statement.executeQuery("SELECT count(*) FROM todo")) {
			rows.next();
			return rows.getLong(1);
		}
	}

	/** Rows per title among the titles starting with {@code prefix}. */
	Map<String, Integer> titles(String prefix) throws SQLException {
		Map<String, Integer> titles = new HashMap<>();
		try (PreparedStatement query = connection()
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
		try (PreparedStatement query = connection().prepareStatement("SELECT count(*) FROM todo WHERE title LIKE ?")) {
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
		if (this.connection != null) {
			this.connection.close();
		}
		this.database.close();
	}

	/** Opened at first use: the service creates the database when it starts. */
	private Connection connection() throws SQLException {
		if (this.connection == null) {
			this.connection = this.database.connect();
		}
		return this.connection;
	}

}
