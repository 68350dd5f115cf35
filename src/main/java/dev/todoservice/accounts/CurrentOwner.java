package dev.todoservice.accounts;

import dev.todoservice.todo.Owner;
import dev.todoservice.todo.TodoSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/** The owner of the request being served: every query and change is scoped by it. */
@Component
public class CurrentOwner {

	private final @Nullable Owner shared;

	CurrentOwner(AuthSettings auth, TodoSettings settings) {
		this.shared = (auth.mode() == AuthSettings.Mode.NONE) ? settings.shared() : null;
	}

	/**
	 * The shared owner in the open mode, else the signed-in one: a bearer token's or a
	 * browser session's issuer and subject.
	 * @throws AuthenticationCredentialsNotFoundException when nobody is signed in (a 401
	 * on the way out; the security filters let no such request reach a todo route)
	 */
	public Owner get() {
		if (this.shared != null) {
			return this.shared;
		}
		Owner owner = of(SecurityContextHolder.getContext().getAuthentication());
		if (owner == null) {
			throw new AuthenticationCredentialsNotFoundException("Not signed in");
		}
		return owner;
	}

	/** The owner an authentication names, or null when it names none. */
	static @Nullable Owner of(@Nullable Authentication authentication) {
		if (authentication == null || !authentication.isAuthenticated()) {
			return null;
		}
		Object principal = authentication.getPrincipal();
		if (principal instanceof Jwt jwt) {
			return owner(jwt.getClaimAsString("iss"), jwt.getSubject());
		}
		if (principal instanceof OidcUser user) {
			return owner(user.getIdToken().getClaimAsString("iss"), user.getSubject());
		}
		return null;
	}

	/** Null unless both are there and make a valid owner (see Owner's rules). */
	static @Nullable Owner owner(@Nullable String issuer, @Nullable String subject) {
		if (issuer == null || subject == null || subject.isEmpty()) {
			return null;
		}
		try {
			return Owner.of(issuer, subject);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
