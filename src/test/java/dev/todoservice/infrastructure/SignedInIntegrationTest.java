package dev.todoservice.infrastructure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfiguration;

/**
 * {@link IntegrationTest}'s whole service, but with sign-in required (the default mode)
 * at a real OpenID provider: {@link OpenIdProvider#shared()}, started once per JVM on a
 * free port of 127.0.0.1.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
// One class after another on the test run's main thread: they share this service, its
// database and its broker (src/test/resources/junit-platform.properties).
@Execution(ExecutionMode.SAME_THREAD)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "dev.kafka.port=0")
@AutoConfigureRestTestClient
@Import(KafkaInfrastructure.class)
@ContextConfiguration(initializers = SignedInIntegrationTest.Provider.class)
public @interface SignedInIntegrationTest {

	/** Points the service at the shared provider, as dev mode does at its own. */
	class Provider implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			OpenIdProvider provider = OpenIdProvider.shared();
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("openIdProvider",
						Map.of("todo.auth.mode", "oidc", "todo.auth.issuer-uri", provider.issuer(),
								"todo.auth.client-secret", OpenIdProvider.WEB_CLIENT_SECRET,
								// A topic and a group of its own on the JVM's one broker.
								"todo.topic", "signed-in.todos2", "spring.kafka.consumer.group-id", "signed-in")));
		}

	}

}
