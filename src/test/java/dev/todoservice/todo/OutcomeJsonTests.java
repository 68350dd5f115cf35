package dev.todoservice.todo;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class OutcomeJsonTests {

	private static final Todo TODO = new Todo(5, "Buy milk", "Two litres", true, 3);

	private static final List<Outcome> EVERY_KIND = List.of(new Outcome.Created(TODO), new Outcome.Updated(TODO),
			new Outcome.Deleted(5, 3), new Outcome.NotFound(5), new Outcome.PreconditionFailed(5, 3),
			new Outcome.KeyReused(), new Outcome.Replayed(new Outcome.Created(TODO)));

	private final OutcomeJson json = new OutcomeJson();

	@Test
	void everyOutcomeSurvivesTheTrip() {
		for (Outcome outcome : EVERY_KIND) {
			assertThat(this.json.read(this.json.write(outcome), Outcome.class))
				.as("a recorded outcome must replay as it was: %s", outcome)
				.isEqualTo(outcome);
		}
	}

	@Test
	void aReplayNestsAnyOutcome() {
		for (Outcome first : EVERY_KIND) {
			Outcome replayed = new Outcome.Replayed(first);
			assertThat(this.json.read(this.json.write(replayed), Outcome.class)).isEqualTo(replayed);
		}
	}

	@Test
	void aCreatedTodoKeepsItsVersion() {
		String written = this.json.write(new Outcome.Created(TODO));
		assertThat(tree(written).get("todo").get("version").asLong())
			.as("a replayed or announced todo must carry its version for the ETag and the stream")
			.isEqualTo(3);
	}

	@Test
	void theJsonTypeIsTheOutcomesName() {
		List<String> names = List.of("created", "updated", "deleted", "not_found", "precondition_failed", "key_reused",
				"replayed");
		for (int i = 0; i < EVERY_KIND.size(); i++) {
			Outcome outcome = EVERY_KIND.get(i);
			assertThat(outcome.name()).as("metric tags and stream events use the name").isEqualTo(names.get(i));
			assertThat(tree(this.json.write(outcome)).get("outcome").asString())
				.as("the stored type and the name must be one and the same")
				.isEqualTo(outcome.name());
		}
	}

	@Test
	void onlyChangesOfATodoAreChanges() {
		Set<String> changes = Set.of("created", "updated", "deleted");
		for (Outcome outcome : EVERY_KIND) {
			assertThat(outcome.isChange()).as("the live stream shows exactly the changes: %s", outcome.name())
				.isEqualTo(changes.contains(outcome.name()));
		}
	}

	@Test
	void nonAsciiTextIsEscaped() {
		Todo todo = new Todo(5, "Café ☕ 🎉 Grüße", "日本語", false, 1);
		String written = this.json.write(new Outcome.Created(todo));
		assertThat(written.getBytes(StandardCharsets.UTF_8))
			.as("NOTIFY counts bytes: a payload's length in chars must be its length in bytes")
			.hasSize(written.length());
		assertThat(this.json.read(written, Outcome.class)).isEqualTo(new Outcome.Created(todo));
	}

	private static JsonNode tree(String json) {
		return JsonMapper.builder().build().readTree(json);
	}

}
