package dev.todoservice.api;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.todoservice.todo.Owner;
import dev.todoservice.todo.TodoCounts;
import dev.todoservice.todo.TodoSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * The cap on todos per owner ({@code todo.max-todos-per-owner}), checked against the
 * stored count ({@link TodoCounts}). Reading it is a database round trip, so an owner
 * whose count was under half the cap is not read again for {@link #TRUSTED}: this
 * instance adds its own creates to the count it read, and reads again once they would
 * reach half. Only a count just read answers 422.
 * <p>
 * Creates in flight could always pass the cap by their number. Trusting a count for a
 * second adds what other instances create for the owner within it: a few hundred under
 * the rate limit, far less than the half of the cap left.
 */
@Component
class TodoCap {

	private static final Logger log = LoggerFactory.getLogger(TodoCap.class);

	/** How long a count read under half the cap is trusted. */
	static final Duration TRUSTED = Duration.ofSeconds(1);

	/** As many owners as the rate limiter keeps buckets for by default. */
	private static final long MAX_OWNERS = 10_000;

	private final long cap;

	private final Owner shared;

	private final ToLongFunction<Owner> stored;

	/**
	 * The owners far below the cap: the count read plus this instance's creates since.
	 */
	private final Cache<Owner, AtomicLong> farBelow;

	@Autowired
	TodoCap(TodoCounts counts, TodoSettings settings) {
		this(settings, (owner) -> counts.read(owner).total(), Ticker.systemTicker());
	}

	/** With the count and the cache's clock given, for tests. */
	TodoCap(TodoSettings settings, ToLongFunction<Owner> stored, Ticker ticker) {
		this.cap = settings.maxTodosPerOwner();
		this.shared = settings.shared();
		this.stored = stored;
		this.farBelow = Caffeine.newBuilder()
			.ticker(ticker)
			.expireAfterWrite(TRUSTED)
			.maximumSize(MAX_OWNERS)
			// Housekeeping on the calling thread: nothing to do but forget the count.
			.executor(Runnable::run)
			.build();
	}

	/**
	 * Lets one more create of the owner through, or answers 422 when the owner is at the
	 * cap. While the database cannot say, creates are not held up by it.
	 */
	void take(Owner owner) {
		if (this.cap == 0 || owner.equals(this.shared)) {
			return;
		}
		AtomicLong estimate = this.farBelow.getIfPresent(owner);
		if (estimate != null && estimate.incrementAndGet() < this.cap / 2) {
			return;
		}
		long total;
		try {
			total = this.stored.applyAsLong(owner);
		}
		catch (DataAccessException ex) {
			log.debug("Creating without checking the cap, the database cannot say: {}", ex.getMessage());
			return;
		}
		if (total >= this.cap) {
			throw Answers.tooManyTodos(this.cap);
		}
		if (total + 1 < this.cap / 2) {
			this.farBelow.put(owner, new AtomicLong(total + 1));
		}
		else {
			this.farBelow.invalidate(owner);
		}
	}

}
