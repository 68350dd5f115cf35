package dev.todoservice.system.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import dev.todoservice.system.infrastructure.OpenIdIssuer;

/**
 * How the benchmark's clients reach the todo routes: signed in (the service's default;
 * each load client with a token of a subject of its own, so each is an owner of its own)
 * or in the open mode ({@code TODO_AUTH=none}, one shared owner, no token).
 */
final class SignIn implements AutoCloseable {

	/** The open mode's one owner: the service's default {@code todo.shared-owner}. */
	static final String SHARED_OWNER = "shared";

	private final OpenIdIssuer issuer;

	private final Map<Integer, String> tokens = new HashMap<>();

	private SignIn(OpenIdIssuer issuer) {
		this.issuer = issuer;
	}

	/** Sign-in on: an issuer of the run's own, started now. */
	static SignIn on() {
		return new SignIn(OpenIdIssuer.start());
	}

	/** The open mode. */
	static SignIn off() {
		return new SignIn(null);
	}

	boolean enabled() {
		return this.issuer != null;
	}

	String label() {
		return enabled() ? "sign-in on, one token per client" : "open mode (TODO_AUTH=none)";
	}

	/**
	 * The service's environment for this mode, with the per-owner limits out of the way:
	 * the benchmark's few owners send far more than a person would, and a throttled
	 * figure would measure the limit, not the service (unknown settings are ignored by a
	 * build without them). They are raised out of reach rather than turned off, so that
	 * each request still pays its checks, as by default.
	 */
	Map<String, String> serviceEnvironment() {
		Map<String, String> environment = new HashMap<>();
		// ServiceProcess turns the rate limit off unless told.
		environment.put("TODO_RATE_LIMIT_ENABLED", "true");
		environment.put("TODO_RATE_LIMIT_REQUESTS_PER_SECOND", "1000000000");
		environment.put("TODO_RATE_LIMIT_BURST", "1000000000");
		environment.put("TODO_MAX_TODOS_PER_OWNER", "1000000000");
		if (enabled()) {
			environment.putAll(this.issuer.serviceEnvironment());
		}
		else {
			environment.put("TODO_AUTH", "none");
		}
		return environment;
	}

	/**
	 * Client {@code client}'s bearer token (subject {@code bench-client-<n>}), or null.
	 */
	synchronized String token(int client) {
		if (!enabled()) {
			return null;
		}
		return this.tokens.computeIfAbsent(client, (n) -> this.issuer.token(subject(n)));
	}

	/** The owner the service stores for client {@code client}'s requests. */
	String owner(int client) {
		return enabled() ? this.issuer.owner(subject(client)) : SHARED_OWNER;
	}

	/** The tokens of clients 0 to {@code clients} - 1; empty in the open mode. */
	List<String> tokens(int clients) {
		return enabled() ? IntStream.range(0, clients).mapToObj(this::token).toList() : List.of();
	}

	/** The distinct owners of clients 0 to {@code clients} - 1. */
	List<String> owners(int clients) {
		List<String> owners = new ArrayList<>();
		for (int client = 0; client < (enabled() ? clients : 1); client++) {
			owners.add(owner(client));
		}
		return owners;
	}

	private static String subject(int client) {
		return "bench-client-" + client;
	}

	@Override
	public void close() {
		if (this.issuer != null) {
			this.issuer.close();
		}
	}

}
