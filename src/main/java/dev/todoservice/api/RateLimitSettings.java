package dev.todoservice.api;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The per-owner rate limit of the {@code /todos} routes (environment:
 * {@code TODO_RATE_LIMIT_ENABLED}, {@code TODO_RATE_LIMIT_REQUESTS_PER_SECOND},
 * {@code TODO_RATE_LIMIT_BURST}, {@code TODO_RATE_LIMIT_MAX_OWNERS}). The defaults are
 * far above what a person with the web app or a script that waits for its answers sends,
 * and stop a client that loops without waiting (docs/configuration.md).
 *
 * @param enabled false lets every request through (and the OpenAPI document shows no 429)
 * @param requestsPerSecond the sustained rate an owner may send, per instance
 * @param burst how many requests an owner may send at once after a quiet spell: the
 * bucket's capacity
 * @param maxOwners the most owners whose buckets are kept at once; bounds the memory even
 * when very many owners are active within the refill time
 */
@Validated
@ConfigurationProperties("todo.rate-limit")
record RateLimitSettings(@DefaultValue("true") boolean enabled,
		@Min(1) @Max(MAX) @DefaultValue("100") long requestsPerSecond,
		@Min(1) @Max(MAX) @DefaultValue("200") long burst, @Min(1) @DefaultValue("10000") long maxOwners) {

	/** Keeps {@link #refillTime()}'s arithmetic in a long; far above any useful limit. */
	static final long MAX = 1_000_000_000L;

	/**
	 * How long an empty bucket takes to fill up again. A bucket idle for this long is
	 * full, the same as a new one, so it can be dropped then without changing any answer.
	 */
	Duration refillTime() {
		long nanos = this.burst * 1_000_000_000L;
		return Duration.ofNanos((nanos + this.requestsPerSecond - 1) / this.requestsPerSecond);
	}

}
