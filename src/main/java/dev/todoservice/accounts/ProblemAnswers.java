package dev.todoservice.accounts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * The security filters' answers in the tree's problem format: 401 with
 * {@code WWW-Authenticate: Bearer} (RFC 6750) for a missing or bad token or session, 403
 * for a refused request (a cookie-authenticated write without its CSRF token), 400 for
 * what the firewall rejects. The header carries the standard error code only: no
 * description of what was wrong with a token, which would help whoever forges one.
 */
final class ProblemAnswers implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler,
		HandlerExceptionResolver, Ordered {

	private final JsonMapper json;

	ProblemAnswers(JsonMapper json) {
		this.json = json;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
			throws IOException {
		String challenge = "Bearer";
		if (failure instanceof OAuth2AuthenticationException oauth) {
			// invalid_request (a malformed header) or invalid_token; both are 401 here.
			String code = oauth.getError().getErrorCode();
			challenge += " error=\"" + ("invalid_request".equals(code) ? code : "invalid_token") + "\"";
		}
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
		write(request, response, HttpStatus.UNAUTHORIZED,
				"Sign in, or send a valid bearer token (Authorization: Bearer <access token>)");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
			throws IOException {
		write(request, response, HttpStatus.FORBIDDEN,
				"Refused: a signed-in browser's write needs the X-XSRF-TOKEN header (the XSRF-TOKEN cookie's value)");
	}

	/** What Spring Security's firewall refuses (an encoded slash, a NUL, ...). */
	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
			throws IOException {
		write(request, response, HttpStatus.BAD_REQUEST, "Malformed request URL, header or form parameter");
	}

	/**
	 * The firewall checks a form body's parameter names lazily, when Spring MVC reads
	 * them inside the handler: that rejection reaches Spring MVC, not the filter chain's
	 * handler above, and would otherwise be answered as an unexpected failure (500).
	 */
	@Override
	public @Nullable ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response,
			@Nullable Object handler, Exception failure) {
		if (!(failure instanceof RequestRejectedException rejected)) {
			return null;
		}
		try {
			handle(request, response, rejected);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new ModelAndView();
	}

	/** Before Spring MVC's own resolvers, whose catch-all would make it a 500. */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	/** The OpenID provider does not answer ({@link ProviderUnavailable}). */
	void unavailable(HttpServletRequest request, HttpServletResponse response) throws IOException {
		response.setHeader(HttpHeaders.RETRY_AFTER, "5");
		write(request, response, HttpStatus.SERVICE_UNAVAILABLE,
				"The sign-in provider is unavailable; nothing was changed. Retry later.");
	}

	private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
			throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", status.getReasonPhrase());
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("instance", request.getRequestURI());
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getOutputStream().write(this.json.writeValueAsBytes(problem));
	}

}
