/**
 * The todo service: its entry point, which starts the HTTP API, the Kafka consumer and
 * the live stream of the packages below.
 */
@NullMarked
package dev.todoservice;

import org.jspecify.annotations.NullMarked;
