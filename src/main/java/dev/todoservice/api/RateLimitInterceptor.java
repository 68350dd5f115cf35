package dev.todoservice.api;

import java.time.Duration;

import dev.todoservice.accounts.CurrentOwner;
import dev.todoservice.todo.Owner;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.HandlerInterceptor;

/**
 * The per-owner rate limit in front of the {@code /todos} routes: a request past its
 * owner's rate is answered 429 with {@code Retry-After}, before its handler runs, so it
 * has no effect. An interceptor runs after every servlet filter, so after sign-in has
 * named the request's owner.
 */
class RateLimitInterceptor implements HandlerInterceptor {

	private final OwnerRateLimiter limiter;

	private final CurrentOwner owner;

	private final Owner shared;

	RateLimitInterceptor(OwnerRateLimiter limiter, CurrentOwner owner, Owner shared) {
		this.limiter = limiter;
		this.owner = owner;
		this.shared = shared;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		// A request counts once: the dispatch that ends a live stream (ASYNC) is not a
		// new one.
		if (request.getDispatcherType() != DispatcherType.REQUEST) {
			return true;
		}
		Owner owner = this.owner.get();
		if (owner.equals(this.shared)) {
			return true; // the open mode: everyone is one owner, served as before the
							// limit
		}
		Duration wait = this.limiter.tryAcquire(owner);
		if (!wait.isZero()) {
			throw Answers.tooManyRequests(wait);
		}
		return true;
	}

}
