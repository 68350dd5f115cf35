package dev.todoservice.system.faults;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges a scenario from the client's ledger and the final state alone (no clock, no
 * I/O), in the manner of Jepsen's checkers: which acknowledged writes are missing, which
 * took effect twice, which rows nobody wrote. Every create and update carries a unique
 * title, so the final title of a todo names the last write applied to it, and
 * {@code todo.version} (1 + one per applied update) counts how many were.
 */
final class FaultChecker {

	private FaultChecker() {
	}

	static Figures check(History history) {
		Map<String, Op> byTitle = new HashMap<>();
		for (Op op : history.ops()) {
			if (op.title() != null) {
				byTitle.put(op.title(), op);
			}
		}
		Map<Long, Row> rowsById = new HashMap<>();
		Map<String, List<Row>> rowsByTitle = new HashMap<>();
		for (Row row : history.rows()) {
			rowsById.put(row.id(), row);
			rowsByTitle.computeIfAbsent(row.title(), (title) -> new ArrayList<>()).add(row);
		}
		Verdict verdict = new Verdict();

		// A title is unique per write, so two rows with one title are one create stored
		// twice.
		rowsByTitle.values().forEach((rows) -> verdict.appliedTwice += rows.size() - 1);
		for (Row row : history.rows()) {
			Op writer = byTitle.get(row.title());
			boolean explained = writer != null && (writer.kind() == Op.Kind.CREATE
					? (writer.id() == 0 || writer.id() == row.id()) : writer.id() == row.id());
			if (!explained) {
				verdict.unexpected++;
			}
		}

		// A write the client was told failed (or never sent) must leave no trace, on the
		// topic or in the table.
		Set<String> rejectedButStored = new HashSet<>();
		for (Op op : history.ops()) {
			if (op.title() != null && op.refusedOrRejected()
					&& (history.loggedTitles().containsKey(op.title()) || rowsByTitle.containsKey(op.title()))) {
				rejectedButStored.add(op.title());
			}
		}
		for (Map.Entry<String, Integer> logged : history.loggedTitles().entrySet()) {
			if (byTitle.containsKey(logged.getKey())) {
				verdict.logDuplicates += logged.getValue() - 1;
			}
		}

		for (TodoWrites todo : todos(history.ops(), rowsByTitle).values()) {
			int deletesLogged = history.loggedDeletes().getOrDefault(todo.id, 0);
			long deletesMaybe = todo.deletes.stream().filter(Op::mayHaveApplied).count();
			if (deletesLogged > deletesMaybe && todo.deletes.stream().anyMatch(Op::refusedOrRejected)) {
				rejectedButStored.add("delete of " + todo.id);
			}
			verdict.logDuplicates += Math.max(0, deletesLogged - todo.deletes.size());
			judge(todo, rowsById.get(todo.id), history.loggedTitles(), deletesLogged > 0, rejectedButStored, verdict);
			verdict.notFoundAcked += notFoundAcked(todo);
		}
		return figures(history, verdict, rejectedButStored.size());
	}

	/** One todo's writes in the order its thread issued them. */
	private static final class TodoWrites {

		final long id;

		Op create;

		final List<Op> updates = new ArrayList<>();

		final List<Op> deletes = new ArrayList<>();

		TodoWrites(long id) {
			this.id = id;
		}

	}

	private static final class Verdict {

		int lost;

		int appliedTwice;

		int unexpected;

		int logDuplicates;

		int notFoundAcked;

	}

	/**
	 * Groups the writes by todo. A create whose answer never came (or said no) has no id
	 * on the client's side; its title finds the row, if any, it produced.
	 */
	private static Map<Long, TodoWrites> todos(List<Op> ops, Map<String, List<Row>> rowsByTitle) {
		Map<Long, TodoWrites> todos = new LinkedHashMap<>();
		List<Op> ordered = new ArrayList<>(ops);
		ordered.sort(Comparator.comparingInt(Op::thread).thenComparingLong(Op::seq));
		for (Op op : ordered) {
			long id = op.id();
			if (op.kind() == Op.Kind.CREATE && id == 0) {
				List<Row> rows = rowsByTitle.get(op.title());
				if (rows == null) {
					continue; // never stored, and nothing else could refer to it
				}
				id = rows.get(0).id();
			}
			if (id == 0) {
				continue;
			}
			TodoWrites todo = todos.computeIfAbsent(id, TodoWrites::new);
			switch (op.kind()) {
				case CREATE -> todo.create = op;
				case UPDATE -> todo.updates.add(op);
				case DELETE -> todo.deletes.add(op);
			}
		}
		return todos;
	}

