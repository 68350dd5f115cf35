package dev.todoservice.apply;

import dev.todoservice.events.CloudEvents;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * At debug level, one line per applied record, in the trace of the HTTP request that
 * produced it (the W3C {@code traceparent} the producer put in its headers).
 */
@Component
class RecordTracing {

	private static final Logger log = LoggerFactory.getLogger(TodoListener.class);

	private static final Propagator.Getter<ConsumerRecord<String, byte[]>> HEADERS = (record, name) -> CloudEvents
		.read(record.headers(), name);

	private final ObjectProvider<Tracer> tracer;

	private final ObjectProvider<Propagator> propagator;

	RecordTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
	}

	void applied(ConsumerRecord<String, byte[]> record, @Nullable String type) {
		if (!log.isDebugEnabled()) {
			return;
		}
		Tracer tracer = this.tracer.getIfAvailable();
		Propagator propagator = this.propagator.getIfAvailable();
		if (tracer == null || propagator == null) {
			logApplied(record, type);
			return;
		}
		Span span = propagator.extract(record, HEADERS).name("todo apply").start();
		try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
			logApplied(record, type);
		}
		finally {
			span.end();
		}
	}

	private static void logApplied(ConsumerRecord<String, byte[]> record, @Nullable String type) {
		log.debug("Applied {} of todo {} at {}-{}@{}", type, record.key(), record.topic(), record.partition(),
				record.offset());
	}

}
