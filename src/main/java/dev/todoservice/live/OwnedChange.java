package dev.todoservice.live;

import dev.todoservice.todo.Owner;

/**
 * A change of the live stream with its owner: only the owner's streams hear of it, and a
 * reconnecting client catches up on its own owner's changes only.
 */
record OwnedChange(Owner owner, TodoChanged change) {
}
