package dev.todoservice.events;

/**
 * A record that can never be applied; its message is the reason the dead-letter record
 * carries.
 */
public class RejectedRecordException extends RuntimeException {

	public RejectedRecordException(String reason) {
		super(reason);
	}

	RejectedRecordException(String reason, Throwable cause) {
		super(reason, cause);
	}

}
