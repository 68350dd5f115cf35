package dev.todoservice.web;

import java.io.IOException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Security headers on every response the application writes, errors and 404s included (it
 * runs on the error dispatch too): no MIME sniffing, no framing, no referrer, and a
 * Content-Security-Policy that lets an API response load nothing, and Swagger UI and the
 * web app load only their own files. Spring Security would do the same, but is not worth
 * its weight here: the service has no users yet.
 */
final class SecurityHeadersFilter extends HttpFilter {

	/**
	 * JSON needs nothing; should a browser ever render a response, it runs and embeds
	 * nothing.
	 */
	static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";

	/**
	 * Swagger UI: its own scripts (it has no inline ones), its own styles plus the inline
	 * styles it sets, {@code data:} images for the icons in its CSS, and fetches of the
	 * OpenAPI document from here.
	 */
	static final String PAGE_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
			+ "frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

	/**
	 * The web app at /app/: only its own files, no inline script or style at all, and
	 * fetches and the event stream to this origin.
	 */
	static final String APP_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
			+ "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

	@Override
	protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		apply(response, policy(request));
		chain.doFilter(request, response);
	}

	/**
	 * Sets the headers, replacing any earlier values; also used for errors Tomcat answers
	 * itself.
	 */
	static void apply(HttpServletResponse response, String policy) {
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("X-Frame-Options", "DENY");
		response.setHeader("Referrer-Policy", "no-referrer");
		response.setHeader("Content-Security-Policy", policy);
	}

	private static String policy(HttpServletRequest request) {
		if (request.getDispatcherType() == DispatcherType.ERROR) {
			return API_POLICY; // an error is problem+json, whatever page was asked for
		}
		// The servlet path is decoded and normalized, unlike the request URI:
		// /swagger-ui/../todos/ is /todos/.
		String path = request.getServletPath() + ((request.getPathInfo() != null) ? request.getPathInfo() : "");
		if (path.equals("/app") || path.startsWith("/app/")) {
			return APP_POLICY;
		}
		return (path.equals("/docs") || path.startsWith("/swagger-ui/")) ? PAGE_POLICY : API_POLICY;
	}

}
