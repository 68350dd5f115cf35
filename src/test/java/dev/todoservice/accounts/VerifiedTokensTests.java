package dev.todoservice.accounts;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class VerifiedTokensTests {

	private final AtomicInteger checks = new AtomicInteger();

	@Test
	void theSameTokenIsCheckedOnceUntilItExpires() {
		JwtDecoder tokens = new VerifiedTokens(decoderExpiringAt(Instant.now().plusSeconds(300)));
		Jwt first = tokens.decode("token-a");
		Jwt again = tokens.decode("token-a");
		assertThat(again).as("the remembered token").isSameAs(first);
		assertThat(this.checks).as("signature and claims checks for one token sent twice").hasValue(1);

		tokens.decode("token-b");
		assertThat(this.checks).as("another token is checked on its own").hasValue(2);
	}

	@Test
	void tenThousandClientsTakingTurnsAreEachCheckedOnce() {
		JwtDecoder tokens = new VerifiedTokens(decoderExpiringAt(Instant.now().plusSeconds(300)));
		for (int round = 0; round < 3; round++) {
			for (int client = 0; client < 10_000; client++) {
				tokens.decode("token-" + client);
			}
		}
		assertThat(this.checks)
			.as("signature checks for 10,000 signed-in clients (5,000 people with two tabs each) sending in turn")
			.hasValue(10_000);
	}

	@Test
	void aTokenAtOrPastItsExpiryIsCheckedEveryTime() {
		JwtDecoder tokens = new VerifiedTokens(decoderExpiringAt(Instant.now().minusSeconds(1)));
		tokens.decode("token-a");
		tokens.decode("token-a");
		assertThat(this.checks).as("checks for an expired token sent twice: never served from memory").hasValue(2);
	}

	@Test
	void aRefusedTokenIsNotRemembered() {
		JwtDecoder tokens = new VerifiedTokens((token) -> {
			this.checks.incrementAndGet();
			throw new BadJwtException("bad signature");
		});
		for (int i = 0; i < 2; i++) {
			assertThatExceptionOfType(BadJwtException.class).as("a forged token, each time it is sent")
				.isThrownBy(() -> tokens.decode("forged"));
		}
		assertThat(this.checks).hasValue(2);
	}

	private JwtDecoder decoderExpiringAt(Instant expiresAt) {
		return (token) -> {
			this.checks.incrementAndGet();
			return Jwt.withTokenValue(token)
				.header("alg", "RS256")
				.subject("alice")
				.issuedAt(expiresAt.minusSeconds(600))
				.expiresAt(expiresAt)
				.build();
		};
	}

}
