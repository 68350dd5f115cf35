package dev.todoservice.accounts;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A start without an issuer ends in one readable line, not a stack trace. */
class IssuerMissingFailureAnalyzer extends AbstractFailureAnalyzer<IssuerMissingException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, IssuerMissingException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Set TODO_AUTH_ISSUER_URI to your OpenID provider's issuer (e.g. https://accounts.google.com), "
						+ "or TODO_AUTH=none for the open API without sign-in.",
				cause);
	}

}
