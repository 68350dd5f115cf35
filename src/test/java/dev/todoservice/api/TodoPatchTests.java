package dev.todoservice.api;

import java.util.List;
import java.util.Map;

import dev.todoservice.events.TestCodec;
import dev.todoservice.todo.TodoText;
import dev.todoservice.web.InvalidFieldsException;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TodoPatchTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Validator validator = TestCodec.validator();

	@Test
	void membersPresentChangeTheirFields() {
		assertThat(parse("{\"title\": \"New\", \"description\": \"Desc\", \"completed\": true}"))
			.isEqualTo(new TodoPatch("New", "Desc", false, true));
	}

	@Test
	void membersAbsentLeaveTheirFieldsAlone() {
		assertThat(parse("{\"completed\": false}")).as("a patch of one field must not touch the others")
			.isEqualTo(new TodoPatch(null, null, false, false));
		assertThat(parse("{\"title\": \"New\"}")).isEqualTo(new TodoPatch("New", null, false, null));
	}

	@Test
	void aNullDescriptionRemovesIt() {
		TodoPatch patch = parse("{\"description\": null}");
		assertThat(patch).as("\"description\": null removes the description (RFC 7396)")
			.isEqualTo(new TodoPatch(null, null, true, null));
		assertThat(patch.isEmpty()).isFalse();
	}

	@Test
	void aNullTitleCannotBeRemoved() {
		assertInvalid("{\"title\": null}", Map.of("title", "Title cannot be removed"));
	}

	@Test
	void aNullCompletedIsRefused() {
		assertInvalid("{\"completed\": null}", Map.of("completed", "Completed must be true or false"));
	}

	@Test
	void wrongTypesAreNamedFieldByField() {
		assertInvalid("{\"title\": 5, \"description\": [], \"completed\": \"yes\"}",
				Map.of("title", "Title must be text", "description", "Description must be text or null", "completed",
						"Completed must be true or false"));
	}

	@Test
	void aPatchMustBeAnObject() {
		for (String body : List.of("[]", "\"title\"", "null", "42")) {
			assertInvalid(body, Map.of("", "A merge patch of a todo must be a JSON object"));
		}
		assertThatThrownBy(() -> TodoPatch.parse(null, this.validator)).isInstanceOf(InvalidFieldsException.class);
	}

	@Test
	void aTooLongTitleIsRefusedInPlainWords() {
		String title = "x".repeat(TodoText.TITLE_MAX + 1);
		assertInvalid("{\"title\": \"" + title + "\"}", Map.of("title", "Title must be 1 to 100 characters"));
	}

	@Test
	void aTooLongDescriptionAndABlankTitleAreRefusedTogether() {
		String description = "d".repeat(TodoText.DESCRIPTION_MAX + 1);
		assertThatThrownBy(() -> parse("{\"title\": \" \", \"description\": \"" + description + "\"}"))
			.isInstanceOfSatisfying(InvalidFieldsException.class, (ex) -> assertThat(errors(ex))
				.as("the client learns every bad field in one answer")
				.containsExactly(Map.of("field", "title", "message", "Title must not be blank"),
						Map.of("field", "description", "message", "Description must be at most 255 characters")));
	}

	@Test
	void anEmptyPatchIsEmpty() {
		assertThat(parse("{}").isEmpty()).as("an empty patch changes nothing and publishes nothing").isTrue();
		assertThat(parse("{\"unknown\": 1}").isEmpty()).isTrue();
		assertThat(parse("{\"completed\": false}").isEmpty()).isFalse();
	}

	@Test
	void putWithoutDescriptionLeavesIt() {
		TodoPatch patch = TodoPatch.of(request("{\"title\": \"New\"}"));
		assertThat(patch).as("a PUT without description keeps the stored one")
			.isEqualTo(new TodoPatch("New", null, false, null));
	}

	@Test
	void putWithANullDescriptionRemovesIt() {
		TodoPatch patch = TodoPatch.of(request("{\"title\": \"New\", \"description\": null, \"completed\": true}"));
		assertThat(patch).as("a PUT with \"description\": null removes it")
			.isEqualTo(new TodoPatch("New", null, true, true));
	}

	@Test
	void putWithADescriptionSetsIt() {
		assertThat(TodoPatch.of(request("{\"title\": \"New\", \"description\": \"D\"}")))
			.isEqualTo(new TodoPatch("New", "D", false, null));
	}

	private TodoPatch parse(String json) {
		return TodoPatch.parse(JSON.readTree(json), this.validator);
	}

	private static TodoRequest request(String json) {
		return JSON.readValue(json, TodoRequest.class);
	}

	private void assertInvalid(String json, Map<String, String> messagesByField) {
		assertThatThrownBy(() -> parse(json)).as("patch %s", json)
			.isInstanceOfSatisfying(InvalidFieldsException.class, (ex) -> {
				assertThat(ex.getStatusCode().value()).isEqualTo(422);
				assertThat(errors(ex)).as("a 422 must name each bad field and why")
					.containsExactlyInAnyOrderElementsOf(messagesByField.entrySet()
						.stream()
						.map((entry) -> Map.of("field", entry.getKey(), "message", entry.getValue()))
						.toList());
			});
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, String>> errors(InvalidFieldsException ex) {
		return (List<Map<String, String>>) ex.getBody().getProperties().get("errors");
	}

}
