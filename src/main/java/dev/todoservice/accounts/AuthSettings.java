package dev.todoservice.accounts;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sign-in settings (environment: {@code TODO_AUTH}, {@code TODO_AUTH_ISSUER_URI}, …).
 *
 * @param mode {@code oidc}: every todo route requires a signed-in owner (secure by
 * default); {@code none}: the origin's open API, one shared owner
 * @param issuerUri the OpenID provider's issuer, whose discovery document names its keys
 * and endpoints; required in {@code oidc} mode
 * @param audience the audience ({@code aud}) an access token must name to be accepted
 * @param clientId the web app's client at the provider (the service signs browsers in)
 * @param clientSecret that client's secret; without one it signs in as a public client
 * (PKCE alone)
 */
@ConfigurationProperties("todo.auth")
public record AuthSettings(@DefaultValue("oidc") Mode mode, @Nullable URI issuerUri,
		@DefaultValue("todo-service") String audience, @DefaultValue("todo-web") String clientId,
		@Nullable String clientSecret) {

	/** The registration id of the browser sign-in: {@code /oauth2/authorization/oidc}. */
	public static final String REGISTRATION_ID = "oidc";

	public AuthSettings {
		// Checked as the settings bind, so a missing issuer stops the start before
		// anything
		// connects anywhere.
		if (mode == Mode.OIDC && issuerUri == null) {
			throw new IssuerMissingException();
		}
	}

	/** {@link #issuerUri} in {@code oidc} mode, where the constructor made sure of it. */
	public String issuer() {
		if (this.issuerUri == null) {
			throw new IssuerMissingException();
		}
		return this.issuerUri.toString();
	}

	public enum Mode {

		/** The origin's open API: no sign-in, one shared owner. */
		NONE,

		/** Sign-in with an OpenID Connect provider. */
		OIDC

	}

}
