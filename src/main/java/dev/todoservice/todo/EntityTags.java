package dev.todoservice.todo;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A todo's strong ETag is its version in quotes. Hand-written because Spring parses If-None-Match for
 * GET but leaves If-Match on unsafe methods to the application, and here the check must travel with the
 * change to the consumer, where it is decided.
 */
final class EntityTags {

	private static final Pattern TAG = Pattern.compile("\\s*(W/)?\"([^\"]*)\"\\s*(,|$)");

	private EntityTags() {
	}

	static String of(long version) {
		return "\"" + version + "\"";
	}

	/**
	 * The versions an If-Match header accepts: empty for none or {@code *} (any version of an existing
	 * todo). Weak or foreign tags never match a strong comparison (RFC 9110 13.1.1), so a header made only of
	 * those fails at once.
	 */
	static List<Long> ifMatch(String header) {
		if (header == null || header.isBlank() || header.trim().equals("*")) {
			return List.of();
		}
		List<Long> versions = new ArrayList<>();
		Matcher matcher = TAG.matcher(header);
		int end = 0;
		while (matcher.find() && matcher.start() == end) {
			end = matcher.end();
			if (matcher.group(1) == null && matcher.group(2).matches("[1-9][0-9]{0,17}")) {
				versions.add(Long.parseLong(matcher.group(2)));
			}
		}
		if (versions.isEmpty()) {
			throw new PreconditionFailedException(null);
		}
		return List.copyOf(versions);
	}

}
