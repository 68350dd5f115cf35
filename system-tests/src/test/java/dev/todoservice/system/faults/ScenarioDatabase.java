package dev.todoservice.system.faults;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.todoservice.system.infrastructure.LocalDatabase;

/**
 * A scenario's own database on the machine's PostgreSQL (the service creates it at
 * start), and the means to make it unavailable without stopping the server, which other
 * people use too.
 */
final class ScenarioDatabase implements AutoCloseable {

	private final LocalDatabase database;

	ScenarioDatabase(String name) {
		this.database = new LocalDatabase(name);
	}

	String name() {
		return this.database.name();
	}

	/** In the origin's form, as the service takes it from {@code DATABASE_URL}. */
	String url() {
		return this.database.url();
	}

	/**
	 * New connections are refused and the open ones are closed: to the service the
	 * database is gone.
	 */
	void block() throws SQLException {
		try (Connection admin = LocalDatabase.connect("postgres"); Statement statement = admin.createStatement()) {
			statement.execute("ALTER DATABASE " + name() + " WITH ALLOW_CONNECTIONS false");
			statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name()
					+ "' AND pid <> pg_backend_pid()");
		}
	}

	void unblock() throws SQLException {
		try (Connection admin = LocalDatabase.connect("postgres"); Statement statement = admin.createStatement()) {
			statement.execute("ALTER DATABASE " + name() + " WITH ALLOW_CONNECTIONS true");
		}
	}

	/**
	 * The consumer's next offset per partition of the topic, as committed with the data.
	 */
	Map<Integer, Long> nextOffsets(String group, String topic) throws SQLException {
		Map<Integer, Long> offsets = new HashMap<>();
		try (Connection db = this.database.connect();
				PreparedStatement query = db.prepareStatement(
						"SELECT partition, next_offset FROM consumer_offset WHERE group_id = ? AND topic = ?")) {
			query.setString(1, group);
			query.setString(2, topic);
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					offsets.put(rows.getInt(1), rows.getLong(2));
				}
			}
		}
		return offsets;
	}

	List<Row> todos() throws SQLException {
		List<Row> todos = new ArrayList<>();
		try (Connection db = this.database.connect();
				Statement statement = db.createStatement();
				ResultSet rows = statement.executeQuery("SELECT id, title, version FROM todo")) {
			while (rows.next()) {
				todos.add(new Row(rows.getLong(1), rows.getString(2), rows.getLong(3)));
			}
		}
		return todos;
	}

	/** Each todo's owner, by its title. */
	Map<String, String> owners() throws SQLException {
		try (Connection db = this.database.connect();
				Statement statement = db.createStatement();
				ResultSet rows = statement.executeQuery("SELECT title, owner FROM todo")) {
			Map<String, String> owners = new HashMap<>();
			while (rows.next()) {
				owners.put(rows.getString(1), rows.getString(2));
			}
			return owners;
		}
	}

	/** Drops the database, closing what is still connected to it. */
	@Override
	public void close() throws SQLException {
		this.database.close();
	}

}
