/**
 * The model and its tables: a todo, the changes that travel through Kafka, the outcomes
 * of applying them, and the repositories of the {@code todo} and {@code idempotency_key}
 * tables.
 */
@NullMarked
package dev.todoservice.todo;

import org.jspecify.annotations.NullMarked;
