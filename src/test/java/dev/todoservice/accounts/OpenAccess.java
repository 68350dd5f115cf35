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
	ProblemAnswers problemAnswers(JsonMapper json) {
		return new ProblemAnswers(json);
	}

	@Bean
	WebSecurityCustomizer firewall(ProblemAnswers answers) {
		return new SecurityConfiguration().firewall(answers);
	}

}
