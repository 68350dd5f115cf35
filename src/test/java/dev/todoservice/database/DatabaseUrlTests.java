package dev.todoservice.database;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DatabaseUrlTests {

	@Test
	void acceptsTheOriginForm() {
		DatabaseUrl url = DatabaseUrl.parse("postgresql://ziakhan:my%40pass@db.example:6543/mydatabase");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/mydatabase");
		assertThat(url.username()).isEqualTo("ziakhan");
		assertThat(url.password()).as("percent-encoded password is decoded").isEqualTo("my@pass");
		assertThat(url.databaseName()).isEqualTo("mydatabase");
	}

	@Test
	void acceptsPostgresSchemeDefaultPortAndQuery() {
		DatabaseUrl url = DatabaseUrl.parse("postgres://app@127.0.0.1/todo?sslmode=disable");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/todo?sslmode=disable");
		assertThat(url.username()).isEqualTo("app");
		assertThat(url.password()).isNull();
		assertThat(url.maintenance().jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/postgres?sslmode=disable");
	}

	@Test
	void acceptsJdbcUrlsAsTheyAre() {
		DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://127.0.0.1:5432/todo?user=a&password=secret");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/todo?user=a&password=secret");
		assertThat(url.databaseName()).isEqualTo("todo");
		assertThat(url.toString()).as("password parameter masked").doesNotContain("secret").contains("password=****");
	}

	@Test
	void neverShowsThePassword() {
		DatabaseUrl url = DatabaseUrl.parse("postgresql://user:s3cr3t@127.0.0.1:5432/todo");
		assertThat(url.toString()).isEqualTo("postgresql://user:****@127.0.0.1:5432/todo");
		assertThat(url.maintenance().toString()).doesNotContain("s3cr3t");
	}

	@Test
	void rejectsOtherSchemesWithTheValueMasked() {
		assertThatIllegalArgumentException().isThrownBy(() -> DatabaseUrl.parse("mysql://u:pw@host/db"))
			.withMessageContaining("postgresql://")
			.withMessageNotContaining("pw@");
	}

}
