package dev.todoservice.events;

import dev.todoservice.todo.TodoSettings;
import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * Creates the topic and its dead-letter topic at start when they are missing (Boot's
 * KafkaAdmin). The dead-letter topic has as many partitions, since a dead letter goes to
 * the partition it came from.
 */
@Configuration(proxyBeanMethods = false)
class TodoTopics {

	@Bean
	NewTopic todoTopic(TodoSettings settings) {
		return TopicBuilder.name(settings.topic()).partitions(settings.partitions()).build();
	}

	@Bean
	NewTopic todoDeadLetterTopic(TodoSettings settings) {
		return TopicBuilder.name(settings.deadLetterTopic()).partitions(settings.partitions()).build();
	}

}
