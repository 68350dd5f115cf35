package dev.todoservice.api;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.todoservice.events.TestCodec;
import dev.todoservice.todo.Owner;
import org.junit.jupiter.api.Test;

import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * When the cap reads the stored count, on a clock the test moves. TestCodec's settings: a
 * cap of 10,000, so half is 5,000.
 */
class TodoCapTests {

	private static final Owner ALICE = Owner.of("https://id.example", "alice");

	private static final Owner BOB = Owner.of("https://id.example", "bob");

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	/** The stored count the database would answer for everyone. */
	private final AtomicLong stored = new AtomicLong();

	private final AtomicLong reads = new AtomicLong();

	private final TodoCap cap = new TodoCap(TestCodec.SETTINGS, (owner) -> {
		this.reads.incrementAndGet();
		return this.stored.get();
	}, this.nanos::get);

	@Test
	void anOwnerFarBelowTheCapIsReadOnceASecond() {
		this.stored.set(100);
		for (int i = 0; i < 50; i++) {
			this.cap.take(ALICE);
		}
		assertThat(this.reads).as("50 creates within a second, far below the cap: one read of the count").hasValue(1);
		this.nanos.addAndGet(TodoCap.TRUSTED.toNanos());
		this.cap.take(ALICE);
		assertThat(this.reads).as("a second later the count is read again").hasValue(2);
	}

	@Test
	void ownersAreCountedApart() {
		this.cap.take(ALICE);
		this.cap.take(BOB);
		this.cap.take(BOB);
		assertThat(this.reads).as("one read for each owner").hasValue(2);
	}

	@Test
	void theCreatesSentSinceTheReadCountTowardHalfTheCap() {
		this.stored.set(4_990);
		this.cap.take(ALICE);
		assertThat(this.reads).hasValue(1);
		for (int i = 0; i < 8; i++) {
			this.cap.take(ALICE);
		}
		assertThat(this.reads).as("4,990 read and 9 sent since: still under 5,000").hasValue(1);
		this.cap.take(ALICE);
		assertThat(this.reads).as("the 10th create since the read would reach half the cap: read again").hasValue(2);
	}

	@Test
	void fromHalfTheCapOnEveryCreateReadsTheCount() {
		this.stored.set(5_000);
		for (int i = 0; i < 3; i++) {
			this.cap.take(ALICE);
		}
		assertThat(this.reads).as("near the cap the stored count decides each create").hasValue(3);
	}

	@Test
	void onlyACountJustReadRefusesACreate() {
		this.stored.set(100);
		this.cap.take(ALICE);
		this.stored.set(10_000);
		this.cap.take(ALICE);
		assertThat(this.reads).as("within the second the count read is trusted").hasValue(1);
		this.nanos.addAndGet(Duration.ofSeconds(1).toNanos());
		assertThatThrownBy(() -> this.cap.take(ALICE)).as("the count read again is at the cap")
			.isInstanceOfSatisfying(ErrorResponseException.class,
					(ex) -> assertThat(ex.getStatusCode().value()).isEqualTo(422));
		assertThatThrownBy(() -> this.cap.take(ALICE)).as("and stays refused without waiting for the second")
			.isInstanceOf(ErrorResponseException.class);
		assertThat(this.reads).hasValue(3);
	}

}
