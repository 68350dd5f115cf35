package dev.todoservice.accounts;

/**
 * Sign-in is required ({@code TODO_AUTH} is not {@code none}) and no OpenID provider is
 * configured.
 */
class IssuerMissingException extends IllegalStateException {

	IssuerMissingException() {
		super("Sign-in is required (TODO_AUTH is not 'none') but no OpenID provider is configured "
				+ "(TODO_AUTH_ISSUER_URI is not set)");
	}

}
