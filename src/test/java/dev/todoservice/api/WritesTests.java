package dev.todoservice.api;

import java.util.Optional;
import java.util.UUID;
import java.util.function.ToLongFunction;

import dev.todoservice.events.ChangePublisher;
import dev.todoservice.events.TestCodec;
import dev.todoservice.todo.IdempotencyKeys;
import dev.todoservice.todo.Outcome;
import dev.todoservice.todo.Owner;
import dev.todoservice.todo.TodoAccepted;
import dev.todoservice.todo.TodoChange;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The create's own steps: the cap on todos per owner, and whose a todo answered 202 is.
 */
class WritesTests {

	private static final Owner ALICE = Owner.of("https://id.example", "alice");

	private final ChangePublisher publisher = mock(ChangePublisher.class);

	@SuppressWarnings("unchecked")
	private final ToLongFunction<Owner> counts = mock(ToLongFunction.class);

	private final TodoAccepted accepted = mock(TodoAccepted.class);

	/** TestCodec's settings: a cap of 10,000 todos per owner. */
	private final Writes writes = new Writes(this.publisher, mock(IdempotencyKeys.class), this.accepted,
			new TodoCap(TestCodec.SETTINGS, this.counts, System::nanoTime));

	@Test
	void anOwnerAtTheCapCreatesNothingMore() {
		given(this.counts.applyAsLong(ALICE)).willReturn(10_000L);
		assertThatThrownBy(() -> this.writes.create(create(ALICE), null))
			.isInstanceOfSatisfying(ErrorResponseException.class, (ex) -> {
				assertThat(ex.getStatusCode().value()).as("fair use: past the cap is a 422").isEqualTo(422);
				assertThat(ex.getBody().getDetail()).contains("10000 todos");
			});
		verifyNoInteractions(this.publisher);
	}

	@Test
	void anOwnerBelowTheCapCreates() {
		given(this.counts.applyAsLong(ALICE)).willReturn(9_999L);
		TodoChange.Create create = create(ALICE);
		given(this.publisher.submit(create, true)).willReturn(Optional.of(new Outcome.Created(create.stored())));
		assertThat(this.writes.create(create, null).getStatusCode().value()).isEqualTo(201);
	}

	@Test
	void theSharedOwnerOfTheOpenModeHasNoCap() {
		TodoChange.Create create = create(TestCodec.OWNER);
		given(this.publisher.submit(create, true)).willReturn(Optional.of(new Outcome.Created(create.stored())));
		assertThat(this.writes.create(create, null).getStatusCode().value()).isEqualTo(201);
		verifyNoInteractions(this.counts);
	}

	@Test
	void aDatabaseThatCannotCountDoesNotHoldCreatesUp() {
		given(this.counts.applyAsLong(ALICE)).willThrow(new DataAccessResourceFailureException("down"));
		TodoChange.Create create = create(ALICE);
		given(this.publisher.submit(create, true)).willReturn(Optional.empty());
		assertThat(this.writes.create(create, null).getStatusCode().value())
			.as("creates reach Kafka through a database outage, as before the cap")
			.isEqualTo(202);
	}

	@Test
	void aCreateAnswered202RecordsWhoseItIs() {
		given(this.counts.applyAsLong(ALICE)).willReturn(0L);
		TodoChange.Create create = create(ALICE);
		given(this.publisher.submit(any(), anyBoolean())).willReturn(Optional.empty());
		assertThat(this.writes.create(create, "respond-async").getStatusCode().value()).isEqualTo(202);
		verify(this.accepted).add(create.id(), ALICE);
	}

	@Test
	void a202IsAnsweredEvenWhenItsOwnerCannotBeRecorded() {
		given(this.counts.applyAsLong(ALICE)).willReturn(0L);
		given(this.publisher.submit(any(), anyBoolean())).willReturn(Optional.empty());
		willThrow(new DataAccessResourceFailureException("down")).given(this.accepted).add(any(Long.class), any());
		assertThat(this.writes.create(create(ALICE), null).getStatusCode().value())
			.as("the create is in Kafka: it will be stored")
			.isEqualTo(202);
	}

	private static TodoChange.Create create(Owner owner) {
		return new TodoChange.Create(UUID.randomUUID(), 41, owner, "Buy milk", null, false, null);
	}

}
