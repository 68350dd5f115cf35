package dev.todoservice.accounts;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secure by default: without {@code TODO_AUTH=none} the service needs an issuer, and a
 * start without one ends in one line that says what to set.
 */
class AuthSettingsTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withUserConfiguration(Settings.class);

	@Test
	void withoutAnIssuerTheStartIsRefusedInOneLine() {
		this.contexts.run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new IssuerMissingFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).doesNotContain("\n").contains("TODO_AUTH_ISSUER_URI");
			assertThat(analysis.getAction()).contains("TODO_AUTH=none");
		});
	}

	@Test
	void signInIsTheDefault() {
		this.contexts.withPropertyValues("todo.auth.issuer-uri=https://accounts.example.com").run((context) -> {
			AuthSettings settings = context.getBean(AuthSettings.class);
			assertThat(settings.mode()).isEqualTo(AuthSettings.Mode.OIDC);
			assertThat(settings.issuer()).isEqualTo("https://accounts.example.com");
			assertThat(settings.audience()).isEqualTo("todo-service");
			assertThat(settings.clientId()).isEqualTo("todo-web");
		});
	}

	@Test
	void theOpenModeNeedsNoIssuer() {
		this.contexts.withPropertyValues("todo.auth.mode=none")
			.run((context) -> assertThat(context.getBean(AuthSettings.class).mode()).isEqualTo(AuthSettings.Mode.NONE));
	}

	@Test
	void theContractsVariableTodoAuthBindsBesideTheOthers() {
		// TODO_AUTH=none is also the property todo.auth itself, beside todo.auth.*; the
		// yaml maps it to todo.auth.mode, and it must not break binding the record.
		this.contexts
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("env",
						Map.of("todo.auth", "none", "todo.auth.mode", "none", "todo.auth.audience", "mine"))))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(AuthSettings.class).audience()).isEqualTo("mine");
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(AuthSettings.class)
	static class Settings {

	}

}
