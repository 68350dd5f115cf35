package dev.todoservice.accounts;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * The same checks as Spring Security's firewall and bearer token resolver, as loops
 * instead of regular expressions: those matched every header value and every token
 * character by character on each request, a visible share of a create's CPU in a flight
 * recording (docs/performance.md). {@code FastChecksTests} holds them to the library's
 * own patterns.
 */
final class FastChecks {

	private FastChecks() {
	}

	/** The firewall's header names: {@code [\p{IsAssigned}&&[^\p{IsControl}]]*}. */
	static boolean headerName(String name) {
		return assignedAndNotControl(name, false);
	}

	/**
	 * The firewall's header values: {@code [\p{IsAssigned}&&[[^\p{IsControl}]||\t]]*}.
	 */
	static boolean headerValue(String value) {
		return assignedAndNotControl(value, true);
	}

	private static boolean assignedAndNotControl(String text, boolean tab) {
		for (int i = 0; i < text.length();) {
			char c = text.charAt(i);
			if (c >= 0x20 && c < 0x7f) {
				i++; // printable ASCII, nearly every character of a header
				continue;
			}
			int codePoint = text.codePointAt(i);
			int type = Character.getType(codePoint);
			if (type == Character.UNASSIGNED || (type == Character.CONTROL && !(tab && codePoint == '\t'))) {
				return false;
			}
			i += Character.charCount(codePoint);
		}
		return true;
	}

	/**
	 * A well-formed {@code Authorization: Bearer <token>} (RFC 6750's b64token) is taken
	 * as it is; anything else goes to Spring Security's resolver, for its exact answers
	 * (none, or "malformed").
	 */
	static final class BearerTokens implements BearerTokenResolver {

		private final DefaultBearerTokenResolver library = new DefaultBearerTokenResolver();

		@Override
		public @Nullable String resolve(HttpServletRequest request) {
			String header = request.getHeader(HttpHeaders.AUTHORIZATION);
			if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && b64token(header, 7)) {
				return header.substring(7);
			}
			return this.library.resolve(request);
		}

		/** {@code [a-zA-Z0-9-._~+/]+=*} from {@code start} to the end. */
		static boolean b64token(String text, int start) {
			int i = start;
			while (i < text.length() && tokenCharacter(text.charAt(i))) {
				i++;
			}
			if (i == start) {
				return false;
			}
			while (i < text.length() && text.charAt(i) == '=') {
				i++;
			}
			return i == text.length();
		}

		private static boolean tokenCharacter(char c) {
			return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
					|| c == '_' || c == '~' || c == '+' || c == '/';
		}

	}

}
