package dev.todoservice.web;

import dev.todoservice.accounts.OpenAccess;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The API's defences for a web slice test in another package: strict JSON (duplicate
 * keys, no scalars as text) and the filters (security headers, body limit, wildcard
 * Content-Type), which MockMvc runs as Tomcat would. {@link HardeningConfiguration} is
 * package-private, so slices import it through this. Security is the open mode's
 * ({@link OpenAccess}): these tests are about the API, not sign-in.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({ HardeningConfiguration.class, OpenAccess.class })
@EnableConfigurationProperties(HttpSettings.class)
public class ApiHardening {

}
