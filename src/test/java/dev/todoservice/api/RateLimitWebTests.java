package dev.todoservice.api;

import java.util.UUID;

import dev.todoservice.accounts.CurrentOwner;
import dev.todoservice.live.TodoStream;
import dev.todoservice.todo.Owner;
import dev.todoservice.todo.TodoSettings;
import dev.todoservice.todo.TodoCounts;
import dev.todoservice.web.ApiHardening;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import static dev.todoservice.infrastructure.ProblemAssertions.assertProblem;
import static dev.todoservice.infrastructure.ProblemAssertions.body;
import static dev.todoservice.infrastructure.ProblemAssertions.describe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * The per-owner rate limit through real Spring MVC and the hardening filters, on two
 * routes with their handlers' collaborators mocked: a burst of 2, then 1 a second, so a
 * third request at once is over it (the test takes far less than the second a token
 * needs).
 */
@WebMvcTest({ TodoCountsController.class, TodoEventsController.class })
@Import({ RateLimitConfiguration.class, ApiHardening.class })
@EnableConfigurationProperties(TodoSettings.class)
@TestPropertySource(properties = { "todo.rate-limit.requests-per-second=1", "todo.rate-limit.burst=2" })
class RateLimitWebTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	CurrentOwner owner;

	@MockitoBean
	TodoCounts counts;

	@MockitoBean
	TodoStream stream;

	/**
	 * Owners of this test alone: the limiter, with its buckets, lives as long as the
	 * context.
	 */
	Owner alice = new Owner("https://id.example#alice-" + UUID.randomUUID());

	Owner bob = new Owner("https://id.example#bob-" + UUID.randomUUID());

	@BeforeEach
	void aliceAsksAndTheRoutesAnswer() {
		given(this.owner.get()).willReturn(this.alice);
		given(this.counts.read(any())).willReturn(new TodoCounts.Counts(1, 2));
		given(this.stream.subscribe(any(), any())).willAnswer((call) -> {
			SseEmitter emitter = new SseEmitter();
			emitter.send(SseEmitter.event().comment("connected"));
			emitter.complete();
			return emitter;
		});
	}

	@Test
	void pastTheBurstIs429WithRetryAfterAndAProblemAndTheHandlerDoesNotRun() {
		assertThat(count().getResponse().getStatus()).isEqualTo(200);
		assertThat(count().getResponse().getStatus()).isEqualTo(200);

		MvcTestResult refused = count();
		assertProblem(refused, 429);
		assertThat(refused.getResponse().getHeader(HttpHeaders.RETRY_AFTER))
			.as("whole seconds until a token, at least 1: " + describe(refused))
			.isEqualTo("1");
		JsonNode problem = JSON.readTree(body(refused));
		assertThat(problem.path("title").asString()).isEqualTo("Too Many Requests");
		assertThat(problem.path("detail").asString()).contains("rate limit");
		verify(this.counts, times(2)).read(this.alice);
	}

	@Test
	void anotherOwnerIsUnaffected() {
		count();
		count();
		assertThat(count().getResponse().getStatus()).as("alice is over her limit").isEqualTo(429);

		given(this.owner.get()).willReturn(this.bob);
		assertThat(count().getResponse().getStatus()).as("bob's first").isEqualTo(200);
		assertThat(count().getResponse().getStatus()).as("bob's second").isEqualTo(200);
		assertThat(count().getResponse().getStatus()).as("bob's third, over his own limit").isEqualTo(429);
	}

	@Test
	void theSharedOwnerOfTheOpenModeIsNotLimited() {
		given(this.owner.get()).willReturn(new Owner("shared"));
		for (int i = 0; i < 5; i++) {
			assertThat(count().getResponse().getStatus()).as("the open mode serves everyone as before the limit")
				.isEqualTo(200);
		}
	}

	@Test
	void connectingToTheLiveStreamCountsOnceAndIsLimitedToo() {
		MvcTestResult stream = events();
		assertThat(stream).as(describe(stream)).hasStatusOk().hasContentTypeCompatibleWith("text/event-stream");
		// The stream's end is a second (async) dispatch of the same request: not a
		// second request.
		assertThat(count().getResponse().getStatus()).as("the second token").isEqualTo(200);

		MvcTestResult refused = events();
		assertProblem(refused, 429);
		assertThat(refused.getResponse().getHeader(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
		verify(this.stream, times(1)).subscribe(any(), any());
	}

	@Test
	void theTrailingSlashTwinSharesTheLimit() {
		count();
		count();
		MvcTestResult twin = this.mvc.get().uri("/todos/count/").exchange();
		assertProblem(twin, 429);
	}

	@Nested
	@TestPropertySource(properties = "todo.rate-limit.enabled=false")
	class Disabled {

		@Test
		void everyRequestGoesThrough() {
			for (int i = 0; i < 10; i++) {
				assertThat(count().getResponse().getStatus()).as("request %d", i + 1).isEqualTo(200);
			}
		}

	}

	private MvcTestResult count() {
		return this.mvc.get().uri("/todos/count").exchange();
	}

	private MvcTestResult events() {
		return this.mvc.get().uri("/todos/events").accept("text/event-stream").exchange();
	}

}
