package dev.todoservice.api;

import java.util.List;

import dev.todoservice.events.TestCodec;
import dev.todoservice.todo.Todo;
import dev.todoservice.todo.TodoLookup;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class PreconditionsTests {

	private final TodoLookup lookup = mock(TodoLookup.class);

	private final Preconditions preconditions = new Preconditions(this.lookup);

	@Test
	void noIfMatchOrAStarAcceptsAnyVersion() {
		assertThat(Preconditions.versions(null)).as("a write without If-Match must not be refused").isEmpty();
		assertThat(Preconditions.versions("")).isEmpty();
		assertThat(Preconditions.versions("  ")).isEmpty();
		assertThat(Preconditions.versions("*")).isEmpty();
	}

	@Test
	void aStrongEtagNamesItsVersion() {
		assertThat(Preconditions.versions("\"3\"")).as("If-Match with the ETag from GET must apply to that version")
			.containsExactly(3L);
	}

	@Test
	void severalEtagsNameSeveralVersions() {
		assertThat(Preconditions.versions("\"1\", \"2\"")).containsExactly(1L, 2L);
	}

	@Test
	void onlyWeakEtagsFailAtOnce() {
		assertPreconditionFailed("W/\"3\"");
	}

	@Test
	void garbageFailsAtOnce() {
		assertPreconditionFailed("\"garbage");
		assertPreconditionFailed("\"abc\"");
		assertPreconditionFailed("\"0\"");
		assertPreconditionFailed("\"-1\"");
		assertPreconditionFailed("\"1234567890123456789\"");
	}

	@Test
	void weakEtagsBesideStrongOnesAreIgnored() {
		assertThat(Preconditions.versions("W/\"3\", \"4\"")).as("a weak tag never matches, the strong one still does")
			.containsExactly(4L);
	}

	@Test
	void aMissingTodoIsNotFound() {
		given(this.lookup.find(7, TestCodec.OWNER)).willReturn(new TodoLookup.Absent(7));
		assertThatThrownBy(() -> this.preconditions.current(7, TestCodec.OWNER, List.of()))
			.isInstanceOfSatisfying(ErrorResponseException.class, (ex) -> {
				assertThat(ex.getStatusCode().value()).as("a write to a missing todo is a 404 without publishing")
					.isEqualTo(404);
				assertThat(ex.getBody().getDetail()).isEqualTo("Todo not found");
			});
	}

	@Test
	void aStaleVersionFailsWithTheCurrentEtag() {
		given(this.lookup.find(7, TestCodec.OWNER)).willReturn(new TodoLookup.Stored(new Todo(7, "t", null, false, 5)));
		assertThatThrownBy(() -> this.preconditions.current(7, TestCodec.OWNER, List.of(3L, 4L)))
			.isInstanceOfSatisfying(ErrorResponseException.class, (ex) -> {
				assertThat(ex.getStatusCode().value()).isEqualTo(412);
				assertThat(ex.getHeaders().getETag()).as("the client needs the current ETag to retry")
					.isEqualTo("\"5\"");
			});
	}

	@Test
	void aMatchingVersionGivesTheTodo() {
		Todo todo = new Todo(7, "t", null, false, 5);
		given(this.lookup.find(7, TestCodec.OWNER)).willReturn(new TodoLookup.Stored(todo));
		assertThat(this.preconditions.current(7, TestCodec.OWNER, List.of(4L, 5L))).isEqualTo(todo);
		assertThat(this.preconditions.current(7, TestCodec.OWNER, List.of())).isEqualTo(todo);
	}

	@Test
	void anAcceptedTodoNotStoredYetIsLeftToTheConsumer() {
		given(this.lookup.find(7, TestCodec.OWNER)).willReturn(new TodoLookup.Pending(7));
		assertThat(this.preconditions.current(7, TestCodec.OWNER, List.of(1L)))
			.as("a write on a todo whose create was accepted is published behind the create")
			.isNull();
	}

	@Test
	void aDatabaseOutageLeavesTheDecisionToTheConsumer() {
		given(this.lookup.find(7, TestCodec.OWNER)).willThrow(new DataAccessResourceFailureException("down"));
		given(this.lookup.knownHandedOut(7)).willReturn(true);
		assertThat(this.preconditions.current(7, TestCodec.OWNER, List.of(1L)))
			.as("writes must still reach Kafka while the database is down")
			.isNull();
	}

	@Test
	void aDatabaseOutageRefusesAnIdNotKnownToBeHandedOut() {
		given(this.lookup.find(7, TestCodec.OWNER)).willThrow(new DataAccessResourceFailureException("down"));
		assertThatThrownBy(() -> this.preconditions.current(7, TestCodec.OWNER, List.of()))
			.as("without the database, an id maybe never handed out must not be published for")
			.isInstanceOf(DataAccessResourceFailureException.class);
	}

	private static void assertPreconditionFailed(String ifMatch) {
		assertThatThrownBy(() -> Preconditions.versions(ifMatch)).as("If-Match %s can never match", ifMatch)
			.isInstanceOfSatisfying(ErrorResponseException.class,
					(ex) -> assertThat(ex.getStatusCode().value()).isEqualTo(412));
	}

}
