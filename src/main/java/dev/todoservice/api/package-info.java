/**
 * The HTTP API: the todo routes, their bodies and preconditions, and the one place an
 * outcome becomes an answer.
 */
@NullMarked
package dev.todoservice.api;

import org.jspecify.annotations.NullMarked;
