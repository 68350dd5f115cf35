package dev.todoservice.accounts;

import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers the tokens the decoder has verified, until each one's {@code exp}, so a
 * client that sends the same access token with every request pays for the signature and
 * the claims once, not per request (what the check costs: docs/benchmark.md, "Sign-in on
 * vs open mode"). Keyed by the whole token: only the very same bytes hit, and a refused
 * token is never remembered. Bounded, so a flood of distinct tokens costs the decoder's
 * work, not memory.
 */
final class VerifiedTokens implements JwtDecoder {

	/**
	 * Room for every client of an instance that holds the 10,000 live browsers it is
	 * built for, each with its own token (docs/performance.md, live streams): with less,
	 * the clients in turn push each other out and most requests pay the signature again.
	 * Each is the token and its claims, a few KiB, and only a token that passed is kept.
	 */
	static final int MAX_TOKENS = 10_000;

	private final JwtDecoder decoder;

	private final Cache<String, Jwt> verified;

	VerifiedTokens(JwtDecoder decoder) {
		this.decoder = decoder;
		this.verified = Caffeine.newBuilder().maximumSize(MAX_TOKENS).expireAfter(new UntilExpiry()).build();
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		Jwt remembered = this.verified.getIfPresent(token);
		// The cache evicts on a coarse clock: never hand out a token at or past its exp.
		if (remembered != null && unexpired(remembered)) {
			return remembered;
		}
		Jwt jwt = this.decoder.decode(token);
		if (unexpired(jwt)) {
			this.verified.put(token, jwt);
		}
		return jwt;
	}

	private static boolean unexpired(Jwt jwt) {
		Instant expiresAt = jwt.getExpiresAt();
		return expiresAt != null && Instant.now().isBefore(expiresAt);
	}

	/** Gone at the token's {@code exp}; a token without one is not kept at all. */
	private static final class UntilExpiry implements Expiry<String, Jwt> {

		@Override
		public long expireAfterCreate(String token, Jwt jwt, long currentTime) {
			Instant expiresAt = jwt.getExpiresAt();
			return (expiresAt != null) ? Math.max(0, Duration.between(Instant.now(), expiresAt).toNanos()) : 0;
		}

		@Override
		public long expireAfterUpdate(String token, Jwt jwt, long currentTime, long currentDuration) {
			return currentDuration;
		}

		@Override
		public long expireAfterRead(String token, Jwt jwt, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
