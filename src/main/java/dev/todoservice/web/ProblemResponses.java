package dev.todoservice.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller whose routes depend on the database and Kafka: the OpenAPI document
 * then lists, for each of its routes, the problem responses it can give (503 always; 400,
 * 413, 415 and 422 for a body; 404 and 422 for a path id; 422 for query parameters; 412
 * with If-Match). A route that declares one with headers of its own keeps its
 * description. See {@link OpenApiConfiguration}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ProblemResponses {

}
