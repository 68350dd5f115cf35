package dev.todoservice.system.faults;

import java.util.ArrayList;
import java.util.List;

/**
 * One scenario's row of the fault table: status counts from the ledger and what the
 * checker found; the figures marked "must" in {@link #violations()} fail the suite.
 *
 * @param scenario the row's name
 * @param writes requests that reached the service (every request but the refused ones)
 * @param acked 2xx answers
 * @param applied 200 and 201: applied before the answer
 * @param accepted 202: durably in Kafka, applied later
 * @param clientErrors 4xx answers
 * @param notFoundAcked 404 answers to an update or delete of a todo whose create was
 * acknowledged (201 or 202) and which no earlier delete of the client may have removed
 * @param unavailable 503 answers
 * @param serverErrors 5xx answers other than 503
 * @param unknown timed out or connection lost: outcome unknown
 * @param refused connection refused (the instance was down); the client tried again
 * @param lost acknowledged writes missing from the final state
 * @param appliedTwice writes that took effect more than once
 * @param unexpected rows no request of the ledger explains
 * @param rejectedButStored writes answered 4xx/503 (or never sent) whose effect is on the
 * topic or in the table
 * @param logDuplicates extra copies of a write's record on the topic
 * @param deadLettered records on the dead-letter topic
 * @param deadLetteredInjected distinct injected poison records among them
 * @param injected poison records produced by the scenario
 * @param catchUpSeconds from the end of the fault until the consumer had caught up with
 * the topic as it was then
 * @param loadSeconds how long the load ran
 * @param slowestSeconds the longest a request that reached the service waited for its
 * answer
 * @param error why the scenario did not complete, or null
 */
record Figures(String scenario, int writes, int acked, int applied, int accepted, int clientErrors, int notFoundAcked,
		int unavailable, int serverErrors, int unknown, int refused, int lost, int appliedTwice, int unexpected,
		int rejectedButStored, int logDuplicates, long deadLettered, long deadLetteredInjected, long injected,
		double catchUpSeconds, double loadSeconds, double slowestSeconds, String error) {

	/** The row of a scenario that broke off before it could be judged. */
	static Figures failed(String scenario, String error) {
		return new Figures(scenario, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Double.NaN, Double.NaN,
				Double.NaN, error);
	}

	/** What makes this row fail the suite; empty when it passes. */
	List<String> violations() {
		List<String> violations = new ArrayList<>();
		if (this.error != null) {
			violations.add("did not complete: " + this.error);
			return violations;
		}
		must(violations, this.lost == 0, this.lost + " acknowledged writes lost");
		must(violations, this.appliedTwice == 0, this.appliedTwice + " writes applied twice");
		must(violations, this.unexpected == 0, this.unexpected + " unexpected rows");
		must(violations, this.notFoundAcked == 0,
				this.notFoundAcked + " writes answered 404 for a todo whose create was acknowledged");
		must(violations, this.serverErrors == 0, this.serverErrors + " 5xx answers other than 503");
		must(violations, this.deadLettered == this.injected && this.deadLetteredInjected == this.injected,
				this.deadLettered + " dead letters (" + this.deadLetteredInjected + " of them injected) for "
						+ this.injected + " poison records injected");
		return violations;
	}

	private static void must(List<String> violations, boolean holds, String otherwise) {
		if (!holds) {
			violations.add(otherwise);
		}
	}

}
