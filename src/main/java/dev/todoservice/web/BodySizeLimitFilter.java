package dev.todoservice.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Answers 413 to a request body over {@code todo.http.max-body-size}: before reading when
 * Content-Length declares it, and as the bytes are read when it does not (chunked).
 * Hand-written because nothing on this stack limits a JSON body: Tomcat's
 * {@code maxPostSize} (Boot's {@code server.tomcat.max-http-form-post-size}) only covers
 * form and multipart parameters, its {@code maxSwallowSize} only what it discards after a
 * response, and Spring MVC has no limit at all.
 */
final class BodySizeLimitFilter extends OncePerRequestFilter {

	private final long limit;

	private final HandlerExceptionResolver problems;

	/**
	 * @param limit the largest body, in bytes
	 * @param problems Spring MVC's exception resolvers, so a 413 found here is answered
	 * by {@link ProblemHandler} exactly like one found while a controller reads the body
	 */
	BodySizeLimitFilter(long limit, HandlerExceptionResolver problems) {
		this.limit = limit;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > this.limit) {
			if (this.problems.resolveException(request, response, null,
					new BodyTooLargeException(this.limit)) == null) {
				response.sendError(HttpStatus.CONTENT_TOO_LARGE.value());
			}
			return;
		}
		chain.doFilter(new LimitedBodyRequest(request, this.limit), response);
	}

}
