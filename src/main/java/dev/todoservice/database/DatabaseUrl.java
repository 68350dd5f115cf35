package dev.todoservice.database;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import org.jspecify.annotations.Nullable;

/**
 * A PostgreSQL location as the origin design writes it
 * ({@code postgresql://user:pass@host:port/db}, {@code postgres://…}) or as JDBC does
 * ({@code jdbc:postgresql://host:port/db?user=…}).
 *
 * @param jdbcUrl the JDBC URL without credentials in it, unless they were given as JDBC
 * parameters
 * @param username the user, or null to leave it to the driver
 * @param password the password, or null
 * @param display the URL as given, password masked, for log lines and error messages
 */
public record DatabaseUrl(String jdbcUrl, @Nullable String username, @Nullable String password, String display) {

	/**
	 * Parses any of the accepted forms; throws {@link IllegalArgumentException} naming
	 * the bad value.
	 */
	public static DatabaseUrl parse(String url) {
		if (url == null || url.isBlank()) {
			throw new IllegalArgumentException("DATABASE_URL is empty");
		}
		if (url.startsWith("jdbc:postgresql:")) {
			return new DatabaseUrl(url, null, null, mask(url));
		}
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("DATABASE_URL is not a URL: " + mask(url));
		}
		String scheme = uri.getScheme();
		if (!"postgresql".equals(scheme) && !"postgres".equals(scheme) && !"postgresql+psycopg".equals(scheme)
				&& !"postgresql+psycopg2".equals(scheme)) {
			throw new IllegalArgumentException(
					"DATABASE_URL must start with postgresql://, postgres:// or jdbc:postgresql://, was: " + mask(url));
		}
		if (uri.getHost() == null) {
			throw new IllegalArgumentException("DATABASE_URL names no host: " + mask(url));
		}
		String user = null;
		String password = null;
		if (uri.getRawUserInfo() != null) {
			String[] parts = uri.getRawUserInfo().split(":", 2);
			user = decode(parts[0]);
			password = parts.length > 1 ? decode(parts[1]) : null;
		}
		String host = uri.getHost().contains(":") ? "[" + uri.getHost() + "]" : uri.getHost();
		int port = uri.getPort() == -1 ? 5432 : uri.getPort();
		String path = uri.getRawPath() == null || uri.getRawPath().length() <= 1 ? "/postgres" : uri.getRawPath();
		String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
		return new DatabaseUrl("jdbc:postgresql://" + host + ":" + port + path + query, user, password, mask(url));
	}

	/** The database name from the JDBC URL. */
	public String databaseName() {
		String rest = this.jdbcUrl.substring("jdbc:postgresql://".length());
		int slash = rest.indexOf('/');
		if (slash < 0) {
			return "postgres";
		}
		String name = rest.substring(slash + 1);
		int query = name.indexOf('?');
		return decode(query < 0 ? name : name.substring(0, query));
	}

	/**
	 * The same server's maintenance database, where a missing database is created from.
	 */
	public DatabaseUrl maintenance() {
		String name = this.jdbcUrl.substring(0, this.jdbcUrl.indexOf('/', "jdbc:postgresql://".length()) + 1);
		int query = this.jdbcUrl.indexOf('?');
		String jdbc = name + "postgres" + (query < 0 ? "" : this.jdbcUrl.substring(query));
		return new DatabaseUrl(jdbc, this.username, this.password, mask(jdbc));
	}

	/**
	 * A connection of its own, outside any pool (for waiting at start, and for LISTEN).
	 */
	public Connection open() throws SQLException {
		Properties properties = new Properties();
		if (this.username != null) {
			properties.setProperty("user", this.username);
		}
		if (this.password != null) {
			properties.setProperty("password", this.password);
		}
		properties.setProperty("connectTimeout", "5");
		return DriverManager.getConnection(this.jdbcUrl, properties);
	}

	/** Where this points, fit for a log line: the password never shows. */
	@Override
	public String toString() {
		return this.display;
	}

	private static String decode(String value) {
		return URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

	/** Hides a password in any of the URL forms (user:pass@ and password= parameters). */
	static String mask(String url) {
		return url.replaceAll("(//[^:/@]*:)[^@/]*@", "$1****@").replaceAll("(?i)(password=)[^&]*", "$1****");
	}

}
