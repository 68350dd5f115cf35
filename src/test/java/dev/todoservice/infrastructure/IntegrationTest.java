package dev.todoservice.infrastructure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The whole service on a random port, against the machine's PostgreSQL (this run's own
 * database, see the surefire configuration) and a real Kafka broker on a free port. Tests
 * talk to it through an autowired {@code RestTestClient} bound to that port.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "dev.kafka.port=0", "todo.auth.mode=none" })
@AutoConfigureRestTestClient
@Import(KafkaInfrastructure.class)
public @interface IntegrationTest {

}
