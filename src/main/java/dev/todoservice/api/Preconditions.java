package dev.todoservice.api;

import java.util.List;

import dev.todoservice.todo.Todo;
import dev.todoservice.todo.Todos;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.http.ETag;
import org.springframework.stereotype.Component;

/**
 * If-Match on writes. Spring parses the header ({@link ETag}) but leaves the check to the
 * application, and here the versions travel with the change to the consumer, where the
 * check is decided; the API checks early only to answer a certain 404 or 412 without
 * publishing.
 */
@Component
class Preconditions {

	private final Todos todos;

	Preconditions(Todos todos) {
		this.todos = todos;
	}

	/**
	 * The versions an If-Match header accepts: empty for none or {@code *} (any version
	 * of an existing todo). Weak or foreign tags never match a strong comparison (RFC
	 * 9110 13.1.1), so a header made only of those fails at once.
	 */
	static List<Long> versions(@Nullable String ifMatch) {
		if (ifMatch == null || ifMatch.isBlank()) {
			return List.of();
		}
		List<ETag> tags = ETag.parse(ifMatch);
		if (tags.stream().anyMatch(ETag::isWildcard)) {
			return List.of();
		}
		List<Long> versions = tags.stream()
			.filter((tag) -> !tag.weak() && tag.tag().matches("[1-9][0-9]{0,17}"))
			.map((tag) -> Long.parseLong(tag.tag()))
			.toList();
		if (versions.isEmpty()) {
			throw Answers.preconditionFailed(null);
		}
		return versions;
	}

	/**
	 * The todo as it is now: 404 when missing, 412 when If-Match already fails. Null when
	 * the database cannot say: the change still goes to Kafka, and the consumer decides.
	 */
	@Nullable Todo current(long id, List<Long> versions) {
		Todo current;
		try {
			current = this.todos.find(id).orElseThrow(Answers::notFound);
		}
		catch (DataAccessException ex) {
			return null;
		}
		if (!versions.isEmpty() && !versions.contains(current.version())) {
			throw Answers.preconditionFailed(current.version());
		}
		return current;
	}

}
