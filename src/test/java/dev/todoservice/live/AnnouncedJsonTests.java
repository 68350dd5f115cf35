package dev.todoservice.live;

import java.util.UUID;

import dev.todoservice.todo.Outcome;
import dev.todoservice.todo.OutcomeJson;
import dev.todoservice.todo.Todo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AnnouncedJsonTests {

	private final OutcomeJson json = new OutcomeJson();

	@Test
	void aNotificationPayloadSurvivesTheTrip() {
		Announcements.Announced[] announced = {
				new Announcements.Announced(7, UUID.randomUUID(), "alice",
						new Outcome.Created(new Todo(5, "Grüße ☕", null, false, 1))),
				new Announcements.Announced(0, UUID.randomUUID(), "alice", new Outcome.NotFound(6)),
				new Announcements.Announced(8, null, "alice", new Outcome.Deleted(5, 1)),
				new Announcements.Announced(0, UUID.randomUUID(), "https://id.example#bob \"quoted\"",
						new Outcome.Replayed(new Outcome.PreconditionFailed(5, 2))) };
		// As Announcements writes it: items joined into one array.
		StringBuilder payload = new StringBuilder("[");
		for (int i = 0; i < announced.length; i++) {
			payload.append((i > 0) ? "," : "").append(this.json.write(announced[i]));
		}
		payload.append("]");
		assertThat(this.json.read(payload.toString(), Announcements.Announced[].class))
			.as("every instance must hear each outcome as it was applied")
			.containsExactly(announced);
		assertThat(this.json.read(this.json.write(announced), Announcements.Announced[].class))
			.containsExactly(announced);
	}

}
