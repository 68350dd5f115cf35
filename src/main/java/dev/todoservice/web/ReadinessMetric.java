package dev.todoservice.web;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * {@code todo_readiness}: 1 while the readiness probe would answer UP, 0 otherwise, read
 * at each scrape (Spring Boot's recipe for health as a metric). Prometheus can then alert
 * on an instance it still scrapes but that an orchestrator has taken out of traffic.
 */
@Component
class ReadinessMetric {

	ReadinessMetric(MeterRegistry meters, HealthEndpoint health) {
		Gauge.builder("todo.readiness", health, ReadinessMetric::up)
			.description("1 while /actuator/health/readiness is UP, 0 otherwise")
			.strongReference(true)
			.register(meters);
	}

	private static double up(HealthEndpoint health) {
		HealthDescriptor readiness = health.healthForPath("readiness");
		return (readiness != null && Status.UP.equals(readiness.getStatus())) ? 1 : 0;
	}

}
