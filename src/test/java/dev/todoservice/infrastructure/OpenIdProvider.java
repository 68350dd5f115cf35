package dev.todoservice.infrastructure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.NoOpPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A real OpenID provider (Spring Security's authorization server) for dev mode and the
 * tests, in an application context and on a port of its own: the demo users
 * {@value #ALICE} and {@value #BOB} (password: the name + {@code -password}), the
 * service's confidential web client {@value #WEB_CLIENT} (authorization code with PKCE,
 * refresh tokens), and for the command line each demo user as a client-credentials client
 * of the same name and password, whose tokens have the same subject as the user's
 * sign-in. Access tokens name the audience {@value #AUDIENCE}.
 * <p>
 * No stereotype annotation anywhere here: the service's component scan, which covers this
 * package in dev mode and in the tests, must never pick the provider's beans up.
 */
public final class OpenIdProvider implements AutoCloseable {

	public static final String ALICE = "alice";

	public static final String BOB = "bob";

	public static final String WEB_CLIENT = "todo-web";

	public static final String WEB_CLIENT_SECRET = "todo-web-secret";

	public static final String AUDIENCE = "todo-service";

	/** Dev mode's provider, which README's curl line asks for a token. */
	public static final int DEV_PORT = 9000;

	private static OpenIdProvider shared;

	private final ConfigurableApplicationContext context;

	private final String issuer;

	private final RSAKey signingKey;

	private OpenIdProvider(ConfigurableApplicationContext context, String issuer, RSAKey signingKey) {
		this.context = context;
		this.issuer = issuer;
		this.signingKey = signingKey;
	}

	public static String password(String user) {
		return user + "-password";
	}

	/**
	 * Starts a provider on 127.0.0.1; its issuer is {@code http://<host>:<port>} exactly.
	 * @param host the issuer's host: {@code localhost} in dev mode, {@code 127.0.0.1} in
	 * the tests
	 * @param port the port, 0 for a free one
	 */
	public static OpenIdProvider start(String host, int port) {
		int bound = (port != 0) ? port : freePort();
		String issuer = "http://" + host + ":" + bound;
		RSAKey key = generateKey();
		SpringApplication application = new SpringApplication(Setup.class);
		application.setWebApplicationType(WebApplicationType.SERVLET);
		application.setBannerMode(org.springframework.boot.Banner.Mode.OFF);
		application.setMainApplicationClass(OpenIdProvider.class);
		// The service's context configures logging; a second configuration would undo its
		// pattern.
		List<ApplicationListener<?>> listeners = new ArrayList<>(application.getListeners());
		listeners.removeIf(LoggingApplicationListener.class::isInstance);
		application.setListeners(listeners);
		application.addInitializers((context) -> context.getBeanFactory().registerSingleton("signingKey", key));
		application.setDefaultProperties(Map.of("dev.openid.issuer", issuer));
		ConfigurableApplicationContext context = application.run("--spring.config.name=dev-openid-provider",
				"--server.address=127.0.0.1", "--server.port=" + bound,
				// Cookies do not keep ports apart: the service's session cookie is
				// SESSION.
				"--server.servlet.session.cookie.name=DEV_OPENID_SESSION", "--spring.application.name=dev-openid");
		return new OpenIdProvider(context, issuer, key);
	}

	/** One provider on a free port for all the tests of this JVM. */
	public static synchronized OpenIdProvider shared() {
		if (shared == null) {
			shared = start("127.0.0.1", 0);
		}
		return shared;
	}

	public String issuer() {
		return this.issuer;
	}

	public String tokenUri() {
		return this.issuer + "/oauth2/token";
	}

	/**
	 * An access token of the demo user, from the provider's token endpoint as the
	 * README's curl gets it (the user's client-credentials client).
	 */
	public String token(String user) {
		String basic = Base64.getEncoder()
			.encodeToString((user + ":" + password(user)).getBytes(StandardCharsets.UTF_8));
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(tokenUri()))
					.header("Authorization", "Basic " + basic)
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
					.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("no token for " + user + ": " + response.body());
			}
			return JsonMapper.builder().build().readTree(response.body()).path("access_token").asString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The key the provider signs tokens with (the tests forge tokens with it). */
	public RSAKey signingKey() {
		return this.signingKey;
	}

	@Override
	public void close() {
		this.context.close();
	}

	private static RSAKey generateKey() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KeyPair pair = generator.generateKeyPair();
			return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
				.keyID(UUID.randomUUID().toString())
				.build();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The provider's beans (lite configuration, registered only by {@link #start}). */
	@EnableWebSecurity
	@ImportAutoConfiguration({ PropertyPlaceholderAutoConfiguration.class,
			TomcatServletWebServerAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
			WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class,
			SecurityFilterAutoConfiguration.class })
	static class Setup {

		@Bean
		SecurityFilterChain provider(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.oauth2AuthorizationServer((server) -> server.oidc(Customizer.withDefaults()))
				.oauth2ResourceServer((server) -> server.jwt(Customizer.withDefaults()))
				.formLogin(Customizer.withDefaults())
				.build();
		}

		@Bean
		AuthorizationServerSettings authorizationServerSettings(org.springframework.core.env.Environment environment) {
			return AuthorizationServerSettings.builder()
				.issuer(environment.getRequiredProperty("dev.openid.issuer"))
				.build();
		}

		@Bean
		JWKSource<SecurityContext> jwkSource(RSAKey signingKey) {
			return new ImmutableJWKSet<>(new JWKSet(signingKey));
		}

		/** For the userinfo endpoint. */
		@Bean
		JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource) {
			return OAuth2AuthorizationServerConfiguration.jwtDecoder(jwkSource);
		}

		/**
		 * The provider's passwords and client secrets are public test values, kept as
		 * {@code {noop}}: Spring Security's default encoder re-encodes such a secret with
		 * bcrypt at its first use, and then every token request after it paid for a
		 * bcrypt check, the test JVM's hottest method (docs/tests.md).
		 */
		@Bean
		@SuppressWarnings("deprecation")
		PasswordEncoder passwordEncoder() {
			return new DelegatingPasswordEncoder("noop", Map.of("noop", NoOpPasswordEncoder.getInstance()));
		}

		@Bean
		UserDetailsService users() {
			return new InMemoryUserDetailsManager(user(ALICE), user(BOB));
		}

		private static org.springframework.security.core.userdetails.UserDetails user(String name) {
			return User.withUsername(name).password("{noop}" + password(name)).roles("USER").build();
		}

		@Bean
		RegisteredClientRepository clients() {
			RegisteredClient web = RegisteredClient.withId(WEB_CLIENT)
				.clientId(WEB_CLIENT)
				.clientSecret("{noop}" + WEB_CLIENT_SECRET)
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
				.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
				.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
				// Dev mode's address; 127.0.0.1 is a loopback redirect, whose port may
				// vary
				// (RFC 8252), as the tests' random ports need.
				.redirectUri("http://localhost:8003/login/oauth2/code/oidc")
				.redirectUri("http://127.0.0.1:8003/login/oauth2/code/oidc")
				.scope(OidcScopes.OPENID)
				.scope(OidcScopes.PROFILE)
				.clientSettings(
						ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
				.build();
			return new InMemoryRegisteredClientRepository(web, commandLine(ALICE), commandLine(BOB));
		}

		/**
		 * A demo user as a client:
		 * {@code curl -u alice:alice-password -d grant_type=client_credentials}.
		 */
		private static RegisteredClient commandLine(String user) {
			return RegisteredClient.withId("cli-" + user)
				.clientId(user)
				.clientSecret("{noop}" + password(user))
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
				.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
				.build();
		}

		/** Access tokens are for the todo service. */
		@Bean
		OAuth2TokenCustomizer<JwtEncodingContext> audience() {
			return (context) -> {
				if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
					context.getClaims().audience(List.of(AUDIENCE));
				}
			};
		}

	}

}
