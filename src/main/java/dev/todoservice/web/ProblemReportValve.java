package dev.todoservice.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Answers the errors Tomcat finds before any filter or servlet sees the request (a
 * malformed request line or header, a path with an encoded slash, NUL or a {@code ..}
 * above the root, an unsupported HTTP version) as problem details with the security
 * headers, where Tomcat's own valve writes an HTML page. Hand-written because these
 * requests never reach Spring, and Tomcat's only hook for their answer is a valve.
 */
final class ProblemReportValve extends ErrorReportValve {

	private final JsonMapper json;

	ProblemReportValve(JsonMapper json) {
		this.json = json;
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		// As Tomcat's valve: only an error nobody has answered yet, and only while the
		// connection can take it.
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(true);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		HttpStatus known = HttpStatus.resolve(status);
		ProblemDetail problem = ProblemErrorController
			.typed((known != null) ? ProblemDetail.forStatus(known) : ProblemDetail.forStatus(status));
		try {
			SecurityHeadersFilter.apply(response, SecurityHeadersFilter.API_POLICY);
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			Writer writer = response.getReporter(); // null when the application already
													// took the stream
			if (writer != null) {
				writer.write(this.json.writeValueAsString(problem));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The client is gone or the response is already on its way: nothing more can
			// be said.
		}
	}

}
