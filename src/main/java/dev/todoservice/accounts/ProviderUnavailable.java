package dev.todoservice.accounts;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A token that cannot be checked because the OpenID provider does not answer (its
 * discovery document or keys) is the service's trouble, not the client's: 503 with
 * {@code Retry-After}, as for a database that is down, rather than a 401 or a 500.
 */
final class ProviderUnavailable extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(ProviderUnavailable.class);

	private final ProblemAnswers answers;

	ProviderUnavailable(ProblemAnswers answers) {
		this.answers = answers;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (JwtDecoderInitializationException | AuthenticationServiceException ex) {
			// The cause names the provider's URL, never the token.
			log.warn("OpenID provider unavailable: {}", ex.getMessage());
			if (response.isCommitted()) {
				throw ex;
			}
			this.answers.unavailable(request, response);
		}
	}

}
