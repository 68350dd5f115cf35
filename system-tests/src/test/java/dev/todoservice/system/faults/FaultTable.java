package dev.todoservice.system.faults;

import java.util.List;
import java.util.Locale;

/**
 * Renders the suite's result: one row per scenario, the must-be-0 figures marked, then
 * what failed.
 */
final class FaultTable {

	private static final String FORMAT = "%-22s %6s %6s %7s %5s %4s %5s %4s %4s %7s %7s %5s %6s %5s %8s %4s %9s %7s %5s %5s"
			+ "  %s%n";

	private FaultTable() {
	}

	static String render(List<Figures> rows) {
		StringBuilder table = new StringBuilder();
		table.append(String.format(Locale.ROOT, FORMAT, "scenario", "writes", "acked", "200/201", "202", "4xx", "404a*",
				"503", "5xx*", "unknown", "refused", "lost*", "twice*", "unex*", "rej+kept", "dups", "DLT/inj*",
				"catchup", "max s", "load", "result"));
		for (Figures row : rows) {
			if (row.error() != null) {
				table.append(String.format(Locale.ROOT, "%-22s %s%n", row.scenario(), "ERROR " + row.error()));
				continue;
			}
			table.append(String.format(Locale.ROOT, FORMAT, row.scenario(), row.writes(), row.acked(), row.applied(),
					row.accepted(), row.clientErrors(), row.notFoundAcked(), row.unavailable(), row.serverErrors(),
					row.unknown(), row.refused(), row.lost(), row.appliedTwice(), row.unexpected(),
					row.rejectedButStored(), row.logDuplicates(), row.deadLettered() + "/" + row.injected(),
					seconds(row.catchUpSeconds()), seconds(row.slowestSeconds()), seconds(row.loadSeconds()),
					row.violations().isEmpty() ? "ok" : "FAIL"));
		}
		table.append("""
				* must be 0 (DLT/inj: dead letters must equal the poison injected). writes: requests that reached the
				service; 404a: updates and deletes answered 404 for a todo whose create was acknowledged;
				unknown: timed out or connection lost; refused: no connection (instance down), tried again;
				rej+kept: answered 4xx/503 yet on the topic or in the table; dups: extra copies of a write on the
				topic; catchup: s from the end of the fault until the consumer had applied the topic as it was then;
				max s: the slowest answer (or timeout) a client got; load: s the load ran.
				""");
		for (Figures row : rows) {
			row.violations()
				.forEach((violation) -> table.append(row.scenario()).append(": ").append(violation).append('\n'));
		}
		return table.toString();
	}

	private static String seconds(double seconds) {
		return Double.isNaN(seconds) ? "-" : String.format(Locale.ROOT, "%.1f", seconds);
	}

}
