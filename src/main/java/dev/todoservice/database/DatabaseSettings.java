package dev.todoservice.database;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the database is and how long to wait for it at start (environment:
 * {@code DATABASE_URL}, {@code DATABASE_CONNECT_ATTEMPTS},
 * {@code DATABASE_CONNECT_DELAY}).
 *
 * @param url the origin's {@code postgresql://user:pass@host:port/db},
 * {@code postgres://…} or a JDBC URL
 * @param connectAttempts how many times to try reaching the server before giving up
 * (origin: 5)
 * @param connectDelay the pause between two attempts (origin: 5 s)
 */
@Validated
@ConfigurationProperties("database")
public record DatabaseSettings(@NotBlank @DefaultValue("postgresql://postgres@127.0.0.1:5432/todo") String url,
		@Min(1) @DefaultValue("5") int connectAttempts, @NotNull @DefaultValue("5s") Duration connectDelay) {
}
