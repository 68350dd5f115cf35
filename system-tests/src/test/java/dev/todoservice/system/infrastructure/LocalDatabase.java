package dev.todoservice.system.infrastructure;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A database of its own on the machine's PostgreSQL (127.0.0.1:5432, trusting local
 * connections), for a run that starts the service as a process of its own (the fault
 * suite, the benchmark): its name, its URL in the origin's form, connections to it, and
 * dropping it afterwards.
 */
public final class LocalDatabase implements AutoCloseable {

	private static final String SERVER = "127.0.0.1:5432";

	private final String name;

	public LocalDatabase(String name) {
		if (!name.matches("[a-z0-9_]+")) {
			throw new IllegalArgumentException("Not a plain database name: " + name);
		}
		this.name = name;
	}

	public String name() {
		return this.name;
	}

	/**
	 * In the origin's form, as the service takes it from {@code DATABASE_URL} (it creates
	 * the database).
	 */
	public String url() {
		return "postgresql://postgres@" + SERVER + "/" + this.name;
	}

	/**
	 * Creates the database (the service would create it at start; tools that need it
	 * first call this).
	 */
	public void create() throws SQLException {
		try (Connection admin = connect("postgres"); Statement statement = admin.createStatement()) {
			statement.execute("CREATE DATABASE " + this.name);
		}
	}

	public Connection connect() throws SQLException {
		return connect(this.name);
	}

	/**
	 * A connection to another database of the server, such as {@code postgres} for
	 * administration.
	 */
	public static Connection connect(String database) throws SQLException {
		return DriverManager.getConnection("jdbc:postgresql://" + SERVER + "/" + database + "?user=postgres");
	}

	/** Drops the database, closing what is still connected to it. */
	@Override
	public void close() throws SQLException {
		try (Connection admin = connect("postgres"); Statement statement = admin.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + this.name + " WITH (FORCE)");
		}
	}

}
