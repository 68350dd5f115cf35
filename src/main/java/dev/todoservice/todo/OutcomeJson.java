package dev.todoservice.todo;

import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Outcomes (and what carries them) as JSON, with the todo's version, which the API's
 * representation leaves out. A mapper of its own so the API's customizations never change
 * what is stored or announced; it escapes non-ASCII so a payload's length in characters
 * is its length in bytes (NOTIFY counts bytes).
 */
@Component
public class OutcomeJson {

	private final JsonMapper json = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

	public String write(Object value) {
		return this.json.writeValueAsString(value);
	}

	public <T> T read(String text, Class<T> type) {
		return this.json.readValue(text, type);
	}

}
