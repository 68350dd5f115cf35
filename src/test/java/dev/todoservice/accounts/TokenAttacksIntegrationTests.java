package dev.todoservice.accounts;

import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.todoservice.infrastructure.Http;
import dev.todoservice.infrastructure.OpenIdProvider;
import dev.todoservice.infrastructure.SignedInIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.todoservice.infrastructure.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forged and broken bearer tokens against the signed-in service: each is a 401
 * problem+json with {@code WWW-Authenticate: Bearer} and no word on what was wrong with
 * it. The forgeries are signed with the provider's real key wherever the point is the
 * claims, so that only the claim under attack is wrong (a control token made the same way
 * is accepted).
 */
@SignedInIntegrationTest
class TokenAttacksIntegrationTests {

	static final String ROUTE = "/todos/";

	@LocalServerPort
	int port;

	Http http;

	OpenIdProvider provider = OpenIdProvider.shared();

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
	}

	@Test
	void aForgeryWithTheRightClaimsAndTheProvidersKeyIsAccepted() throws Exception {
		// The control: what the attacks below change is all that is wrong with them.
		Http.Response response = get(signed(claims(UnaryOperator.identity())));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
	}

	@Test
	void noToken() {
		assertRefused(this.http.get(ROUTE));
	}

	@Test
	void anExpiredToken() throws Exception {
		Instant past = Instant.now().minusSeconds(3600);
		assertRefused(get(signed(claims((claims) -> claims.issueTime(Date.from(past))
			.notBeforeTime(Date.from(past))
			.expirationTime(Date.from(past.plusSeconds(300)))))));
	}

	@Test
	void aTokenNotYetValid() throws Exception {
		Instant later = Instant.now().plusSeconds(3600);
		assertRefused(get(signed(claims((claims) -> claims.notBeforeTime(Date.from(later))
			.expirationTime(Date.from(later.plusSeconds(300)))))));
	}

	@Test
	void aTokenOfAnotherIssuer() throws Exception {
		assertRefused(get(signed(claims((claims) -> claims.issuer("https://accounts.example.com")))));
	}

	@Test
	void aTokenForAnotherAudience() throws Exception {
		assertRefused(get(signed(claims((claims) -> claims.audience(List.of("another-service"))))));
	}

	@Test
	void anUnsignedToken() {
		// alg: none
		assertRefused(get(new PlainJWT(claims(UnaryOperator.identity())).serialize()));
	}

	@Test
	void anHs256TokenSignedWithTheProvidersPublicKey() throws Exception {
		// The classic confusion: a verifier that took the public key as an HMAC secret
		// would accept it.
		RSAKey key = this.provider.signingKey();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build(),
				claims(UnaryOperator.identity()));
		jwt.sign(new MACSigner(key.toRSAPublicKey().getEncoded()));
		assertRefused(get(jwt.serialize()));
	}

	@Test
	void aTamperedPayload() throws Exception {
		String[] parts = signed(claims(UnaryOperator.identity())).split("\\.");
		String otherSubject = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(claims((claims) -> claims.subject("bob")).toString().getBytes());
		assertRefused(get(parts[0] + "." + otherSubject + "." + parts[2]));
	}

	@Test
	void aTokenSignedWithAnUnknownKey() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		var pair = generator.generateKeyPair();
		RSAKey unknown = new RSAKey.Builder((RSAPublicKey) pair.getPublic())
			.privateKey((RSAPrivateKey) pair.getPrivate())
			.keyID("unknown-" + UUID.randomUUID())
			.build();
		assertRefused(get(signed(claims(UnaryOperator.identity()), unknown)));
	}

	@Test
	void aTokenWhoseSubjectMakesNoValidOwner() throws Exception {
		assertRefused(get(signed(claims((claims) -> claims.subject("nul\u0000byte")))));
	}

	@Test
	void garbage() {
		assertRefused(get("not-a-jwt"));
	}

	private void assertRefused(Http.Response response) {
		assertProblem(response, 401);
		String challenge = response.header("WWW-Authenticate");
		assertThat(challenge).as(response.toString()).startsWith("Bearer");
		assertThat(challenge).as("no hint beyond the error code: " + response).doesNotContain("error_description");
	}

	private Http.Response get(String token) {
		return this.http.request("GET", ROUTE, null, "Authorization", "Bearer " + token);
	}

	private JWTClaimsSet claims(UnaryOperator<JWTClaimsSet.Builder> change) {
		Instant now = Instant.now();
		return change
			.apply(new JWTClaimsSet.Builder().issuer(this.provider.issuer())
				.subject("mallory")
				.audience(List.of(OpenIdProvider.AUDIENCE))
				.issueTime(Date.from(now))
				.notBeforeTime(Date.from(now))
				.expirationTime(Date.from(now.plusSeconds(300)))
				.jwtID(UUID.randomUUID().toString()))
			.build();
	}

	private String signed(JWTClaimsSet claims) throws Exception {
		return signed(claims, this.provider.signingKey());
	}

	private static String signed(JWTClaimsSet claims, RSAKey key) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

}
