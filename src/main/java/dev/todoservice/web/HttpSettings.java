package dev.todoservice.web;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the HTTP API against hostile input (environment:
 * {@code TODO_HTTP_MAX_BODY_SIZE}).
 *
 * @param maxBodySize the largest request body read; a larger one is answered 413, whether
 * its Content-Length declares it or a chunked body grows past it
 */
@Validated
@ConfigurationProperties("todo.http")
record HttpSettings(@NotNull @DefaultValue("64KB") DataSize maxBodySize) {

}
