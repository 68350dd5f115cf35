package dev.todoservice.accounts;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Sign-in in the OpenAPI document: the bearer scheme, required by every todo route (with
 * its 401), so that Swagger UI's "Authorize" takes a token and clients know to send one.
 * The document is the same in the open mode, which ignores the token.
 */
@Configuration(proxyBeanMethods = false)
class AccountsOpenApi {

	static final String SCHEME = "bearer";

	@Bean
	OpenApiCustomizer bearerSecurity() {
		return (openApi) -> {
			if (openApi.getComponents() == null) {
				openApi.setComponents(new Components());
			}
			openApi.getComponents()
				.addSecuritySchemes(SCHEME,
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.bearerFormat("JWT")
							.description("An access token from the service's OpenID provider, audience "
									+ "`todo-service`. A browser signed in through the service (its session "
									+ "cookie and the X-XSRF-TOKEN header on writes) needs none."));
			if (openApi.getPaths() == null) {
				return;
			}
			openApi.getPaths().forEach((path, item) -> {
				if (path.equals("/todos") || path.startsWith("/todos/")) {
					item.readOperations().forEach((operation) -> {
						operation.addSecurityItem(new SecurityRequirement().addList(SCHEME));
						if (operation.getResponses() == null) {
							operation.setResponses(new ApiResponses());
						}
						operation.getResponses()
							.addApiResponse("401", new ApiResponse()
								.description("Not signed in: no valid bearer token (or browser session)")
								.content(new Content().addMediaType("application/problem+json",
										new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")))));
					});
				}
			});
		};
	}

}
