package dev.todoservice.accounts;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;

/** The request's log lines name the subject, and only while it is served. */
class SubjectLoggingTests {

	@AfterEach
	void signOut() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void theSubjectIsInTheMdcWhileTheRequestIsServed() throws Exception {
		Jwt jwt = Jwt.withTokenValue("secret-token-value")
			.header("alg", "RS256")
			.issuer("http://localhost:9000")
			.subject("alice")
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(60))
			.build();
		SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(jwt, List.of(), "alice"));
		AtomicReference<String> seen = new AtomicReference<>();

		new SubjectLogging().doFilter(new MockHttpServletRequest(), new MockHttpServletResponse(),
				(request, response) -> seen.set(MDC.get(SubjectLogging.KEY)));

		assertThat(seen.get()).isEqualTo("alice");
		assertThat(MDC.get(SubjectLogging.KEY)).as("left behind for the thread's next request").isNull();
	}

	@Test
	void anAnonymousRequestNamesNoSubject() throws Exception {
		AtomicReference<String> seen = new AtomicReference<>("unset");
		new SubjectLogging().doFilter(new MockHttpServletRequest(), new MockHttpServletResponse(),
				(request, response) -> seen.set(MDC.get(SubjectLogging.KEY)));
		assertThat(seen.get()).isNull();
	}

}
