package dev.todoservice.accounts;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

/**
 * The web app's one client registration ({@link AuthSettings#REGISTRATION_ID}), read from
 * the provider's discovery document at the first sign-in rather than at start (so the
 * service starts while its provider is still coming up), then kept. PKCE is asked for
 * even though the client is confidential.
 */
final class ProviderClientRegistrations implements ClientRegistrationRepository {

	private final AuthSettings settings;

	private volatile @Nullable ClientRegistration registration;

	ProviderClientRegistrations(AuthSettings settings) {
		this.settings = settings;
	}

	@Override
	public @Nullable ClientRegistration findByRegistrationId(String registrationId) {
		if (!AuthSettings.REGISTRATION_ID.equals(registrationId)) {
			return null;
		}
		ClientRegistration found = this.registration;
		if (found == null) {
			found = discover();
			this.registration = found;
		}
		return found;
	}

	private ClientRegistration discover() {
		String secret = this.settings.clientSecret();
		ClientRegistration.Builder builder = ClientRegistrations.fromIssuerLocation(this.settings.issuer())
			.registrationId(AuthSettings.REGISTRATION_ID)
			.clientId(this.settings.clientId())
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
			// The subject is all the service needs; a provider may refuse scopes it does
			// not
			// offer.
			.scope("openid")
			.clientSettings(ClientRegistration.ClientSettings.builder().requireProofKey(true).build());
		if (secret == null || secret.isEmpty()) {
			builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
		}
		else {
			builder.clientSecret(secret).clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
		}
		return builder.build();
	}

}
