package dev.todoservice.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * CloudEvents 1.0 attributes in Kafka binary mode: each attribute is a
 * {@code ce_}-prefixed header and the record value is the event data. Hand-written
 * because the five headers are all this service needs and the CloudEvents SDK would bring
 * its own serialization model along.
 */
public final class CloudEvents {

	public static final String SPEC_VERSION = "ce_specversion";

	public static final String TYPE = "ce_type";

	public static final String ID = "ce_id";

	public static final String SOURCE = "ce_source";

	public static final String TIME = "ce_time";

	public static final String CONTENT_TYPE = "content-type";

	public static final String PROTOBUF = "application/x-protobuf";

	private CloudEvents() {
	}

	/** Writes the attributes of one event; {@code id} must be unique per event. */
	public static void write(Headers headers, String type, UUID id, String source, Instant time) {
		put(headers, SPEC_VERSION, "1.0");
		put(headers, TYPE, type);
		put(headers, ID, id.toString());
		put(headers, SOURCE, source);
		put(headers, TIME, time.toString());
		put(headers, CONTENT_TYPE, PROTOBUF);
	}

	/** The last value of a header as text, or null when the record has none. */
	public static @Nullable String read(Headers headers, String name) {
		Header header = headers.lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static void put(Headers headers, String name, String value) {
		headers.remove(name);
		headers.add(name, value.getBytes(StandardCharsets.UTF_8));
	}

}
