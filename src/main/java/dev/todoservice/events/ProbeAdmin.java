package dev.todoservice.events;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * The one Kafka admin client of the service's own checks (the health indicator, the
 * consumer group's lag gauge): created on first use from Boot's Kafka settings, with
 * timeouts short enough for a probe, closed with the application. One client, not one per
 * check: each would open its own connections to every broker.
 */
@Component
public class ProbeAdmin implements DisposableBean {

	/** Each call may still ask for less (the health check waits 2 s). */
	static final Duration TIMEOUT = Duration.ofSeconds(4);

	private final KafkaAdmin kafkaAdmin;

	private volatile @Nullable Admin admin;

	ProbeAdmin(KafkaAdmin kafkaAdmin) {
		this.kafkaAdmin = kafkaAdmin;
	}

	public Admin client() {
		Admin current = this.admin;
		if (current == null) {
			synchronized (this) {
				current = this.admin;
				if (current == null) {
					Map<String, Object> config = new HashMap<>(this.kafkaAdmin.getConfigurationProperties());
					config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
					config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
					current = Admin.create(config);
					this.admin = current;
				}
			}
		}
		return current;
	}

	@Override
	public void destroy() {
		Admin current = this.admin;
		if (current != null) {
			current.close(Duration.ofSeconds(1));
		}
	}

}
