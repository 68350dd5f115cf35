package dev.todoservice.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.todoservice.todo.Todo;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How the API shows the model. */
@Configuration(proxyBeanMethods = false)
class ApiConfiguration {

	/**
	 * A todo's version travels as its ETag, not in the body (the origin's todo has no
	 * version).
	 */
	@Bean
	JsonMapperBuilderCustomizer todoWithoutVersion() {
		return (builder) -> builder.addMixIn(Todo.class, TodoRepresentation.class);
	}

	@JsonIgnoreProperties("version")
	private interface TodoRepresentation {

	}

}
