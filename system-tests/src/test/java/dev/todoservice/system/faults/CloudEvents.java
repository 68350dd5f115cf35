package dev.todoservice.system.faults;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The CloudEvents 1.0 headers of the service's records (Kafka binary mode: each attribute
 * a {@code ce_}-prefixed header, the record value the Protobuf event data), written down
 * here from the wire contract rather than taken from the service's classes: the suite
 * tests the service from outside.
 */
final class CloudEvents {

	static final String SPEC_VERSION = "ce_specversion";

	static final String TYPE = "ce_type";

	static final String ID = "ce_id";

	static final String SOURCE = "ce_source";

	static final String TIME = "ce_time";

	static final String CONTENT_TYPE = "content-type";

	static final String PROTOBUF = "application/x-protobuf";

	private CloudEvents() {
	}

	/** Writes the attributes of one event, as the service's producer does. */
	static void write(Headers headers, String type, UUID id, String source, Instant time) {
		put(headers, SPEC_VERSION, "1.0");
		put(headers, TYPE, type);
		put(headers, ID, id.toString());
		put(headers, SOURCE, source);
		put(headers, TIME, time.toString());
		put(headers, CONTENT_TYPE, PROTOBUF);
	}

	/** The last value of a header as text, or null when the record has none. */
	static String read(Headers headers, String name) {
		Header header = headers.lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static void put(Headers headers, String name, String value) {
		headers.remove(name);
		headers.add(name, value.getBytes(StandardCharsets.UTF_8));
	}

}
