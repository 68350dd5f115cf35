package dev.todoservice.apply;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.admin.TopicDescription;

import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * The broker's unique id of each topic. A topic that was deleted and created again, or a
 * broker that started empty, has a new id; offsets stored under the old one must not make
 * the consumer skip records.
 */
@Component
class TopicIds {

	private final KafkaAdmin admin;

	private final Map<String, String> ids = new ConcurrentHashMap<>();

	TopicIds(KafkaAdmin admin) {
		this.admin = admin;
	}

	/**
	 * Asks the broker again; called when partitions are assigned, which a recreated topic
	 * causes.
	 */
	Map<String, String> refresh(Collection<String> topics) {
		Map<String, TopicDescription> descriptions = this.admin.describeTopics(topics.toArray(String[]::new));
		descriptions.forEach((topic, description) -> this.ids.put(topic, description.topicId().toString()));
		return Map.copyOf(this.ids);
	}

	/** The known ids, asking the broker for the ones not known yet. */
	Map<String, String> of(Collection<String> topics) {
		if (!this.ids.keySet().containsAll(topics)) {
			return refresh(topics);
		}
		return Map.copyOf(this.ids);
	}

}
