package dev.todoservice.web;

import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes the OpenAPI document one that generated clients take as it is: each route once,
 * and only regular expressions every language reads.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiPortability {

	/**
	 * Unicode property classes: Java and ECMAScript know them, Python's {@code re} does
	 * not.
	 */
	private static final Pattern UNPORTABLE = Pattern.compile("\\\\[pP]\\{");

	/**
	 * Every route also answers with a trailing slash ({@code /todos} and
	 * {@code /todos/}); the document shows each route once, without it, under the
	 * operationId it declares (springdoc numbered the twins apart: {@code getTodo} and
	 * {@code getTodo_1}).
	 */
	@Bean
	OpenApiCustomizer oneRouteOnePath() {
		return (openApi) -> {
			Paths paths = openApi.getPaths();
			if (paths == null) {
				return;
			}
			for (String path : List.copyOf(paths.keySet())) {
				PathItem kept = (path.length() > 1 && path.endsWith("/"))
						? paths.get(path.substring(0, path.length() - 1)) : null;
				PathItem twinPath = paths.get(path);
				if (kept == null || twinPath == null) {
					continue;
				}
				paths.remove(path);
				Map<PathItem.HttpMethod, Operation> keptOperations = kept.readOperationsMap();
				twinPath.readOperationsMap().forEach((method, twin) -> {
					Operation operation = keptOperations.get(method);
					if (operation != null && twin.getOperationId() != null && operation.getOperationId() != null
							&& operation.getOperationId().startsWith(twin.getOperationId() + "_")) {
						operation.setOperationId(twin.getOperationId());
					}
				});
			}
		};
	}

	/**
	 * Bean Validation's {@code @Pattern} must match the whole value, a JSON Schema
	 * {@code pattern} only somewhere in it: the document's patterns are anchored. A
	 * pattern that only Java reads (such as {@code todo.TodoText}'s storable rule) leaves
	 * the document: the service checks it, the schema's description says it in words.
	 */
	@Bean
	OpenApiCustomizer portablePatterns() {
		return (openApi) -> {
			Set<Schema<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
			if (openApi.getComponents() != null && openApi.getComponents().getSchemas() != null) {
				openApi.getComponents().getSchemas().values().forEach((schema) -> portable(schema, seen));
			}
			if (openApi.getPaths() == null) {
				return;
			}
			openApi.getPaths().values().forEach((path) -> path.readOperations().forEach((operation) -> {
				if (operation.getParameters() != null) {
					operation.getParameters()
						.stream()
						.map(Parameter::getSchema)
						.forEach((schema) -> portable(schema, seen));
				}
				if (operation.getRequestBody() != null) {
					portable(operation.getRequestBody().getContent(), seen);
				}
				if (operation.getResponses() != null) {
					operation.getResponses().values().forEach((response) -> {
						portable(response.getContent(), seen);
						if (response.getHeaders() != null) {
							response.getHeaders().values().forEach((header) -> portable(header.getSchema(), seen));
						}
					});
				}
			}));
		};
	}

	private static void portable(Content content, Set<Schema<?>> seen) {
		if (content != null) {
			content.values().forEach((media) -> portable(media.getSchema(), seen));
		}
	}

	private static void portable(Schema<?> schema, Set<Schema<?>> seen) {
		if (schema == null || !seen.add(schema)) {
			return;
		}
		String pattern = schema.getPattern();
		if (pattern != null) {
			if (UNPORTABLE.matcher(pattern).find()) {
				schema.setPattern(null);
			}
			else if (!pattern.startsWith("^") || !pattern.endsWith("$")) {
				schema.setPattern("^(?:" + pattern + ")$");
			}
		}
		if (schema.getProperties() != null) {
			schema.getProperties().values().forEach((property) -> portable(property, seen));
		}
		portable(schema.getItems(), seen);
		if (schema.getAdditionalProperties() instanceof Schema<?> additional) {
			portable(additional, seen);
		}
		for (List<Schema> composed : Arrays.asList(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf())) {
			if (composed != null) {
				composed.forEach((part) -> portable(part, seen));
			}
		}
	}

}
