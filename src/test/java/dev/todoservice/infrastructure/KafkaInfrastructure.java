package dev.todoservice.infrastructure;

import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The infrastructure the service needs and the machine does not run: a real Kafka broker,
 * started in-process and wired into Boot's Kafka auto-configuration. Dev mode and the
 * integration tests both import this class, so they cannot drift apart. PostgreSQL is the
 * machine's own server.
 */
@TestConfiguration(proxyBeanMethods = false)
public class KafkaInfrastructure {

	/**
	 * Dev mode binds the contract's 127.0.0.1:9092; the tests pass 0, and share one
	 * broker on a free port ({@link KafkaBroker#shared()}).
	 */
	@Bean(destroyMethod = "close")
	KafkaBroker kafkaBroker(@Value("${dev.kafka.port:9092}") int port) {
		return (port != 0) ? KafkaBroker.start(port, null) : KafkaBroker.shared();
	}

	@Bean
	KafkaConnectionDetails kafkaConnectionDetails(KafkaBroker broker) {
		return () -> List.of(broker.bootstrapServers());
	}

}
