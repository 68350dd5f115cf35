package dev.todoservice.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The web app's entry point: {@code /app/} shows {@code static/app/index.html}, and
 * {@code /app} redirects there so that the page's relative links (its modules and
 * stylesheet) resolve under {@code /app/}. Boot serves the app's other files from
 * {@code static/} as it serves any static resource.
 */
@Configuration(proxyBeanMethods = false)
class WebAppConfiguration implements WebMvcConfigurer {

	@Override
	public void addViewControllers(ViewControllerRegistry registry) {
		registry.addRedirectViewController("/app", "/app/").setKeepQueryParams(true);
		registry.addViewController("/app/").setViewName("forward:/app/index.html");
	}

}
