package dev.todoservice.accounts;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.SecurityFilterChain;

/**
 * For a web slice test in another package: the open mode's security (everything
 * permitted, as with {@code TODO_AUTH=none}, and the same firewall), in place of Boot's
 * default, which would ask every request for a password.
 */
@TestConfiguration(proxyBeanMethods = false)
public class OpenAccess {

	@Bean
	SecurityFilterChain openChain(HttpSecurity http) throws Exception {
		return SecurityConfiguration.open(http);
	}

	@Bean
	WebSecurityCustomizer firewall(JsonMapper json) {
		return new SecurityConfiguration().firewall(new ProblemAnswers(json));
	}

}
