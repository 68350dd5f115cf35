/** The todo feature: HTTP routes, the Kafka write path, the consumer and the PostgreSQL read model. */
package dev.todoservice.todo;
