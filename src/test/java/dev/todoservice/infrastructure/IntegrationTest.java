package dev.todoservice.infrastructure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The whole service on a random port, against the machine's PostgreSQL (this run's own
 * database, see the surefire configuration) and a real Kafka broker on a free port. Tests
 * talk to it through an autowired {@code RestTestClient} bound to that port.
 * <p>
 * A write or read waits 2 s for its change to be applied rather than 5: the tests that
 * pause the consumer or stop the database run out the wait sooner, and 2 s is still far
 * above an apply's time on a busy machine.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
// One class after another on the test run's main thread: they share this service, its
// database and its broker (src/test/resources/junit-platform.properties).
@Execution(ExecutionMode.SAME_THREAD)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "dev.kafka.port=0", "todo.auth.mode=none", "todo.apply-wait=2s" })
@AutoConfigureRestTestClient
@Import(KafkaInfrastructure.class)
public @interface IntegrationTest {

}
