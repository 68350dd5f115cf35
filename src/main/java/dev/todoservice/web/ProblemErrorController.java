package dev.todoservice.web;

import java.net.URI;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers errors that happen outside Spring MVC's handlers (the servlet container's own,
 * such as an oversized header) as problem details too, instead of Boot's legacy error
 * JSON.
 */
@Hidden
@RestController
class ProblemErrorController implements ErrorController {

	private static final URI ABOUT_BLANK = URI.create("about:blank");

	@RequestMapping("${server.error.path:/error}")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		// No error dispatch at all: a client asked for /error itself, a path with nothing
		// behind it.
		HttpStatus status = (code == null) ? HttpStatus.NOT_FOUND
				: (code instanceof Integer value && HttpStatus.resolve(value) != null) ? HttpStatus.valueOf(value)
						: HttpStatus.INTERNAL_SERVER_ERROR;
		ProblemDetail problem = ProblemDetail.forStatus(status);
		if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri) {
			problem.setInstance(URI.create(uri.replaceAll("[^A-Za-z0-9/._~-]", "")));
		}
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(typed(problem));
	}

	/**
	 * Gives a problem without a type of its own the RFC 9110 section of its status as
	 * {@code type}.
	 */
	static ProblemDetail typed(ProblemDetail problem) {
		if (problem.getType() == null || ABOUT_BLANK.equals(problem.getType())) {
			problem.setType(URI.create("https://www.rfc-editor.org/rfc/rfc9110#status." + problem.getStatus()));
		}
		return problem;
	}

}
