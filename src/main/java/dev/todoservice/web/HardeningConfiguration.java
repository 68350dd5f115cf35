package dev.todoservice.web;

import jakarta.servlet.DispatcherType;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * The HTTP API's defences against hostile input: a bounded request body, strict JSON,
 * security headers on every response, and problem details even for the errors Tomcat
 * answers on its own.
 * <p>
 * Jackson's own read limits stay at its defaults (nesting depth 1000, numbers of 1000
 * digits, property names of 50,000 characters), which already turn a 10,000-deep document
 * or a 100,000-digit number into a 400; the body limit bounds everything else. Boot 4.0
 * offers no hook to change them short of replacing its {@code JsonMapper.Builder} (Boot
 * 4.1 adds {@code spring.jackson.factory.constraints.read.*}).
 */
@Configuration(proxyBeanMethods = false)
class HardeningConfiguration {

	/**
	 * {@code {"title":"a","title":"b"}} is ambiguous, so it is malformed (400), not "the
	 * last one wins".
	 */
	@Bean
	JsonMapperBuilderCustomizer strictDuplicateDetection() {
		return (builder) -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
	}

	/**
	 * A number or boolean is no text: {@code "title": 123} is a 422, not the title "123".
	 * Jackson coerces such scalars to strings by default, so POST and PUT stored them
	 * while PATCH, which reads the JSON tree, rejected them (as does the origin design's
	 * pydantic v2).
	 */
	@Bean
	JsonMapperBuilderCustomizer noScalarsAsText() {
		return (builder) -> builder.withCoercionConfig(LogicalType.Textual,
				(text) -> text.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
					.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
					.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
	}

	/**
	 * First of all filters, on every dispatch, so that even a 404 or an error from a
	 * filter has them.
	 */
	@Bean
	FilterRegistrationBean<SecurityHeadersFilter> securityHeadersFilter() {
		FilterRegistrationBean<SecurityHeadersFilter> registration = new FilterRegistrationBean<>(
				new SecurityHeadersFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC,
				DispatcherType.FORWARD, DispatcherType.INCLUDE);
		return registration;
	}

	/**
	 * Before any filter that reads a body, such as Boot's FormContentFilter (-9900) were
	 * it enabled.
	 */
	@Bean
	FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(HttpSettings settings,
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
		FilterRegistrationBean<BodySizeLimitFilter> registration = new FilterRegistrationBean<>(
				new BodySizeLimitFilter(settings.maxBodySize().toBytes(), problems));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

	@Bean
	FilterRegistrationBean<WildcardContentTypeFilter> wildcardContentTypeFilter(
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
		FilterRegistrationBean<WildcardContentTypeFilter> registration = new FilterRegistrationBean<>(
				new WildcardContentTypeFilter(problems));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 11);
		return registration;
	}

	@Bean
	TomcatHardening tomcatHardening(JsonMapper json) {
		return new TomcatHardening(json);
	}

	/**
	 * Tomcat's part: {@link ProblemReportValve} in place of the error report valve Boot
	 * adds to the host, and {@code 100 Continue} only once the application reads the
	 * body, so a client that asks first ({@code Expect: 100-continue}) gets a 413 without
	 * uploading a body that is too large (by default Tomcat invites every body at once).
	 * Ordered last so that Boot's customizer has added its valve by then.
	 */
	static final class TomcatHardening implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

		private final JsonMapper json;

		TomcatHardening(JsonMapper json) {
			this.json = json;
		}

		@Override
		public void customize(TomcatServletWebServerFactory factory) {
			factory.addConnectorCustomizers((connector) -> {
				if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
					http.setContinueResponseTiming("onRead");
				}
			});
			factory.addContextCustomizers((context) -> {
				StandardHost host = (StandardHost) context.getParent();
				Pipeline pipeline = host.getPipeline();
				for (Valve valve : pipeline.getValves()) {
					if (valve instanceof ErrorReportValve) {
						pipeline.removeValve(valve);
					}
				}
				pipeline.addValve(new ProblemReportValve(this.json));
				// The host adds a valve of this class when it starts unless one is there:
				// this one is.
				host.setErrorReportValveClass(ProblemReportValve.class.getName());
			});
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

}
