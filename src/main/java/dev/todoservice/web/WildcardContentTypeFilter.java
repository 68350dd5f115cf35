package dev.todoservice.web;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Answers 415 to a request whose Content-Type is a wildcard ({@code *}{@code /*},
 * {@code application/*}): no body has such a type, and Spring MVC fails on one with an
 * IllegalArgumentException, a 500, wherever it reads the request's headers
 * (spring-framework#27957, open).
 */
final class WildcardContentTypeFilter extends OncePerRequestFilter {

	private final HandlerExceptionResolver problems;

	WildcardContentTypeFilter(HandlerExceptionResolver problems) {
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (isWildcard(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
			HttpMediaTypeNotSupportedException ex = new HttpMediaTypeNotSupportedException(
					"Content-Type must name one type, not a wildcard", List.of(MediaType.APPLICATION_JSON));
			if (this.problems.resolveException(request, response, null, ex) == null) {
				response.sendError(HttpStatus.UNSUPPORTED_MEDIA_TYPE.value());
			}
			return;
		}
		chain.doFilter(request, response);
	}

	private static boolean isWildcard(@Nullable String contentType) {
		if (contentType == null) {
			return false;
		}
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			return type.isWildcardType() || type.isWildcardSubtype();
		}
		catch (InvalidMediaTypeException ex) {
			return false; // Spring answers an unparseable type with 415 itself
		}
	}

}
