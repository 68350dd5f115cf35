package dev.todoservice.system.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's printed table: sections of rows, columns padded to their widest cell.
 */
final class Table {

	private static final String[] HEADER = { "measure", "service", "bound / detail", "ratio", "target",
			"CPU us per request (service JVM, its JIT; PostgreSQL; broker; load generator; kernel and rest)" };

	private final List<String[]> rows = new ArrayList<>();

	void section(String title) {
		this.rows.add(new String[] { title });
	}

	void row(String measure, String service, String bound, String ratio, String target, String cpu) {
		this.rows.add(new String[] { "  " + measure, service, bound, ratio, target, cpu });
	}

	String render(String title) {
		int[] widths = new int[HEADER.length];
		List<String[]> all = new ArrayList<>();
		all.add(HEADER);
		all.addAll(this.rows);
		for (String[] row : all) {
			if (row.length == HEADER.length) {
				for (int c = 0; c < row.length; c++) {
					widths[c] = Math.max(widths[c], row[c].length());
				}
			}
		}
		StringBuilder out = new StringBuilder(title).append('\n');
		for (String[] row : all) {
			if (row.length == 1) {
				out.append(row[0]).append('\n');
				continue;
			}
			StringBuilder line = new StringBuilder();
			for (int c = 0; c < row.length; c++) {
				line.append(String.format("%-" + widths[c] + "s", row[c])).append((c < row.length - 1) ? "  " : "");
			}
			out.append(line.toString().stripTrailing()).append('\n');
		}
		return out.toString();
	}

}
