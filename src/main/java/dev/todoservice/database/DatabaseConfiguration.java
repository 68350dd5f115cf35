package dev.todoservice.database;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

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
	 * before it. {@code spring.flyway.enabled=false} is read here too: a build processed
	 * ahead of time (Spring AOT) fixes Boot's condition on it, and the image's training
	 * run, which has no database, needs it at run time.
	 */
	@Bean
	FlywayMigrationStrategy awaitDatabaseThenMigrate(DatabaseUrl url, DatabaseSettings settings,
			Environment environment) {
		DatabaseStartup startup = new DatabaseStartup(url, settings.connectAttempts(), settings.connectDelay());
		return (flyway) -> {
			if (!environment.getProperty("spring.flyway.enabled", Boolean.class, true)) {
				return;
			}
			startup.awaitAndCreate();
			flyway.migrate();
		};
	}

}
