package dev.todoservice.infrastructure;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.client.ExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every answer of the service must look like under hostile input: errors as
 * problem+json with {@code type}, {@code title} and {@code status}, the security headers,
 * and nothing internal in the body.
 */
public final class ProblemAssertions {

	/** Text that only a stack trace, an SQL error or a class name would put in a body. */
	public static final List<String> LEAKS = List.of("Exception", "at org.", "SQLState", "org.postgresql", "ERROR:",
			"dev.todoservice");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ProblemAssertions() {
	}

	public static void assertProblem(Http.Response response, int status) {
		assertProblem(response.toString(), response.status(), response.contentType(), response.body(), status);
		assertSecurityHeaders(response.toString(), response::header);
	}

	/**
	 * An answer to a {@code RestTestClient}; its description shows request and answer.
	 */
	/** A web slice test's answer (MockMvcTester). */
	public static void assertProblem(MvcTestResult result, int status) {
		assertProblem(describe(result), result.getResponse().getStatus(), result.getResponse().getContentType(),
				body(result), result.getResponse()::getHeader, status);
	}

	public static String body(MvcTestResult result) {
		try {
			return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
		}
		catch (UnsupportedEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The request and its answer, for a failure message. */
	public static String describe(MvcTestResult result) {
		return result.getRequest().getMethod() + " " + result.getRequest().getRequestURI() + " -> "
				+ result.getResponse().getStatus() + " " + body(result);
	}

	public static void assertProblem(ExchangeResult result, int status) {
		byte[] body = result.getResponseBodyContent();
		HttpHeaders headers = result.getResponseHeaders();
		assertProblem(result.toString(), result.getStatus().value(), headers.getFirst(HttpHeaders.CONTENT_TYPE),
				(body != null) ? new String(body, StandardCharsets.UTF_8) : "", headers::getFirst, status);
	}

	public static void assertProblem(RawHttp.Response response, int status) {
		assertProblem(response.toString(), response.status(), response.contentType(), response.body(), status);
		assertSecurityHeaders(response.toString(), response::header);
	}

	/**
	 * For any client: what the request was (for the assertion messages), what came back.
	 */
	public static void assertProblem(String description, int actual, String contentType, String body,
			UnaryOperator<String> header, int status) {
		assertProblem(description, actual, contentType, body, status);
		assertSecurityHeaders(description, header);
	}

	private static void assertProblem(String description, int actual, String contentType, String body, int status) {
		assertThat(actual).as(description).isEqualTo(status);
		assertThat(contentType).as("problem+json: " + description).startsWith("application/problem+json");
		JsonNode problem = JSON.readTree(body);
		assertThat(problem.path("type").isString() && problem.path("title").isString())
			.as("type and title: " + description)
			.isTrue();
		assertThat(problem.path("status").asInt()).as("status in the body: " + description).isEqualTo(status);
		assertThat(body).as("no internals leak: " + description).doesNotContain(LEAKS);
	}

	/** The headers every response carries; API responses with the strict policy. */
	public static void assertSecurityHeaders(String description, UnaryOperator<String> header) {
		assertThat(header.apply("X-Content-Type-Options")).as(description).isEqualTo("nosniff");
		assertThat(header.apply("X-Frame-Options")).as(description).isEqualTo("DENY");
		assertThat(header.apply("Referrer-Policy")).as(description).isEqualTo("no-referrer");
		assertThat(header.apply("Content-Security-Policy")).as(description)
			.isEqualTo("default-src 'none'; frame-ancestors 'none'");
		assertThat(header.apply("Server")).as("no version banner: " + description).isNull();
		assertThat(header.apply("X-Powered-By")).as("no version banner: " + description).isNull();
	}

}
