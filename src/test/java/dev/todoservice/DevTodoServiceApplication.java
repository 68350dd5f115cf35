package dev.todoservice;

import dev.todoservice.infrastructure.KafkaInfrastructure;
import dev.todoservice.infrastructure.OpenIdProvider;

import org.springframework.boot.SpringApplication;

/**
 * Dev mode ({@code ./mvnw spring-boot:test-run}): the service on port 8003 with a real
 * Kafka broker started in-process on 127.0.0.1:9092, a real OpenID provider at
 * http://localhost:9000 (its demo users and clients: {@link OpenIdProvider}) and the
 * machine's PostgreSQL. It lives in the test tree, so the production jar never carries or
 * starts a broker or a provider.
 */
public class DevTodoServiceApplication {

	public static void main(String[] args) {
		OpenIdProvider provider = OpenIdProvider.start("localhost", OpenIdProvider.DEV_PORT);
		// Unless set otherwise (TODO_AUTH=none, or another provider), sign in at this
		// one.
		defaultProperty("todo.auth.issuer-uri", "TODO_AUTH_ISSUER_URI", provider.issuer());
		defaultProperty("todo.auth.client-secret", "TODO_AUTH_CLIENT_SECRET", OpenIdProvider.WEB_CLIENT_SECRET);
		SpringApplication.from(TodoServiceApplication::main).with(KafkaInfrastructure.class).run(args);
	}

	private static void defaultProperty(String name, String environmentName, String value) {
		if (System.getProperty(name) == null && System.getenv(environmentName) == null) {
			System.setProperty(name, value);
		}
	}

}