	/**
	 * A 404 on a todo the service acknowledged (201 or 202) breaks its promise, unless an
	 * earlier delete of the client may have removed it.
	 */
	private static int notFoundAcked(TodoWrites todo) {
		if (todo.create == null || !todo.create.acked()) {
			return 0;
		}
		List<Op> changes = new ArrayList<>(todo.updates);
		changes.addAll(todo.deletes);
		changes.sort(Comparator.comparingLong(Op::seq));
		int notFound = 0;
		for (Op change : changes) {
			if (change.status() == 404) {
				notFound++;
			}
			if (change.kind() == Op.Kind.DELETE && change.mayHaveApplied()) {
				break;
			}
		}
		return notFound;
	}

	private static void judge(TodoWrites todo, Row row, Map<String, Integer> loggedTitles, boolean deleteLogged,
			Set<String> rejectedButStored, Verdict verdict) {
		boolean createAcked = todo.create != null && todo.create.acked();
		boolean deleteAcked = todo.deletes.stream().anyMatch(Op::acked);
		boolean deleteMayHaveApplied = deleteLogged || todo.deletes.stream().anyMatch(Op::mayHaveApplied);
		if (row == null) {
			if (createAcked && !deleteMayHaveApplied) {
				verdict.lost++; // an acknowledged create that nothing deleted
			}
			return; // once deleted, its updates leave nothing to check
		}
		if (deleteAcked) {
			verdict.lost++; // an acknowledged delete that did not take
		}

		// The final title names the last write applied: the create (-1) or one update.
		int last = -2;
		if (todo.create != null && todo.create.title().equals(row.title())) {
			last = -1;
		}
		for (int i = 0; i < todo.updates.size(); i++) {
			if (todo.updates.get(i).title().equals(row.title())) {
				last = i;
			}
		}
		int ackedUpdates = 0;
		int possibleUpdates = 0;
		int overwritten = 0;
		for (int i = 0; i < todo.updates.size(); i++) {
			Op update = todo.updates.get(i);
			if (update.acked()) {
				ackedUpdates++;
				if (i > last) {
					overwritten++; // nothing issued after it explains why its title is
									// not the final one
				}
			}
			if (update.mayHaveApplied() || loggedTitles.containsKey(update.title())
					|| rejectedButStored.contains(update.title())) {
				possibleUpdates++;
			}
		}
		long version = row.version();
		if (version > 1 + possibleUpdates) {
			verdict.appliedTwice += (int) (version - 1 - possibleUpdates);
		}
		int versionShort = (int) Math.max(0, 1 + ackedUpdates - version);
		verdict.lost += Math.max(overwritten, versionShort);
	}

	private static Figures figures(History history, Verdict verdict, int rejectedButStored) {
		int writes = 0;
		int acked = 0;
		int applied = 0;
		int accepted = 0;
		int clientErrors = 0;
		int unavailable = 0;
		int serverErrors = 0;
		int unknown = 0;
		int refused = 0;
		long slowest = 0;
		for (Op op : history.ops()) {
			if (op.outcome() == Op.Outcome.REFUSED) {
				refused++;
				continue;
			}
			writes++;
			slowest = Math.max(slowest, op.millis());
			if (op.acked()) {
				acked++;
			}
			switch (op.outcome()) {
				case APPLIED -> applied++;
				case ACCEPTED -> accepted++;
				case UNKNOWN -> unknown++;
				case SERVER_ERROR -> serverErrors++;
				case REJECTED -> {
					if (op.status() == 503) {
						unavailable++;
					}
					else {
						clientErrors++;
					}
				}
				default -> {
				}
			}
		}
		return new Figures(history.scenario(), writes, acked, applied, accepted, clientErrors, verdict.notFoundAcked,
				unavailable, serverErrors, unknown, refused, verdict.lost, verdict.appliedTwice, verdict.unexpected,
				rejectedButStored, verdict.logDuplicates, history.deadLettered(), history.deadLetteredInjected(),
				history.injected(), history.catchUpSeconds(), history.loadSeconds(), slowest / 1000.0, null);
	}

}
