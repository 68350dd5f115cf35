/**
 * Todo changes on Kafka: the wire format (Protobuf values, CloudEvents headers), the
 * topics, and publishing a change and waiting for its outcome. The only package that
 * touches the generated Protobuf classes.
 */
@NullMarked
package dev.todoservice.events;

import org.jspecify.annotations.NullMarked;
