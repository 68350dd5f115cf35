package dev.todoservice.web;

import java.lang.annotation.Annotation;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;

/**
 * The OpenAPI document at /openapi.json (Swagger UI at /docs), with the problem responses
 * of each route, in a shape client generators can use: one path per route, and only
 * regular expressions that Java, Python and ECMAScript read alike.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	private static final String PROBLEM = "#/components/schemas/Problem";

	/**
	 * Unicode property classes: Java and ECMAScript know them, Python's {@code re} does
	 * not.
	 */
	private static final Pattern UNPORTABLE = Pattern.compile("\\\\[pP]\\{");

	@Bean
	OpenAPI todoOpenApi() {
		return new OpenAPI().info(new Info().title("todo-service").version("v1").description("""
				Todos over an event-driven write path: every write is a Protobuf record on the Kafka topic \
				`todos2`, applied to PostgreSQL by the consumer; reads come from PostgreSQL. A write \
				answers once it is applied (201/200), or 202 with `Location` when the bounded wait runs \
				out. Errors are RFC 9457 `application/problem+json`."""));
	}

	@Bean
	OpenApiCustomizer problemSchema() {
		return (openApi) -> ModelConverters.getInstance()
			.readAll(Problem.class)
			.forEach((name, schema) -> openApi.getComponents().addSchemas(name, schema));
	}

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

	@Bean
	OperationCustomizer problemResponses() {
		return (operation, handler) -> {
			if (!AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), ProblemResponses.class)) {
				return operation;
			}
			// Through the handler's parameters, which also see annotations declared on an
			// interface it implements.
			boolean body = has(handler, RequestBody.class);
			boolean path = has(handler, PathVariable.class);
			boolean query = has(handler, RequestParam.class);
			if (body) {
				add(operation, "400", "Malformed JSON, or JSON over a parser limit (nesting, number length)");
				add(operation, "413", "The body is larger than `todo.http.max-body-size` (64 KiB by default)");
				add(operation, "415", "The body is not JSON");
			}
			if (path) {
				add(operation, "404", "No todo with this id");
			}
			if (body || path || query) {
				add(operation, "422", "Validation failed; `errors` names each field");
			}
			boolean ifMatch = Arrays.stream(handler.getMethodParameters())
				.map((parameter) -> parameter.getParameterAnnotation(RequestHeader.class))
				.anyMatch((header) -> header != null && HttpHeaders.IF_MATCH.equalsIgnoreCase(header.name()));
			if (ifMatch) {
				add(operation, "412", "If-Match does not match the todo's version");
			}
			add(operation, "503", "The database or Kafka is unavailable; nothing was changed. Retry later.");
			return operation;
		};
	}

	private static boolean has(HandlerMethod handler, Class<? extends Annotation> type) {
		return Arrays.stream(handler.getMethodParameters())
			.anyMatch((parameter) -> parameter.hasParameterAnnotation(type));
	}

	private static void add(Operation operation, String code, String description) {
		if (operation.getResponses() == null) {
			operation.setResponses(new ApiResponses());
		}
		operation.getResponses()
			.addApiResponse(code,
					new ApiResponse().description(description)
						.content(new Content().addMediaType("application/problem+json",
								new MediaType().schema(new Schema<>().$ref(PROBLEM)))));
	}

}
