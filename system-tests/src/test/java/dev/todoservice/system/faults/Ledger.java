package dev.todoservice.system.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every write request of a scenario as the client saw it, appended by the client threads
 * as they go.
 */
final class Ledger {

	private final Queue<Op> ops = new ConcurrentLinkedQueue<>();

	private final AtomicInteger writes = new AtomicInteger();

	void add(Op op) {
		this.ops.add(op);
		if (op.outcome() != Op.Outcome.REFUSED) {
			this.writes.incrementAndGet();
		}
	}

	/**
	 * Requests that reached the service so far: the load's progress, which faults are
	 * timed by.
	 */
	int writes() {
		return this.writes.get();
	}

	List<Op> ops() {
		return List.copyOf(this.ops);
	}

	/** One line per request, for reading what happened after the fact. */
	void write(Path file) {
		try (Writer out = Files.newBufferedWriter(file)) {
			out.write("kind,thread,seq,id,title,status,outcome,at_ms,millis\n");
			for (Op op : this.ops) {
				out.write(op.kind() + "," + op.thread() + "," + op.seq() + "," + op.id() + ","
						+ ((op.title() != null) ? op.title() : "") + "," + op.status() + "," + op.outcome() + ","
						+ op.atMillis() + "," + op.millis() + "\n");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
