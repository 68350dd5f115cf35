package dev.todoservice.api;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.todoservice.todo.Owner;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

/**
 * A token bucket per owner (Bucket4j): {@code burst} tokens, refilled at
 * {@code requestsPerSecond}, one taken by each request. The buckets live in this
 * instance's memory, so with several instances an owner may send the rate to each.
 * <p>
 * A bucket left alone for its refill time is full, the same as a new one: the cache
 * (Caffeine) drops it then, so only owners active within the last seconds hold memory,
 * and never more than {@code maxOwners} of them (past that the least recently used are
 * dropped, which can only give an owner a full bucket early).
 */
class OwnerRateLimiter {

	private final RateLimitSettings settings;

	private final TimeMeter time;

	private final Cache<Owner, Bucket> buckets;

	OwnerRateLimiter(RateLimitSettings settings) {
		this(settings, Ticker.systemTicker());
	}

	/** With the clock of both the buckets and the cache, for tests. */
	OwnerRateLimiter(RateLimitSettings settings, Ticker ticker) {
		this.settings = settings;
		this.time = new TickerTime(ticker);
		this.buckets = Caffeine.newBuilder()
			.ticker(ticker)
			.expireAfterAccess(settings.refillTime())
			.maximumSize(settings.maxOwners())
			// Housekeeping on the calling thread: nothing to do but forget the bucket.
			.executor(Runnable::run)
			.build();
	}

	/**
	 * Takes a token from the owner's bucket.
	 * @return zero when the request may go; otherwise how long until the bucket has a
	 * token again
	 */
	Duration tryAcquire(Owner owner) {
		ConsumptionProbe probe = this.buckets.get(owner, (key) -> newBucket()).tryConsumeAndReturnRemaining(1);
		return probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(Math.max(1, probe.getNanosToWaitForRefill()));
	}

	/** How many owners have a bucket now (after dropping the idle ones). */
	long owners() {
		this.buckets.cleanUp();
		return this.buckets.estimatedSize();
	}

	private Bucket newBucket() {
		return Bucket.builder()
			.addLimit((limit) -> limit.capacity(this.settings.burst())
				.refillGreedy(this.settings.requestsPerSecond(), Duration.ofSeconds(1)))
			.withCustomTimePrecision(this.time)
			.build();
	}

	/** Bucket4j's clock from Caffeine's, so that both see the same time. */
	private record TickerTime(Ticker ticker) implements TimeMeter {

		@Override
		public long currentTimeNanos() {
			return this.ticker.read();
		}

		@Override
		public boolean isWallClockBased() {
			return false;
		}

	}

}
