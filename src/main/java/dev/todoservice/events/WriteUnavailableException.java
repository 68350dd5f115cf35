package dev.todoservice.events;

/**
 * Kafka did not confirm a write in time. Usually nothing was stored; when only the
 * broker's acknowledgement was lost the write may still be applied.
 */
public class WriteUnavailableException extends RuntimeException {

	WriteUnavailableException(Throwable cause) {
		super("Kafka did not confirm the write in time", cause);
	}

}
