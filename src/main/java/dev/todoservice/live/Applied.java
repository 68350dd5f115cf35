package dev.todoservice.live;

import java.util.UUID;

import dev.todoservice.todo.Outcome;
import dev.todoservice.todo.Owner;
import org.jspecify.annotations.Nullable;

/**
 * One change the consumer applied and what it did, for the request waiting on it.
 *
 * @param eventId the change's CloudEvents id; null for a record from another producer
 * @param owner whose todo it is: only their live streams hear of it
 */
public record Applied(@Nullable UUID eventId, Owner owner, Outcome outcome) {
}
