package dev.todoservice.system.infrastructure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Date;
import java.util.Map;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The issuer's token verifies the way the service checks one: discovery document, then
 * its JWKS, then the signature and claims.
 */
class OpenIdIssuerTests {

	private final HttpClient client = HttpClient.newHttpClient();

	@Test
	void tokenVerifiesAgainstTheKeysItsDiscoveryDocumentNames() throws Exception {
		try (OpenIdIssuer issuer = OpenIdIssuer.start()) {
			Map<String, Object> discovery = JSONObjectUtils
				.parse(get(issuer.issuer() + "/.well-known/openid-configuration"));
			assertThat(discovery).containsEntry("issuer", issuer.issuer());
			JWKSet keys = JWKSet.parse(get((String) discovery.get("jwks_uri")));

			SignedJWT token = SignedJWT.parse(issuer.token("client-1"));

			RSAKey key = (RSAKey) keys.getKeyByKeyId(token.getHeader().getKeyID());
			assertThat(key).isNotNull();
			assertThat(key.isPrivate()).isFalse();
			assertThat(token.verify(new RSASSAVerifier(key))).isTrue();
			assertThat(token.getJWTClaimsSet().getIssuer()).isEqualTo(issuer.issuer());
			assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo("client-1");
			assertThat(token.getJWTClaimsSet().getAudience()).containsExactly(OpenIdIssuer.AUDIENCE);
			assertThat(token.getJWTClaimsSet().getExpirationTime())
				.isAfter(new Date(System.currentTimeMillis() + 3_600_000));
			assertThat(issuer.owner("client-1")).isEqualTo(issuer.issuer() + "#client-1");
		}
	}

	private String get(String url) throws Exception {
		HttpResponse<String> response = this.client.send(HttpRequest.newBuilder(URI.create(url)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

}
