package dev.todoservice.apply;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.todoservice.events.ProbeAdmin;
import dev.todoservice.todo.TodoSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The consumer group's lag per partition of the todo topic,
 * {@code todo_consumer_group_lag{topic,partition}}: the log end offset minus the group's
 * committed offset, as an operator's tools count it. The Kafka client's own
 * {@code records_lag} is only there while a consumer runs; this one is read with the
 * admin client by every instance, API-only ones too, so it still rises when no consumer
 * of the group is left. Read from the moment the service is ready: at start it would only
 * compete with start-up for the CPU (and the AOT cache's training run, which stops before
 * that, reaches no broker).
 */
@Component
class ConsumerGroupLag implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(ConsumerGroupLag.class);

	/** Often enough for a 15 s scrape; three small admin requests each time. */
	private static final Duration PERIOD = Duration.ofSeconds(5);

	private static final Duration TIMEOUT = Duration.ofSeconds(4);

	private final ProbeAdmin admin;

	private final String topic;

	private final String groupId;

	private final MultiGauge lag;

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "consumer-group-lag");
		thread.setDaemon(true);
		return thread;
	});

	ConsumerGroupLag(ProbeAdmin admin, TodoSettings settings, MeterRegistry meters,
			@Value("${spring.kafka.consumer.group-id}") String groupId) {
		this.admin = admin;
		this.topic = settings.topic();
		this.groupId = groupId;
		this.lag = MultiGauge.builder("todo.consumer.group.lag")
			.description("Records of the topic the consumer group has not committed yet, per partition")
			.baseUnit("records")
			.register(meters);
	}

	@EventListener(ApplicationReadyEvent.class)
	void start() {
		this.timer.scheduleWithFixedDelay(this::refresh, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
	}

	void refresh() {
		try {
			Map<TopicPartition, Long> lags = read();
			List<MultiGauge.Row<?>> rows = new ArrayList<>();
			lags.forEach((partition,
					records) -> rows.add(MultiGauge.Row.of(
							Tags.of("topic", partition.topic(), "partition", Integer.toString(partition.partition())),
							records)));
			this.lag.register(rows, true);
		}
		catch (Exception ex) {
			// No figure rather than a stale one; readiness and the broker's own alerts
			// say why.
			this.lag.register(List.of(), true);
			log.debug("Could not read the consumer group's lag: {}", ex.toString());
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private Map<TopicPartition, Long> read() throws Exception {
		Admin client = this.admin.client();
		Set<TopicPartition> partitions = client.describeTopics(List.of(this.topic))
			.allTopicNames()
			.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
			.values()
			.stream()
			.flatMap((description) -> description.partitions().stream())
			.map((info) -> new TopicPartition(this.topic, info.partition()))
			.collect(Collectors.toSet());
		Map<TopicPartition, OffsetAndMetadata> committed = client.listConsumerGroupOffsets(this.groupId)
			.partitionsToOffsetAndMetadata()
			.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		Map<TopicPartition, ListOffsetsResultInfo> starts = offsets(client, partitions, OffsetSpec.earliest());
		Map<TopicPartition, Long> lags = new HashMap<>();
		offsets(client, partitions, OffsetSpec.latest()).forEach((partition, end) -> {
			OffsetAndMetadata position = committed.get(partition);
			ListOffsetsResultInfo start = starts.get(partition);
			// A group that never committed starts at the beginning (auto-offset-reset:
			// earliest).
			long from = (position != null) ? position.offset() : (start != null) ? start.offset() : 0;
			lags.put(partition, Math.max(0, end.offset() - from));
		});
		return lags;
	}

	private static Map<TopicPartition, ListOffsetsResultInfo> offsets(Admin client, Set<TopicPartition> partitions,
			OffsetSpec spec) throws Exception {
		return client.listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), (p) -> spec)))
			.all()
			.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void destroy() throws InterruptedException {
		this.timer.shutdownNow();
		this.timer.awaitTermination(5, TimeUnit.SECONDS);
	}

}
