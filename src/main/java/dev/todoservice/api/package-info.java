/**
 * The HTTP API: the todo routes, their bodies and preconditions, and the one place an
 * outcome becomes an answer.
 */
package dev.todoservice.api;
