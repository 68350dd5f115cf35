package dev.todoservice.web;

import java.lang.annotation.Annotation;
import java.util.Arrays;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
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
		// A route that gives a problem response headers of its own (GET /todos/{id}'s
		// Retry-After) keeps its description of it, and gets the problem body.
		ApiResponse declared = operation.getResponses().get(code);
		ApiResponse response = (declared != null && declared.getHeaders() != null) ? declared
				: new ApiResponse().description(description);
		operation.getResponses()
			.addApiResponse(code, response.content(new Content().addMediaType("application/problem+json",
					new MediaType().schema(new Schema<>().$ref(PROBLEM)))));
	}

}
