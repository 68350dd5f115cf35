package dev.todoservice.accounts;

import java.util.List;
import java.util.Set;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.logout.HttpStatusReturningLogoutSuccessHandler;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Who may call what. Without sign-in ({@code TODO_AUTH=none}) one chain lets everything
 * through, as the origin did. With sign-in two chains: requests with a bearer token are
 * stateless resource-server requests (no session, no CSRF: nothing a browser adds on its
 * own authenticates them); every other request may carry the web app's session cookie, so
 * its writes need the CSRF header. Both answer a missing or bad sign-in with 401
 * problem+json.
 * <p>
 * Over 200 lines on purpose: the two modes, their chains and the rules they share are
 * read against each other, so they stay in one place.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

	/**
	 * Open without sign-in: the greeting, the web app's files, the API's description,
	 * probes.
	 */
	static final String[] PUBLIC = { "/", "/app", "/app/**", "/favicon.ico", "/docs", "/docs/**", "/swagger-ui.html",
			"/swagger-ui/**", "/openapi.json", "/openapi.json/**", "/actuator/health", "/actuator/health/**",
			"/actuator/prometheus", "/actuator/info", "/error" };

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	/**
	 * Spring Security's firewall, with any method let through to Spring MVC (which
	 * answers an unknown one 405 with Allow, as before); what it still rejects (encoded
	 * slashes, {@code ;}, NUL, ...) is a 400 problem.
	 */
	@Bean
	WebSecurityCustomizer firewall(ProblemAnswers answers) {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setUnsafeAllowAnyHttpMethod(true);
		firewall.setAllowedHeaderNames(FastChecks::headerName);
		firewall.setAllowedHeaderValues(FastChecks::headerValue);
		return (web) -> web.httpFirewall(firewall).requestRejectedHandler(answers);
	}

	@Bean
	ProblemAnswers problemAnswers(JsonMapper json) {
		return new ProblemAnswers(json);
	}

	/**
	 * The shared steps: Spring Security's headers stay off, the tree's own filter sets
	 * them.
	 */
	private static HttpSecurity common(HttpSecurity http) throws Exception {
		return http.headers(AbstractHttpConfigurer::disable).requestCache(AbstractHttpConfigurer::disable);
	}

	private static void rules(
			AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests) {
		// An error or async dispatch continues a request that was already let in.
		requests.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC)
			.permitAll()
			.requestMatchers(PUBLIC)
			.permitAll()
			.anyRequest()
			.authenticated();
	}

	/**
	 * The open mode's chain: everything permitted, no session, no CSRF (no cookie
	 * authenticates).
	 */
	static SecurityFilterChain open(HttpSecurity http) throws Exception {
		return common(http).authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.build();
	}

	/**
	 * The open mode's chain, first in either mode: it takes every request with
	 * {@code TODO_AUTH=none} and none with sign-in. The mode is read when the service
	 * starts, not by a condition on the bean, so that a build processed ahead of time
	 * (Spring AOT, which fixes conditions at build time) serves either mode.
	 */
	@Bean
	@Order(0)
	SecurityFilterChain openChain(HttpSecurity http, AuthSettings settings) throws Exception {
		boolean open = settings.mode() == AuthSettings.Mode.NONE;
		if (open) {
			log.warn("TODO_AUTH=none: no sign-in, every client reads and changes the one shared owner's todos");
		}
		return open(http.securityMatcher((request) -> open));
	}

	/**
	 * Resolved at the first token, not at start, so the service starts while its provider
	 * is still coming up (and in the open mode, which has no provider and never gets
	 * here); the provider's keys are fetched (and refetched for an unknown key id) from
	 * its discovery document's {@code jwks_uri}. A verified token is remembered until it
	 * expires ({@link VerifiedTokens}).
	 */
	@Bean
	JwtDecoder jwtDecoder(AuthSettings settings) {
		return new VerifiedTokens(new SupplierJwtDecoder(() -> {
			String issuer = settings.issuer();
			NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(issuer).discoverJwsAlgorithms().build();
			decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(issuer),
					new JwtAudienceValidator(settings.audience())));
			return decoder;
		}));
	}

	@Bean
	ClientRegistrationRepository clientRegistrations(AuthSettings settings) {
		return new ProviderClientRegistrations(settings);
	}

	/** With sign-in, a request that carries a bearer token. */
	@Bean
	@Order(1)
	SecurityFilterChain bearerChain(HttpSecurity http, JwtDecoder decoder, ProblemAnswers answers) throws Exception {
		return common(http).securityMatcher(SecurityConfiguration::hasBearerToken)
			.authorizeHttpRequests(SecurityConfiguration::rules)
			.oauth2ResourceServer((server) -> server.bearerTokenResolver(new FastChecks.BearerTokens())
				.jwt((jwt) -> jwt.decoder(decoder).jwtAuthenticationConverter(SecurityConfiguration::authentication))
				.authenticationEntryPoint(answers)
				.accessDeniedHandler(answers))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(answers).accessDeniedHandler(answers))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(AbstractHttpConfigurer::disable)
			.addFilterBefore(new ProviderUnavailable(answers), BearerTokenAuthenticationFilter.class)
			.addFilterBefore(new SubjectLogging(), AuthorizationFilter.class)
			.build();
	}

	/** With sign-in, every other request: the web app's, with its session cookie. */
	@Bean
	@Order(2)
	SecurityFilterChain browserChain(HttpSecurity http, ProblemAnswers answers) throws Exception {
		return common(http).authorizeHttpRequests(SecurityConfiguration::rules)
			.oauth2Login((login) -> login.loginPage("/app/")
				.defaultSuccessUrl("/app/", true)
				.authorizedClientRepository(new HttpSessionOAuth2AuthorizedClientRepository()))
			.logout((logout) -> logout
				.logoutSuccessHandler(new HttpStatusReturningLogoutSuccessHandler(HttpStatus.NO_CONTENT)))
			// Only a request that brings a session cookie can be a forged one.
			.csrf((csrf) -> csrf.spa().requireCsrfProtectionMatcher(SecurityConfiguration::cookieWrite))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(answers).accessDeniedHandler(answers))
			.addFilterAfter(new CsrfCookie(), CsrfFilter.class)
			.addFilterBefore(new SubjectLogging(), AuthorizationFilter.class)
			.build();
	}

	static boolean hasBearerToken(HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		return authorization != null && authorization.regionMatches(true, 0, "Bearer", 0, 6);
	}

	static boolean cookieWrite(HttpServletRequest request) {
		return !SAFE_METHODS.contains(request.getMethod()) && request.getRequestedSessionId() != null;
	}

	/** A token is only accepted when its issuer and subject make a valid owner. */
	static AbstractAuthenticationToken authentication(Jwt jwt) {
		if (CurrentOwner.owner(jwt.getClaimAsString("iss"), jwt.getSubject()) == null) {
			throw new InvalidBearerTokenException("The token names no valid owner");
		}
		return new JwtAuthenticationToken(jwt, List.of(), jwt.getSubject());
	}

}
