package dev.todoservice.accounts;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.todoservice.todo.Owner;
import dev.todoservice.todo.TodoSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Whose request it is: the issuer and subject of a bearer token or of a browser's sign-in
 * (the same account is the same owner either way), the shared owner in the open mode, and
 * nobody's without sign-in.
 */
class CurrentOwnerTests {

	static final String ISSUER = "http://localhost:9000";

	static final TodoSettings TODO = new TodoSettings("todos2", 3, Duration.ofSeconds(5), Duration.ofSeconds(5),
			"/todo-service", Duration.ofHours(24), "shared");

	final CurrentOwner signedIn = new CurrentOwner(
			new AuthSettings(AuthSettings.Mode.OIDC, URI.create(ISSUER), "todo-service", "todo-web", null), TODO);

	@AfterEach
	void signOut() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void aBearerTokensIssuerAndSubject() {
		Jwt jwt = Jwt.withTokenValue("t")
			.header("alg", "RS256")
			.issuer(ISSUER)
			.subject("alice")
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(60))
			.build();
		SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(jwt, List.of(), "alice"));
		assertThat(this.signedIn.get()).isEqualTo(Owner.of(ISSUER, "alice"));
	}

	@Test
	void aBrowsersSignInIsTheSameOwner() {
		OidcIdToken id = OidcIdToken.withTokenValue("id")
			.issuer(ISSUER)
			.subject("alice")
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(60))
			.build();
		SecurityContextHolder.getContext()
			.setAuthentication(new OAuth2AuthenticationToken(new DefaultOidcUser(List.of(), id), List.of(), "oidc"));
		assertThat(this.signedIn.get()).isEqualTo(Owner.of(ISSUER, "alice"));
	}

	@Test
	void nobodyWithoutSignIn() {
		assertThatExceptionOfType(AuthenticationCredentialsNotFoundException.class).isThrownBy(this.signedIn::get);
	}

	@Test
	void theSharedOwnerInTheOpenMode() {
		CurrentOwner open = new CurrentOwner(
				new AuthSettings(AuthSettings.Mode.NONE, null, "todo-service", "todo-web", null), TODO);
		assertThat(open.get()).isEqualTo(new Owner("shared"));
	}

}
