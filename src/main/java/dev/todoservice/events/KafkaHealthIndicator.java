package dev.todoservice.events;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * Health contributor {@code kafka}: UP while a broker of the cluster answers within 2 s.
 * Boot has no Kafka health indicator; readiness includes this one, so traffic stops when
 * writes could not be taken.
 */
@Component("kafka")
class KafkaHealthIndicator extends AbstractHealthIndicator {

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private final ProbeAdmin admin;

	KafkaHealthIndicator(ProbeAdmin admin) {
		super("Kafka health check failed");
		this.admin = admin;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		Collection<Node> nodes = this.admin.client()
			.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
			.nodes()
			.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		builder.up().withDetail("brokers", nodes.size());
	}

}
