package dev.todoservice.live;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The most recent changes of the live stream, for clients that reconnect with
 * Last-Event-ID. Not thread-safe: {@link TodoStream} guards it.
 */
final class History {

	private final int capacity;

	private final Deque<TodoChanged> changes = new ArrayDeque<>();

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
	boolean add(TodoChanged change) {
		if (!this.changes.isEmpty() && change.seq() <= this.changes.peekLast().seq()) {
			return false;
		}
		this.changes.addLast(change);
		if (this.changes.size() > this.capacity) {
			this.changes.removeFirst();
		}
		return true;
	}

	/** The newest change's number, or null while there is none. */
	@Nullable Long last() {
		TodoChanged last = this.changes.peekLast();
		return (last != null) ? last.seq() : null;
	}

	/**
	 * What a client that saw change {@code lastEventId} missed: the changes after it that
	 * are still kept, and whether some were dropped already (it should reload).
	 */
	CatchUp since(long lastEventId) {
		boolean complete = this.changes.isEmpty() || this.changes.peekFirst().seq() <= lastEventId + 1;
		List<TodoChanged> missed = new ArrayList<>();
		for (TodoChanged change : this.changes) {
			if (change.seq() > lastEventId) {
				missed.add(change);
			}
		}
		return new CatchUp(missed, !complete);
	}

	/**
	 * @param missed the changes after the client's last one, oldest first
	 * @param reset true when older changes it missed are no longer kept
	 */
	record CatchUp(List<TodoChanged> missed, boolean reset) {
	}

}
