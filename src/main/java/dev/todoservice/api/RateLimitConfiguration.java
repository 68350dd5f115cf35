package dev.todoservice.api;

import java.math.BigDecimal;

import dev.todoservice.accounts.CurrentOwner;
import dev.todoservice.todo.TodoSettings;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The per-owner rate limit on every {@code /todos} route, every method (the live stream's
 * connect too), and its 429 in the OpenAPI document. Off with
 * {@code todo.rate-limit.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitSettings.class)
class RateLimitConfiguration {

	static final String[] LIMITED = { "/todos", "/todos/**" };

	static final String TOO_MANY = "Too many requests from this owner (`todo.rate-limit`); nothing was done. "
			+ "Retry after `Retry-After` seconds.";

	@Bean
	OwnerRateLimiter ownerRateLimiter(RateLimitSettings settings) {
		return new OwnerRateLimiter(settings);
	}

	@Bean
	WebMvcConfigurer rateLimit(RateLimitSettings settings, OwnerRateLimiter limiter, CurrentOwner owner,
			TodoSettings todo) {
		return new WebMvcConfigurer() {

			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				if (settings.enabled()) {
					registry.addInterceptor(new RateLimitInterceptor(limiter, owner, todo.shared()))
						.addPathPatterns(LIMITED);
				}
			}

		};
	}

	/** 429 on every operation of the limited routes, with the shape of every problem. */
	@Bean
	OpenApiCustomizer tooManyRequests(RateLimitSettings settings) {
		return (openApi) -> {
			if (!settings.enabled() || openApi.getPaths() == null) {
				return;
			}
			openApi.getPaths().forEach((path, item) -> {
				if (path.equals("/todos") || path.startsWith("/todos/")) {
					item.readOperations().forEach((operation) -> {
						if (operation.getResponses() == null) {
							operation.setResponses(new ApiResponses());
						}
						operation.getResponses().addApiResponse("429", tooManyRequests());
					});
				}
			});
		};
	}

	private static ApiResponse tooManyRequests() {
		Header retryAfter = new Header().description("Whole seconds until this owner may send again (at least 1)")
			.schema(new IntegerSchema().minimum(BigDecimal.ONE));
		// The Problem schema is web.Problem's, which web.OpenApiConfiguration adds to the
		// document.
		Content problem = new Content().addMediaType("application/problem+json",
				new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")));
		return new ApiResponse().description(TOO_MANY)
			.addHeaderObject(HttpHeaders.RETRY_AFTER, retryAfter)
			.content(problem);
	}

}
