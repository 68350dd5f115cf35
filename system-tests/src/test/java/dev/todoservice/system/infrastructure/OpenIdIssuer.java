package dev.todoservice.system.infrastructure;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The system tests' OpenID issuer: one RSA key, its discovery document and JWKS on a free
 * loopback port, and RS256 access tokens for the load's clients. The service under test
 * is pointed at it ({@link #serviceEnvironment()}) and checks every token as it would a
 * real provider's (discovery, JWKS, signature, iss, aud, exp).
 * <p>
 * Hand-written rather than a real provider (Keycloak, Spring Authorization Server): the
 * load needs only the path a real token takes through the service, and a provider's JVM
 * would compete with the service for the 2 cores the figures are taken on.
 */
public final class OpenIdIssuer implements AutoCloseable {

	/** The audience the service accepts by default ({@code TODO_AUTH_AUDIENCE}). */
	public static final String AUDIENCE = "todo-service";

	/** Longer than any run, so no token expires under load. */
	private static final Duration LIFETIME = Duration.ofHours(12);

	private final RSAKey key;

	private final RSASSASigner signer;

	private final HttpServer server;

	private final String issuer;

	private OpenIdIssuer(RSAKey key, HttpServer server) throws JOSEException {
		this.key = key;
		this.signer = new RSASSASigner(key);
		this.server = server;
		this.issuer = "http://127.0.0.1:" + server.getAddress().getPort();
	}

	/** Generates a key and starts serving on a free port of 127.0.0.1. */
	public static OpenIdIssuer start() {
		try {
			RSAKey key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString())
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.generate();
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			OpenIdIssuer issuer = new OpenIdIssuer(key, server);
			// Both documents rendered now and served by threads of their own: the service
			// fetches them at its first token, when the load's threads are busiest.
			byte[] discovery = json(issuer.discovery());
			byte[] keys = json(new JWKSet(key.toPublicJWK()).toJSONObject(true));
			server.createContext("/.well-known/openid-configuration", (exchange) -> answer(exchange, discovery));
			server.createContext("/jwks", (exchange) -> answer(exchange, keys));
			server.setExecutor(Executors.newFixedThreadPool(2, (task) -> {
				Thread thread = new Thread(task, "openid-issuer");
				thread.setDaemon(true);
				return thread;
			}));
			server.start();
			return issuer;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The issuer's URL: the tokens' {@code iss} and the service's issuer URI. */
	public String issuer() {
		return this.issuer;
	}

	/**
	 * The environment that signs the service in with this issuer (sign-in is the
	 * service's default mode; the browser client's id has a default and needs no secret).
	 */
	public Map<String, String> serviceEnvironment() {
		return Map.of("TODO_AUTH", "oidc", "TODO_AUTH_ISSUER_URI", this.issuer, "TODO_AUTH_AUDIENCE", AUDIENCE);
	}

	/**
	 * The owner the service stores for a token of {@code subject}: as
	 * {@code dev.todoservice.todo.Owner.of} builds it.
	 */
	public String owner(String subject) {
		return this.issuer + "#" + subject;
	}

	/** A signed access token for {@code subject}, valid for the whole run. */
	public String token(String subject) {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(this.issuer)
			.subject(subject)
			.audience(AUDIENCE)
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now.minusSeconds(60)))
			.expirationTime(Date.from(now.plus(LIFETIME)))
			.jwtID(UUID.randomUUID().toString())
			.build();
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.key.getKeyID()).type(JOSEObjectType.JWT).build(),
				claims);
		try {
			jwt.sign(this.signer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	/**
	 * The discovery document's required fields; only issuer and jwks_uri are read for
	 * tokens.
	 */
	private Map<String, Object> discovery() {
		return Map.of("issuer", this.issuer, "jwks_uri", this.issuer + "/jwks", "authorization_endpoint",
				this.issuer + "/authorize", "token_endpoint", this.issuer + "/token", "response_types_supported",
				List.of("code"), "subject_types_supported", List.of("public"), "id_token_signing_alg_values_supported",
				List.of("RS256"));
	}

	private static byte[] json(Map<String, Object> json) {
		return JSONObjectUtils.toJSONString(json).getBytes(StandardCharsets.UTF_8);
	}

	private static void answer(HttpExchange exchange, byte[] body) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		if (this.server.getExecutor() instanceof ExecutorService executor) {
			executor.shutdownNow();
		}
	}

}
