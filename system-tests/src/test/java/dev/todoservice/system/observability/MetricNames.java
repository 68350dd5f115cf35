package dev.todoservice.system.observability;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads, and the sample names of a Prometheus text
 * exposition: enough of both languages to tell that a rule or a panel reads a metric the
 * service does not have (a rename).
 */
final class MetricNames {

	private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");

	/** Label matchers, ranges and subqueries (Grafana's $__rate_interval too). */
	private static final Pattern BRACKETS = Pattern.compile("\\{[^}]*}|\\[[^]]*]");

	private static final Pattern LABEL_LISTS = Pattern
		.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

	/**
	 * A name not inside a number (1e3) nor followed by "(" (a function or aggregation).
	 */
	private static final Pattern NAME = Pattern.compile("(?<![\\w.:$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
			"ignoring", "group_left", "group_right", "inf", "nan", "atan2");

	private MetricNames() {
	}

	static Set<String> read(String expression) {
		String bare = STRING.matcher(expression).replaceAll("\"\"");
		bare = BRACKETS.matcher(bare).replaceAll(" ");
		bare = LABEL_LISTS.matcher(bare).replaceAll(" ");
		Set<String> names = new TreeSet<>();
		Matcher matcher = NAME.matcher(bare);
		while (matcher.find()) {
			String name = matcher.group(1);
			if (matcher.group(2) == null && !KEYWORDS.contains(name.toLowerCase())) {
				names.add(name);
			}
		}
		return names;
	}

	/**
	 * The names of the samples in a text exposition (histograms as _bucket, _count,
	 * _sum).
	 */
	static Set<String> exposed(String exposition) {
		Set<String> names = new TreeSet<>();
		exposition.lines()
			.filter((line) -> !line.isBlank() && !line.startsWith("#"))
			.map((line) -> line.split("[{ ]", 2)[0])
			.forEach(names::add);
		return names;
	}

}
