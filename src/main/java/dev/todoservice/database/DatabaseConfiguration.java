package dev.todoservice.database;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Points Boot's DataSource at {@code DATABASE_URL} and makes sure the database is there
 * before migrating.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

	@Bean
	DatabaseUrl databaseUrl(DatabaseSettings settings) {
		return DatabaseUrl.parse(settings.url());
	}

	/**
	 * Boot's DataSource and Flyway take the connection from here instead of
	 * spring.datasource.*.
	 */
	@Bean
	JdbcConnectionDetails jdbcConnectionDetails(DatabaseUrl url) {
		return new JdbcConnectionDetails() {

			@Override
			public String getJdbcUrl() {
				return url.jdbcUrl();
			}

			@Override
			public @Nullable String getUsername() {
				return url.username();
			}

			@Override
			public @Nullable String getPassword() {
				return url.password();
			}

		};
	}

	/**
	 * Flyway is the first to touch the database, so waiting and creating happen just
	 * before it.
	 */
	@Bean
	FlywayMigrationStrategy awaitDatabaseThenMigrate(DatabaseUrl url, DatabaseSettings settings) {
		DatabaseStartup startup = new DatabaseStartup(url, settings.connectAttempts(), settings.connectDelay());
		return (flyway) -> {
			startup.awaitAndCreate();
			flyway.migrate();
		};
	}

}
