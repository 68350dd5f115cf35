package dev.todoservice.live;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.todoservice.todo.Outcome;
import dev.todoservice.todo.OutcomeJson;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The consumer's side of "every instance hears every commit": it announces the outcomes
 * it applied with PostgreSQL NOTIFY in its transaction, delivered only on commit and in
 * commit order; {@link AnnouncementListener} hears them on every instance.
 */
@Component
public class Announcements {

	static final String CHANNEL = "todo_outcomes";

	/**
	 * PostgreSQL's payload limit is 8000 bytes; {@link OutcomeJson} writes ASCII only.
	 */
	private static final int MAX_PAYLOAD = 7900;

	private final JdbcClient db;

	private final OutcomeJson json;

	Announcements(JdbcClient db, OutcomeJson json) {
		this.db = db;
		this.json = json;
	}

	/**
	 * One outcome as announced.
	 *
	 * @param seq the change's number in commit order, for the live stream; 0 when nothing
	 * changed
	 * @param eventId the change's id, for a waiting request; null for a record of another
	 * producer
	 * @param owner whose todo it is ({@link Owner#id()}): only their streams show it;
	 * null from an instance older than owners
	 */
	record Announced(long seq, @Nullable UUID eventId, @Nullable String owner, Outcome outcome) {
	}

	/**
	 * Numbers the changes for the live stream and announces every outcome; delivered when
	 * the surrounding transaction commits. Call it last in the transaction: the counter
	 * row it updates stays locked until the commit, which is what makes the numbers
	 * follow commit order.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void announce(List<Applied> applied) {
		long changes = applied.stream().filter((each) -> each.outcome().isChange()).count();
		long seq = (changes == 0) ? 0
				: this.db.sql("UPDATE change_counter SET seq = seq + :count WHERE id = 1 RETURNING seq")
					.param("count", changes)
					.query(Long.class)
					.single() - changes + 1;
		List<String> batch = new ArrayList<>();
		int length = 2;
		for (Applied each : applied) {
			boolean change = each.outcome().isChange();
			if (!change && each.eventId() == null) {
				continue; // nobody waits for it, and the stream only shows changes
			}
			String item = this.json
				.write(new Announced(change ? seq++ : 0, each.eventId(), each.owner().id(), each.outcome()));
			if (length + item.length() + 1 > MAX_PAYLOAD) {
				notify(batch);
				batch.clear();
				length = 2;
			}
			batch.add(item);
			length += item.length() + 1;
		}
		if (!batch.isEmpty()) {
			notify(batch);
		}
	}

	private void notify(List<String> items) {
		this.db.sql("SELECT pg_notify(:channel, :payload)")
			.param("channel", CHANNEL)
			.param("payload", "[" + String.join(",", items) + "]")
			.query()
			.listOfRows();
	}

}
