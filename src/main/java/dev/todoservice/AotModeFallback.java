package dev.todoservice;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;

import org.springframework.aot.AotDetector;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Spring AOT mode, the image's default, decides every bean a condition chooses when the
 * jar is built: a setting such as {@code MANAGEMENT_SERVER_PORT} given at run time would
 * silently do nothing. A start given one of those settings from outside the jar
 * (environment, system properties, arguments, a config file beside it) runs in the plain
 * mode instead, which honours it, and says so. Hand-written: Spring Boot has no check of
 * run-time settings against the conditions its AOT processing evaluated.
 */
class AotModeFallback implements EnvironmentPostProcessor, Ordered {

	/**
	 * The settings, or families of them, that Boot's auto-configuration decides beans
	 * from; also {@code management.<registry>.metrics.export}. A condition outside them
	 * (a team's own {@code @ConditionalOnProperty}) stays decided at build time.
	 */
	static final List<ConfigurationPropertyName> DECIDED_AT_BUILD = Stream
		.of("spring.autoconfigure.exclude", "spring.profiles.active", "spring.profiles.include",
				"spring.profiles.group", "spring.threads.virtual.enabled", "spring.jmx.enabled",
				"spring.kafka.jaas.enabled", "spring.kafka.retry.topic", "server.forward-headers-strategy",
				"management.server", "management.endpoints", "management.endpoint", "management.health",
				"management.info", "management.tracing.enabled", "management.tracing.export",
				"management.tracing.propagation", "management.opentelemetry", "management.otlp",
				"management.defaults.metrics.export")
		.map(ConfigurationPropertyName::of)
		.toList();

	private final Log log;

	AotModeFallback(DeferredLogFactory logs) {
		this.log = logs.getLog(AotModeFallback.class);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!AotDetector.useGeneratedArtifacts()) {
			return;
		}
		List<String> given = givenFromOutside(environment);
		if (!given.isEmpty()) {
			// Read by Spring each time it asks, from here on: the context, its bean
			// definitions and the logging system are all still to come.
			System.setProperty(AotDetector.AOT_ENABLED, "false");
			this.log.warn("Spring AOT mode off for this start, which is slower: " + String.join(", ", given)
					+ " set; Boot decides from these which beans exist, and AOT mode fixed that when the jar was"
					+ " built (docs/deployment.md)");
		}
	}

	/** After Boot's own, so that config files beside the jar are read too. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	/** Each setting of {@link #DECIDED_AT_BUILD} given from outside the jar. */
	static List<String> givenFromOutside(ConfigurableEnvironment environment) {
		List<String> given = new ArrayList<>();
		for (PropertySource<?> source : environment.getPropertySources()) {
			if (ConfigurationPropertySources.isAttachedConfigurationPropertySource(source) || packaged(source)) {
				continue;
			}
			for (ConfigurationPropertySource properties : ConfigurationPropertySources.from(source)) {
				if (properties instanceof IterableConfigurationPropertySource iterable) {
					iterable.stream()
						.filter(AotModeFallback::decidedAtBuild)
						.forEach((name) -> given.add(name + " (" + source.getName() + ")"));
				}
			}
		}
		return given;
	}

	static boolean decidedAtBuild(ConfigurationPropertyName name) {
		boolean metricsExport = name.getNumberOfElements() >= 4
				&& name.getElement(0, ConfigurationPropertyName.Form.UNIFORM).equals("management")
				&& name.getElement(2, ConfigurationPropertyName.Form.UNIFORM).equals("metrics")
				&& name.getElement(3, ConfigurationPropertyName.Form.UNIFORM).equals("export");
		return metricsExport
				|| DECIDED_AT_BUILD.stream().anyMatch((family) -> family.equals(name) || family.isAncestorOf(name));
	}

	/**
	 * The jar's own application.yaml: the AOT processing read the same file when the jar
	 * was built.
	 */
	private static boolean packaged(PropertySource<?> source) {
		return source.getName().contains("class path resource");
	}

}
