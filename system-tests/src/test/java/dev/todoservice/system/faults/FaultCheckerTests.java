package dev.todoservice.system.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.todoservice.system.faults.Op.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The checker on small synthetic histories whose verdict is known by hand. */
class FaultCheckerTests {

	private final List<Op> ops = new ArrayList<>();

	private long seq;

	@Test
	void aCleanHistoryHasNothingToReport() {
		create(1, "c1", 201);
		update(1, "u1", 200);
		update(1, "u2", 202);
		create(2, "c2", 202);
		delete(2, 200);
		Figures figures = check(List.of(new Row(1, "u2", 3)), Map.of("c1", 1, "u1", 1, "u2", 1, "c2", 1));

		assertThat(figures.violations()).isEmpty();
		assertThat(figures.writes()).isEqualTo(5);
		assertThat(figures.acked()).isEqualTo(5);
		assertThat(figures.applied()).isEqualTo(3);
		assertThat(figures.accepted()).isEqualTo(2);
	}

	@Test
	void anAcknowledgedCreateThatIsMissingIsLost() {
		create(1, "c1", 202);
		create(2, "c2", 201);

		Figures figures = check(List.of(new Row(2, "c2", 1)), Map.of());

		assertThat(figures.lost()).isEqualTo(1);
		assertThat(figures.violations()).containsExactly("1 acknowledged writes lost");
	}

	@Test
	void aMissingTodoIsNotLostWhenADeleteOfUnknownOutcomeMayHaveRemovedIt() {
		create(1, "c1", 201);
		delete(1, 0);

		assertThat(check(List.of(), Map.of()).lost()).isZero();
	}

	@Test
	void anAcknowledgedDeleteOfATodoStillThereIsLost() {
		create(1, "c1", 201);
		delete(1, 200);

		assertThat(check(List.of(new Row(1, "c1", 1)), Map.of()).lost()).isEqualTo(1);
	}

	@Test
	void anAcknowledgedUpdateOverwrittenByAnEarlierTitleIsLost() {
		create(1, "c1", 201);
		update(1, "u1", 200);
		update(1, "u2", 202);

		// u2 went missing: the title is u1's and the version counts one update.
		assertThat(check(List.of(new Row(1, "u1", 2)), Map.of()).lost()).isEqualTo(1);
	}

	@Test
	void aTitleFromALaterUpdateOfUnknownOutcomeExplainsTheFinalState() {
		create(1, "c1", 201);
		update(1, "u1", 200);
		update(1, "u2", 0);

		Figures figures = check(List.of(new Row(1, "u2", 3)), Map.of());

		assertThat(figures.lost()).isZero();
		assertThat(figures.appliedTwice()).isZero();
	}

	@Test
	void aVersionBeyondTheUpdatesThatCouldHaveAppliedIsAWriteAppliedTwice() {
		create(1, "c1", 201);
		update(1, "u1", 200);
		update(1, "u2", 503);

		Figures figures = check(List.of(new Row(1, "u1", 3)), Map.of());

		assertThat(figures.appliedTwice()).isEqualTo(1);
		assertThat(figures.violations()).containsExactly("1 writes applied twice");
	}

	@Test
	void aRejectedWriteFoundOnTheTopicExplainsItsVersionButIsReported() {
		create(1, "c1", 201);
		update(1, "u1", 200);
		update(1, "u2", 503);

		// u2's record reached Kafka although the client got 503, and was applied before
		// u1 was overwritten.
		Figures figures = check(List.of(new Row(1, "u1", 3)), Map.of("u1", 1, "u2", 1));

		assertThat(figures.appliedTwice()).isZero();
		assertThat(figures.rejectedButStored()).isEqualTo(1);
		assertThat(figures.violations()).isEmpty();
	}

	@Test
	void aRejectedDeleteFoundOnTheTopicExplainsAMissingTodoButIsReported() {
		create(1, "c1", 201);
		delete(1, 503);

		Figures figures = FaultChecker
			.check(new History("synthetic", this.ops, List.of(), Map.of("c1", 1), Map.of(1L, 1), 0, 0, 0, 1.0, 1.0));

		assertThat(figures.lost()).isZero();
		assertThat(figures.rejectedButStored()).isEqualTo(1);
	}

	@Test
	void aVersionShortOfTheAcknowledgedUpdatesIsALostUpdateEvenWhenTheLastTitleIsThere() {
		create(1, "c1", 201);
		update(1, "u1", 200);
		update(1, "u2", 200);

		assertThat(check(List.of(new Row(1, "u2", 2)), Map.of()).lost()).isEqualTo(1);
	}

