package dev.todoservice.api;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import dev.todoservice.todo.Outcome;
import dev.todoservice.todo.Todo;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnswersTests {

	private static final Todo TODO = new Todo(5, "Buy milk", null, false, 1);

	@Test
	void createdIs201WithEtagAndLocation() {
		ResponseEntity<Object> answer = Answers.of(new Outcome.Created(TODO));
		assertThat(answer.getStatusCode().value()).isEqualTo(201);
		assertThat(answer.getHeaders().getETag()).as("the client needs the ETag for a later If-Match")
			.isEqualTo("\"1\"");
		assertThat(answer.getHeaders().getLocation()).isEqualTo(URI.create("/todos/5"));
		assertThat(answer.getBody()).isEqualTo(TODO);
	}

	@Test
	void updatedIs200WithTheNewEtag() {
		Todo updated = new Todo(5, "Buy oat milk", null, true, 4);
		ResponseEntity<Object> answer = Answers.of(new Outcome.Updated(updated));
		assertThat(answer.getStatusCode().value()).isEqualTo(200);
		assertThat(answer.getHeaders().getETag()).as("a stale ETag after an update would make the next write fail")
			.isEqualTo("\"4\"");
		assertThat(answer.getBody()).isEqualTo(updated);
	}

	@Test
	void deletedIs200WithAMessage() {
		ResponseEntity<Object> answer = Answers.of(new Outcome.Deleted(5, 3));
		assertThat(answer.getStatusCode().value()).isEqualTo(200);
		assertThat(answer.getBody()).isEqualTo(Map.of("message", "Todo deleted"));
	}

	@Test
	void notFoundIs404() {
		assertThatThrownBy(() -> Answers.of(new Outcome.NotFound(5)))
			.isInstanceOfSatisfying(ErrorResponseException.class, (ex) -> {
				assertThat(ex.getStatusCode().value()).isEqualTo(404);
				assertThat(ex.getBody().getDetail()).isEqualTo("Todo not found");
			});
	}

	@Test
	void preconditionFailedIs412WithTheCurrentEtag() {
		assertThatThrownBy(() -> Answers.of(new Outcome.PreconditionFailed(5, 3)))
			.isInstanceOfSatisfying(ErrorResponseException.class, (ex) -> {
				assertThat(ex.getStatusCode().value()).isEqualTo(412);
				assertThat(ex.getHeaders().getETag()).as("the client needs the current ETag to retry")
					.isEqualTo("\"3\"");
			});
	}

	@Test
	void keyReusedIs422() {
		assertThatThrownBy(() -> Answers.of(new Outcome.KeyReused())).isInstanceOfSatisfying(
				ErrorResponseException.class, (ex) -> assertThat(ex.getStatusCode().value()).isEqualTo(422));
	}

	@Test
	void aReplayedCreateIsTheFirstAnswerMarkedAndWithoutEtag() {
		ResponseEntity<Object> answer = Answers.of(new Outcome.Replayed(new Outcome.Created(TODO)));
		assertThat(answer.getStatusCode().value()).as("a retry gets the first answer").isEqualTo(201);
		assertThat(answer.getHeaders().getFirst(Answers.REPLAYED)).isEqualTo("true");
		assertThat(answer.getHeaders().containsHeader(HttpHeaders.ETAG))
			.as("the todo may have changed since: an old ETag would be a lie")
			.isFalse();
		assertThat(answer.getHeaders().getLocation()).isEqualTo(URI.create("/todos/5"));
		assertThat(answer.getBody()).isEqualTo(TODO);
	}

	@Test
	void aReplayedNotFoundIsA404MarkedAsReplay() {
		assertThatThrownBy(() -> Answers.of(new Outcome.Replayed(new Outcome.NotFound(5))))
			.isInstanceOfSatisfying(ErrorResponseException.class, (ex) -> {
				assertThat(ex.getStatusCode().value()).isEqualTo(404);
				assertThat(ex.getHeaders().getFirst(Answers.REPLAYED))
					.as("the client must see the 404 is the first request's answer")
					.isEqualTo("true");
			});
	}

	@Test
	void aReplayedPreconditionFailedCarriesNoEtag() {
		assertThatThrownBy(() -> Answers.of(new Outcome.Replayed(new Outcome.PreconditionFailed(5, 3))))
			.isInstanceOfSatisfying(ErrorResponseException.class, (ex) -> {
				assertThat(ex.getStatusCode().value()).isEqualTo(412);
				assertThat(ex.getHeaders().getFirst(Answers.REPLAYED)).isEqualTo("true");
				assertThat(ex.getHeaders().containsHeader(HttpHeaders.ETAG)).isFalse();
			});
	}

	@Test
	void tooManyRequestsIs429WithRetryAfterInWholeSecondsRoundedUp() {
		assertThat(Answers.tooManyRequests(Duration.ofNanos(1))).satisfies((ex) -> {
			assertThat(ex.getStatusCode().value()).isEqualTo(429);
			assertThat(ex.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).as("never 0: that invites a retry at once")
				.isEqualTo("1");
		});
		assertThat(Answers.tooManyRequests(Duration.ofMillis(1000)).getHeaders().getFirst(HttpHeaders.RETRY_AFTER))
			.isEqualTo("1");
		assertThat(Answers.tooManyRequests(Duration.ofMillis(1001)).getHeaders().getFirst(HttpHeaders.RETRY_AFTER))
			.as("rounded up: a retry after 1 s would still be refused")
			.isEqualTo("2");
	}

}
