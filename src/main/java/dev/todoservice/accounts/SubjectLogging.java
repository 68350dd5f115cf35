package dev.todoservice.accounts;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Names the signed-in subject in the log lines of the request ({@code %X{subject}} in
 * {@code logging.pattern.correlation}); never the token, cookie or session id.
 */
final class SubjectLogging extends OncePerRequestFilter {

	static final String KEY = "subject";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		var authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || CurrentOwner.of(authentication) == null) {
			chain.doFilter(request, response);
			return;
		}
		try (MDC.MDCCloseable subject = MDC.putCloseable(KEY, authentication.getName())) {
			chain.doFilter(request, response);
		}
	}

}
