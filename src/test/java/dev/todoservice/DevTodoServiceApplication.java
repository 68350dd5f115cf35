package dev.todoservice;

import dev.todoservice.infrastructure.KafkaInfrastructure;

import org.springframework.boot.SpringApplication;

/**
 * Dev mode ({@code ./mvnw spring-boot:test-run}): the service on port 8003 with a real
 * Kafka broker started in-process on 127.0.0.1:9092 and the machine's PostgreSQL. It
 * lives in the test tree, so the production jar never carries or starts a broker.
 */
public class DevTodoServiceApplication {

	public static void main(String[] args) {
		SpringApplication.from(TodoServiceApplication::main).with(KafkaInfrastructure.class).run(args);
	}

}
