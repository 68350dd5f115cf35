package dev.todoservice.todo;

/** A record that can never be applied; its message is the reason the dead-letter record carries. */
class RejectedRecordException extends RuntimeException {

	RejectedRecordException(String reason) {
		super(reason);
	}

	RejectedRecordException(String reason, Throwable cause) {
		super(reason, cause);
	}

}
