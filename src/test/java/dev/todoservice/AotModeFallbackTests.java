package dev.todoservice;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which settings make a start in Spring AOT mode fall back to the plain mode; the
 * fallback itself runs in the system tests' {@code AotModeSuite}, as it switches a JVM
 * wide flag.
 */
class AotModeFallbackTests {

	@Test
	void anEnvironmentVariableThatDecidesBeansIsNamed() {
		StandardEnvironment environment = environment(Map.of("MANAGEMENT_SERVER_PORT", "9000",
				"MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT", "http://collector:4318/v1/traces",
				"SPRING_AUTOCONFIGURE_EXCLUDE", "x.y.Z", "MANAGEMENT_PROMETHEUS_METRICS_EXPORT_ENABLED", "false"));
		assertThat(AotModeFallback.givenFromOutside(environment))
			.as("settings from the environment that Boot's conditions read")
			.containsExactlyInAnyOrder("management.server.port (systemEnvironment)",
					"management.opentelemetry.tracing.export.otlp.endpoint (systemEnvironment)",
					"spring.autoconfigure.exclude (systemEnvironment)",
					"management.prometheus.metrics.export.enabled (systemEnvironment)");
	}

	@Test
	void settingsReadAsValuesKeepAotMode() {
		StandardEnvironment environment = environment(Map.of("TODO_AUTH", "none", "DATABASE_URL",
				"postgresql://db/todo", "SPRING_FLYWAY_ENABLED", "false", "SPRING_KAFKA_LISTENER_AUTO_STARTUP", "false",
				"MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "1.0", "SERVER_PORT", "8080", "PATH", "/usr/bin"));
		assertThat(AotModeFallback.givenFromOutside(environment))
			.as("settings that are values, not conditions (the image's run-time choices)")
			.isEmpty();
	}

	@Test
	void theJarsOwnConfigurationWasReadAtBuildTime() {
		StandardEnvironment environment = environment(Map.of());
		environment.getPropertySources()
			.addLast(new MapPropertySource(
					"Config resource 'class path resource [application.yaml]' via location 'optional:classpath:/'",
					Map.of("management.endpoints.web.exposure.include", "health,info,prometheus")));
		environment.getPropertySources()
			.addLast(new MapPropertySource(
					"Config resource 'file [config/application.yaml]' via location 'optional:file:./config/'",
					Map.of("management.endpoint.health.show-details", "always")));
		assertThat(AotModeFallback.givenFromOutside(environment))
			.as("the packaged application.yaml does not count, a file beside the jar does")
			.containsExactly("management.endpoint.health.show-details "
					+ "(Config resource 'file [config/application.yaml]' via location 'optional:file:./config/')");
	}

	@Test
	void theFamiliesAreWholeNamesNotPrefixesOfText() {
		assertThat(AotModeFallback.decidedAtBuild(ConfigurationPropertyName.of("management.endpoints")))
			.as("management.endpoints itself")
			.isTrue();
		assertThat(
				AotModeFallback.decidedAtBuild(ConfigurationPropertyName.of("management.tracing.sampling.probability")))
			.as("management.tracing.sampling.probability, a value")
			.isFalse();
		assertThat(AotModeFallback.decidedAtBuild(ConfigurationPropertyName.of("management.metrics.tags.region")))
			.as("management.metrics.tags.region, a value")
			.isFalse();
	}

	/** Only the given variables, as the environment's source; no system properties. */
	private static StandardEnvironment environment(Map<String, String> variables) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					Map.copyOf(variables)));
		return environment;
	}

}
