package dev.todoservice.api;

import java.util.List;

import dev.todoservice.todo.Owner;
import dev.todoservice.todo.Todo;
import dev.todoservice.todo.TodoLookup;
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

	private final TodoLookup lookup;

	Preconditions(TodoLookup lookup) {
		this.lookup = lookup;
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
	 * The owner's todo as it is now: 404 when it does not exist (or is another owner's),
	 * 412 when If-Match already fails. Null when its create is accepted and not applied
	 * yet, or when the database cannot say for an id known to be handed out: the change
	 * still goes to Kafka, on the todo's key and so after its create, and the consumer
	 * decides. An id maybe never handed out is never published for.
	 */
	@Nullable Todo current(long id, Owner owner, List<Long> versions) {
		TodoLookup.State state;
		try {
			state = this.lookup.find(id, owner);
		}
		catch (DataAccessException ex) {
			if (!this.lookup.knownHandedOut(id)) {
				throw ex;
			}
			return null;
		}
		if (state instanceof TodoLookup.Absent) {
			throw Answers.notFound();
		}
		if (state instanceof TodoLookup.Stored stored) {
			check(stored.todo(), versions);
			return stored.todo();
		}
		return null;
	}

	/** 412 when If-Match names versions and the todo has none of them. */
	static void check(Todo current, List<Long> versions) {
		if (!versions.isEmpty() && !versions.contains(current.version())) {
			throw Answers.preconditionFailed(current.version());
		}
	}

}
