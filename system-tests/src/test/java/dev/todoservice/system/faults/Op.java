package dev.todoservice.system.faults;

/**
 * One write request as the client saw it: an entry of the ledger the checker judges the
 * service by.
 *
 * @param kind create, update or delete
 * @param thread the client thread that sent it; a todo's updates and deletes all come
 * from the thread that created it, so {@code seq} orders them
 * @param seq the request's number on its thread (issue order)
 * @param id the todo's id: from the {@code Location} of an acknowledged create, the
 * target of an update or delete, 0 when the client never learnt it
 * @param title the unique title the request carries (none for a delete), which finds its
 * effect in the database and its record on the topic
 * @param status the HTTP status, or 0 when no response came
 * @param outcome what the client can conclude from the answer
 * @param atMillis when it was sent, in ms since the load began
 * @param millis how long the client waited for its answer
 */
record Op(Kind kind, int thread, long seq, long id, String title, int status, Outcome outcome, long atMillis,
		long millis) {

	enum Kind {

		CREATE, UPDATE, DELETE

	}

	/** What a client knows after the request. */
	enum Outcome {

		/** 200 or 201: applied before the answer. */
		APPLIED,

		/** 202: durably in Kafka, applied later. */
		ACCEPTED,

		/** A definite no: 4xx or 503, nothing may take effect. */
		REJECTED,

		/** A 5xx other than 503: the service does not say what happened. */
		SERVER_ERROR,

		/**
		 * Timed out or the connection broke after the request went out: it may or may not
		 * take effect.
		 */
		UNKNOWN,

		/** No connection could be made: the request never left the client. */
		REFUSED;

		static Outcome of(int status) {
			if (status == 200 || status == 201) {
				return APPLIED;
			}
			if (status == 202) {
				return ACCEPTED;
			}
			if ((status >= 400 && status < 500) || status == 503) {
				return REJECTED;
			}
			return SERVER_ERROR;
		}

	}

	/** 2xx: the service promised the write. */
	boolean acked() {
		return this.outcome == Outcome.APPLIED || this.outcome == Outcome.ACCEPTED;
	}

	/** Acknowledged or of unknown outcome: the write may have taken effect. */
	boolean mayHaveApplied() {
		return acked() || this.outcome == Outcome.UNKNOWN || this.outcome == Outcome.SERVER_ERROR;
	}

	/** Told no, or never sent: the write must not take effect. */
	boolean refusedOrRejected() {
		return this.outcome == Outcome.REJECTED || this.outcome == Outcome.REFUSED;
	}

}
