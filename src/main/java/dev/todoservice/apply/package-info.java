/**
 * Applying changes to PostgreSQL: the Kafka listener, one transaction per poll with the
 * offsets stored beside the data, dead letters for what can never be applied, and retry
 * without limit for the rest.
 */
@NullMarked
package dev.todoservice.apply;

import org.jspecify.annotations.NullMarked;
