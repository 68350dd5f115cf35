package dev.todoservice.accounts;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The loops answer exactly as the patterns of Spring Security they replace (copied from
 * StrictHttpFirewall and DefaultBearerTokenResolver), on edge cases and random text.
 */
class FastChecksTests {

	private static final Pattern HEADER_NAME = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

	private static final Pattern HEADER_VALUE = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

	private static final Pattern BEARER = Pattern.compile("^Bearer (?<token>[a-zA-Z0-9-._~+/]+=*)$",
			Pattern.CASE_INSENSITIVE);

	@Test
	void headerChecksAnswerAsTheFirewallsPatterns() {
		for (String text : samples("\t\u0000\u001f\u007f\u0085\u00a0\u2028\u0378\ud800\udc00\ud83d\ude00 aZ~")) {
			assertThat(FastChecks.headerName(text)).as("header name %s", escaped(text))
				.isEqualTo(HEADER_NAME.matcher(text).matches());
			assertThat(FastChecks.headerValue(text)).as("header value %s", escaped(text))
				.isEqualTo(HEADER_VALUE.matcher(text).matches());
		}
	}

	@Test
	void aBearerTokenIsTakenAsTheLibrarysPatternTakesIt() {
		for (String text : samples("Bearer aZ09-._~+/= \t\u00e9")) {
			String header = text.startsWith("Bearer") ? text : "Bearer " + text;
			assertThat(FastChecks.BearerTokens.b64token(header, 7) && header.regionMatches(true, 0, "Bearer ", 0, 7))
				.as("Authorization: %s", escaped(header))
				.isEqualTo(BEARER.matcher(header).matches());
		}
	}

	@Test
	void theResolverGivesTheTokenOrTheLibrarysAnswer() {
		FastChecks.BearerTokens tokens = new FastChecks.BearerTokens();
		assertThat(tokens.resolve(request("bearer abc.DEF-_~+/=="))).isEqualTo("abc.DEF-_~+/==");
		assertThat(tokens.resolve(request(null))).as("no Authorization header").isNull();
		assertThat(tokens.resolve(request("Basic YWxpY2U6cw=="))).as("another scheme").isNull();
		assertThatExceptionOfType(OAuth2AuthenticationException.class).as("a malformed token")
			.isThrownBy(() -> tokens.resolve(request("Bearer a b")));
	}

	private static MockHttpServletRequest request(String authorization) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/todos/");
		if (authorization != null) {
			request.addHeader("Authorization", authorization);
		}
		return request;
	}

	/** Edge cases, then random strings of the given characters and random code points. */
	private static List<String> samples(String alphabet) {
		List<String> samples = new ArrayList<>(List.of("", " ", "Bearer ", "Bearer =", "Bearer a=b", "Bearer a==",
				"BEARER x", "Bearer  x", "plain", "tab\tinside", "\ud800", "x\udc00", "\uffff", "\u0378"));
		Random random = new Random(42);
		int[] codePoints = alphabet.codePoints().toArray();
		for (int i = 0; i < 20_000; i++) {
			StringBuilder text = new StringBuilder();
			int length = random.nextInt(12);
			for (int j = 0; j < length; j++) {
				text.appendCodePoint(random.nextInt(4) == 0 ? random.nextInt(0x30000)
						: codePoints[random.nextInt(codePoints.length)]);
			}
			samples.add(text.toString());
		}
		return samples;
	}

	private static String escaped(String text) {
		StringBuilder escaped = new StringBuilder();
		text.chars()
			.forEach((c) -> escaped
				.append((c >= 0x20 && c < 0x7f) ? String.valueOf((char) c) : String.format("\\u%04x", c)));
		return escaped.toString();
	}

}
