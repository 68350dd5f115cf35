package dev.todoservice.faults;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A scenario's own database on the machine's PostgreSQL (the service creates it at start), and the means to
 * make it unavailable without stopping the server, which other people use too.
 */
final class ScenarioDatabase implements AutoCloseable {

	private static final String SERVER = "127.0.0.1:5432";

	private final String name;

	ScenarioDatabase(String name) {
		if (!name.matches("[a-z0-9_]+")) {
			throw new IllegalArgumentException("Not a plain database name: " + name);
		}
		this.name = name;
	}

	String name() {
		return this.name;
	}

	/** In the origin's form, as the service takes it from {@code DATABASE_URL}. */
	String url() {
		return "postgresql://postgres@" + SERVER + "/" + this.name;
	}

	/** New connections are refused and the open ones are closed: to the service the database is gone. */
	void block() throws SQLException {
		try (Connection admin = connect("postgres"); Statement statement = admin.createStatement()) {
			statement.execute("ALTER DATABASE " + this.name + " WITH ALLOW_CONNECTIONS false");
			statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + this.name
					+ "' AND pid <> pg_backend_pid()");
		}
	}

	void unblock() throws SQLException {
		try (Connection admin = connect("postgres"); Statement statement = admin.createStatement()) {
			statement.execute("ALTER DATABASE " + this.name + " WITH ALLOW_CONNECTIONS true");
		}
	}

	/** The consumer's next offset per partition of the topic, as committed with the data. */
	Map<Integer, Long> nextOffsets(String group, String topic) throws SQLException {
		Map<Integer, Long> offsets = new HashMap<>();
		try (Connection db = connect(this.name);
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
		try (Connection db = connect(this.name); Statement statement = db.createStatement();
				ResultSet rows = statement.executeQuery("SELECT id, title, version FROM todo")) {
			while (rows.next()) {
				todos.add(new Row(rows.getLong(1), rows.getString(2), rows.getLong(3)));
			}
		}
		return todos;
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
