package dev.todoservice.api;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.todoservice.todo.Owner;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The buckets on a clock the test moves: nothing here sleeps. */
class OwnerRateLimiterTests {

	static final Owner ALICE = new Owner("https://id.example#alice");

	static final Owner BOB = new Owner("https://id.example#bob");

	/** 3 at once, then 1 a second: the bucket is full again 3 s after it ran out. */
	final RateLimitSettings settings = new RateLimitSettings(true, 1, 3, 100);

	final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	final OwnerRateLimiter limiter = new OwnerRateLimiter(this.settings, this.nanos::get);

	@Test
	void aBurstGoesThroughThenTheBucketRunsOut() {
		for (int i = 0; i < 3; i++) {
			assertThat(this.limiter.tryAcquire(ALICE)).as("request %d of the burst", i + 1).isZero();
		}
		Duration wait = this.limiter.tryAcquire(ALICE);
		assertThat(wait).as("the 4th at once waits for the next token, 1 s at 1 a second")
			.isPositive()
			.isLessThanOrEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void theBucketRefillsAtTheRate() {
		drain(ALICE);
		advance(Duration.ofMillis(500));
		assertThat(this.limiter.tryAcquire(ALICE)).as("half a token after 0.5 s: still refused")
			.isEqualTo(Duration.ofMillis(500));
		advance(Duration.ofMillis(500));
		assertThat(this.limiter.tryAcquire(ALICE)).as("one token after 1 s").isZero();
		assertThat(this.limiter.tryAcquire(ALICE)).as("and only one").isPositive();
		advance(Duration.ofSeconds(60));
		for (int i = 0; i < 3; i++) {
			assertThat(this.limiter.tryAcquire(ALICE)).as("a full burst again after a quiet minute").isZero();
		}
		assertThat(this.limiter.tryAcquire(ALICE)).as("never more than the burst").isPositive();
	}

	@Test
	void ownersHaveBucketsOfTheirOwn() {
		drain(ALICE);
		assertThat(this.limiter.tryAcquire(ALICE)).isPositive();
		for (int i = 0; i < 3; i++) {
			assertThat(this.limiter.tryAcquire(BOB)).as("bob's request %d while alice is limited", i + 1).isZero();
		}
		assertThat(this.limiter.tryAcquire(BOB)).isPositive();
	}

	@Test
	void aBucketIdleForItsRefillTimeIsDropped() {
		assertThat(this.settings.refillTime()).isEqualTo(Duration.ofSeconds(3));
		drain(ALICE);
		this.limiter.tryAcquire(BOB);
		assertThat(this.limiter.owners()).isEqualTo(2);

		advance(Duration.ofSeconds(2));
		this.limiter.tryAcquire(BOB);
		assertThat(this.limiter.owners()).as("2 s idle: not yet full, kept").isEqualTo(2);

		advance(Duration.ofSeconds(1));
		assertThat(this.limiter.owners()).as("alice idle 3 s (full again) is dropped; bob, idle 1 s, is kept")
			.isEqualTo(1);
		for (int i = 0; i < 3; i++) {
			assertThat(this.limiter.tryAcquire(ALICE)).as("a dropped bucket comes back full").isZero();
		}
		advance(Duration.ofSeconds(3));
		assertThat(this.limiter.owners()).as("all idle").isZero();
	}

	@Test
	void memoryIsBoundedByMaxOwnersEvenWhenAllAreActive() {
		OwnerRateLimiter small = new OwnerRateLimiter(new RateLimitSettings(true, 1, 3, 10), this.nanos::get);
		for (int i = 0; i < 1000; i++) {
			small.tryAcquire(new Owner("owner-" + i));
		}
		assertThat(small.owners()).isLessThanOrEqualTo(10);
	}

	@Test
	void refillTimeIsTheBurstOverTheRateRoundedUp() {
		assertThat(new RateLimitSettings(true, 100, 200, 1).refillTime()).isEqualTo(Duration.ofSeconds(2));
		assertThat(new RateLimitSettings(true, 3, 1, 1).refillTime()).isEqualTo(Duration.ofNanos(333_333_334));
		assertThat(new RateLimitSettings(true, RateLimitSettings.MAX, RateLimitSettings.MAX, 1).refillTime())
			.isEqualTo(Duration.ofSeconds(1));
	}

	private void drain(Owner owner) {
		while (this.limiter.tryAcquire(owner).isZero()) {
			// take every token there is
		}
	}

	private void advance(Duration time) {
		this.nanos.addAndGet(time.toNanos());
	}

}
