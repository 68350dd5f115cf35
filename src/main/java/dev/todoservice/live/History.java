package dev.todoservice.live;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import dev.todoservice.todo.Owner;
import org.jspecify.annotations.Nullable;

/**
 * The most recent changes of the live stream, each with its owner, for clients that
 * reconnect with Last-Event-ID: a client catches up on its owner's changes only. Not
 * thread-safe: {@link TodoStream} guards it.
 */
final class History {

	private final int capacity;

	private final Deque<OwnedChange> changes = new ArrayDeque<>();

	History() {
		this(TodoStream.HISTORY);
	}

	History(int capacity) {
		this.capacity = capacity;
	}

	/**
	 * Keeps the change, dropping the oldest beyond the capacity. False, and nothing kept,
	 * when it is not newer than the last one (heard twice, after reconnecting to the
	 * database).
	 */
	boolean add(OwnedChange change) {
		Long last = last();
		if (last != null && change.change().seq() <= last) {
			return false;
		}
		this.changes.addLast(change);
		if (this.changes.size() > this.capacity) {
			this.changes.removeFirst();
		}
		return true;
	}

	/** The newest change's number (whoever's), or null while there is none. */
	@Nullable Long last() {
		OwnedChange last = this.changes.peekLast();
		return (last != null) ? last.change().seq() : null;
	}

	/**
	 * What a client of {@code owner} that saw change {@code lastEventId} missed: the
	 * owner's changes after it that are still kept, and whether some changes were dropped
	 * already (it should reload). The numbers count every owner's changes, so the gaps
	 * between one owner's say nothing about what was missed.
	 */
	CatchUp since(long lastEventId, Owner owner) {
		OwnedChange first = this.changes.peekFirst();
		boolean complete = first == null || first.change().seq() <= lastEventId + 1;
		List<TodoChanged> missed = new ArrayList<>();
		for (OwnedChange kept : this.changes) {
			if (kept.change().seq() > lastEventId && kept.owner().equals(owner)) {
				missed.add(kept.change());
			}
		}
		return new CatchUp(missed, !complete);
	}

	/**
	 * @param missed the owner's changes after the client's last one, oldest first
	 * @param reset true when older changes it missed are no longer kept
	 */
	record CatchUp(List<TodoChanged> missed, boolean reset) {
	}

}
