package dev.todoservice.web;

import org.apache.coyote.http11.AbstractHttp11Protocol;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * The HTTP API's defences against hostile input: a bounded request body.
 */
@Configuration(proxyBeanMethods = false)
class HardeningConfiguration {

	/** Before any filter that reads a body, such as Boot's FormContentFilter (-9900) were it enabled. */
	@Bean
	FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(HttpSettings settings,
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
		FilterRegistrationBean<BodySizeLimitFilter> registration = new FilterRegistrationBean<>(
				new BodySizeLimitFilter(settings.maxBodySize().toBytes(), problems));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

	@Bean
	TomcatHardening tomcatHardening() {
		return new TomcatHardening();
	}

	/**
	 * Tomcat's part: {@code 100 Continue} only once the application reads the body, so a client that asks
	 * first ({@code Expect: 100-continue}) gets a 413 without uploading a body that is too large (by default
	 * Tomcat invites every body at once).
	 */
	static final class TomcatHardening implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

		@Override
		public void customize(TomcatServletWebServerFactory factory) {
			factory.addConnectorCustomizers((connector) -> {
				if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
					http.setContinueResponseTiming("onRead");
				}
			});
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

}
