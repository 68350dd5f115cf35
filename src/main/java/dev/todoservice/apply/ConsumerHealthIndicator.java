package dev.todoservice.apply;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Health contributor {@code consumer}: UP while the todo consumer runs. Part of
 * readiness, since an instance whose consumer stopped would answer every write with 202
 * and never apply it.
 */
@Component("consumer")
class ConsumerHealthIndicator extends AbstractHealthIndicator {

	private final KafkaListenerEndpointRegistry listeners;

	ConsumerHealthIndicator(KafkaListenerEndpointRegistry listeners) {
		super("Consumer health check failed");
		this.listeners = listeners;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		MessageListenerContainer container = this.listeners.getListenerContainer(TodoListener.ID);
		if (container == null) {
			builder.down().withDetail("reason", "no listener container");
			return;
		}
		if (!container.isAutoStartup()) {
			// Configured not to consume (spring.kafka.listener.auto-startup=false): an
			// API-only instance.
			builder.up().withDetail("consuming", false);
			return;
		}
		(container.isRunning() ? builder.up() : builder.down()).withDetail("running", container.isRunning());
	}

}
