package dev.todoservice.todo;

/**
 * Whose a todo is: the signed-in account, named by its OpenID provider's issuer and its
 * subject there ({@code <issuer>#<subject>}), or the shared owner of the open mode
 * ({@code TODO_AUTH=none}) and of records and rows written without one.
 *
 * @param id the owner's name as stored and as it travels in the Kafka records
 */
public record Owner(String id) {

	/** Longer names are refused: they would bloat every row, record and notification. */
	public static final int MAX_LENGTH = 1000;

	public Owner {
		if (id.isBlank() || id.length() > MAX_LENGTH || id.indexOf('\u0000') >= 0) {
			throw new IllegalArgumentException("an owner is 1 to " + MAX_LENGTH + " characters without NUL");
		}
	}

	/** The owner an OpenID provider's token or sign-in names. */
	public static Owner of(String issuer, String subject) {
		return new Owner(issuer + "#" + subject);
	}

	@Override
	public String toString() {
		return this.id;
	}

}