	@Test
	void twoRowsWithOneCreatesTitleAreACreateAppliedTwice() {
		create(0, "c1", 0);

		Figures figures = check(List.of(new Row(7, "c1", 1), new Row(8, "c1", 1)), Map.of());

		assertThat(figures.appliedTwice()).isEqualTo(1);
		assertThat(figures.unexpected()).isZero();
	}

	@Test
	void aDuplicateRecordOnTheTopicIsCounted() {
		create(1, "c1", 201);
		update(1, "u1", 200);

		assertThat(check(List.of(new Row(1, "u1", 2)), Map.of("c1", 1, "u1", 2)).logDuplicates()).isEqualTo(1);
	}

	@Test
	void aRowNoRequestExplainsIsUnexpected() {
		create(1, "c1", 201);

		Figures figures = check(List.of(new Row(1, "c1", 1), new Row(2, "nobody wrote this", 1), new Row(3, "c1", 1)),
				Map.of());

		assertThat(figures.unexpected()).isEqualTo(2);
	}

	@Test
	void aCreateOfUnknownOutcomeIsFoundByItsTitleAndARejectedOneMustLeaveNoTrace() {
		create(0, "c1", 0);
		create(0, "c2", 503);

		Figures figures = check(List.of(new Row(5, "c1", 1), new Row(6, "c2", 1)), Map.of());

		assertThat(figures.unexpected()).isZero();
		assertThat(figures.rejectedButStored()).isEqualTo(1);
		assertThat(figures.unknown()).isEqualTo(1);
		assertThat(figures.unavailable()).isEqualTo(1);
	}

	@Test
	void statusesAreCountedByKindAndRefusedRequestsAreNoWrites() {
		create(1, "c1", 201);
		update(1, "u1", 404);
		update(1, "u2", 500);
		update(1, "u3", -1);

		Figures figures = check(List.of(new Row(1, "c1", 1)), Map.of());

		assertThat(figures.writes()).isEqualTo(3);
		assertThat(figures.clientErrors()).isEqualTo(1);
		assertThat(figures.serverErrors()).isEqualTo(1);
		assertThat(figures.refused()).isEqualTo(1);
		assertThat(figures.violations()).containsExactly(
				"1 writes answered 404 for a todo whose create was acknowledged", "1 5xx answers other than 503");
	}

	@Test
	void a404OnATodoWhoseCreateWasAcceptedBreaksThePromise() {
		create(1, "c1", 202);
		update(1, "u1", 404);
		delete(1, 404);

		Figures figures = check(List.of(new Row(1, "c1", 1)), Map.of());

		assertThat(figures.notFoundAcked()).as("a 202 promises the todo to the client's next request").isEqualTo(2);
		assertThat(figures.violations())
			.containsExactly("2 writes answered 404 for a todo whose create was acknowledged");
	}

	@Test
	void a404AfterADeleteThatMayHaveAppliedIsNoBrokenPromise() {
		create(1, "c1", 201);
		delete(1, 0);
		update(1, "u1", 404);

		assertThat(check(List.of(), Map.of()).notFoundAcked()).isZero();
	}

	@Test
	void deadLettersMustBeExactlyThePoisonInjected() {
		History history = new History("e", List.of(), List.of(), Map.of(), Map.of(), 1001, 1000, 1000, 1.0, 1.0);

		assertThat(FaultChecker.check(history).violations())
			.containsExactly("1001 dead letters (1000 of them injected) for 1000 poison records injected");
	}

	private Figures check(List<Row> rows, Map<String, Integer> loggedTitles) {
		return FaultChecker.check(new History("synthetic", this.ops, rows, loggedTitles, Map.of(), 0, 0, 0, 1.0, 1.0));
	}

	/** Status 0: timed out; -1: connection refused. */
	private void create(long id, String title, int status) {
		add(Kind.CREATE, id, title, status);
	}

	private void update(long id, String title, int status) {
		add(Kind.UPDATE, id, title, status);
	}

	private void delete(long id, int status) {
		add(Kind.DELETE, id, null, status);
	}

	private void add(Kind kind, long id, String title, int status) {
		Op.Outcome outcome = (status == 0) ? Op.Outcome.UNKNOWN
				: (status == -1) ? Op.Outcome.REFUSED : Op.Outcome.of(status);
		this.ops.add(new Op(kind, 1, this.seq, id, title, Math.max(status, 0), outcome, this.seq++ * 50, 40));
	}

}
