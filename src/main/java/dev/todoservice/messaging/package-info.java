/** Kafka plumbing any feature can use: CloudEvents headers, offsets kept in the database, failure handling. */
package dev.todoservice.messaging;
