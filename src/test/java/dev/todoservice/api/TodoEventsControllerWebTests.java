package dev.todoservice.api;

import java.io.IOException;

import dev.todoservice.accounts.CurrentOwner;
import dev.todoservice.events.TestCodec;
import dev.todoservice.live.TodoStream;
import dev.todoservice.todo.TodoSettings;
import dev.todoservice.web.ApiHardening;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import static dev.todoservice.infrastructure.ProblemAssertions.assertProblem;
import static dev.todoservice.infrastructure.ProblemAssertions.body;
import static dev.todoservice.infrastructure.ProblemAssertions.describe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The live stream's route through real Spring MVC, the stream itself mocked: what reaches
 * {@link TodoStream} from the request, and the errors a client can get before streaming.
 * The events themselves are {@code todo.TodoStreamIntegrationTests}.
 */
@WebMvcTest(TodoEventsController.class)
@Import({ ApiHardening.class })
@EnableConfigurationProperties(TodoSettings.class)
class TodoEventsControllerWebTests {

	@Autowired
	MockMvcTester mvc;

	/**
	 * The open mode's owner; the owners of signed-in requests are the accounts tests'.
	 */
	@MockitoBean
	CurrentOwner owner;

	@MockitoBean
	TodoStream stream;

	@BeforeEach
	void theSharedOwnerAsks() {
		given(this.owner.get()).willReturn(TestCodec.OWNER);
	}

	@BeforeEach
	void aStreamThatSaysHelloAndEnds() {
		given(this.stream.subscribe(eq(TestCodec.OWNER), any())).willAnswer((call) -> {
			SseEmitter emitter = new SseEmitter();
			emitter.send(SseEmitter.event().comment("connected"));
			emitter.complete();
			return emitter;
		});
	}

	@Test
	void aClientGetsAnEventStream() throws IOException {
		MvcTestResult result = this.mvc.get().uri("/todos/events").accept("text/event-stream").exchange();
		assertThat(result).as(describe(result)).hasStatusOk().hasContentTypeCompatibleWith("text/event-stream");
		assertThat(body(result)).as(describe(result)).contains(":connected");
		verify(this.stream).subscribe(TestCodec.OWNER, null);
	}

	@Test
	void lastEventIdResumesAfterThatEvent() {
		MvcTestResult result = this.mvc.get().uri("/todos/events/").header("Last-Event-ID", "42").exchange();
		assertThat(result).as(describe(result)).hasStatusOk();
		verify(this.stream).subscribe(TestCodec.OWNER, 42L);
	}

	@Test
	void aLastEventIdThatIsNoNumberIs422() {
		MvcTestResult result = this.mvc.get().uri("/todos/events").header("Last-Event-ID", "abc").exchange();
		assertProblem(result, 422);
		verifyNoInteractions(this.stream);
	}

	@Test
	void aClientThatWantsNoEventStreamGets406() {
		MvcTestResult result = this.mvc.get().uri("/todos/events").accept("application/json").exchange();
		assertProblem(result, 406);
		verifyNoInteractions(this.stream);
	}

}
