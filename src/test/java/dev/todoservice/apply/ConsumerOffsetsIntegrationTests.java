package dev.todoservice.apply;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.todoservice.infrastructure.IntegrationTest;
import dev.todoservice.todo.TodoSettings;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The consumer's positions stored with the data, on the real PostgreSQL: what
 * exactly-once rests on. Each test uses a consumer group of its own, so the running
 * consumer's rows are never touched.
 */
@IntegrationTest
class ConsumerOffsetsIntegrationTests {

	@Autowired
	ConsumerOffsets offsets;

	@Autowired
	JdbcClient db;

	@Autowired
	TodoSettings settings;

	@Autowired
	PlatformTransactionManager transactions;

	private final String group = "offsets-" + UUID.randomUUID();

	/** Threads of their own: the common pool may have a single one on 2 cores. */
	private final ExecutorService threads = Executors.newCachedThreadPool();

	@AfterEach
	void stopThreads() {
		this.threads.shutdownNow();
	}

	@Test
	void aGroupStartsEveryPartitionAtZeroAndThenResumesWhereItsLastTransactionSaved() {
		TopicPartition first = partition(0);
		TopicPartition last = partition(this.settings.partitions() - 1);

		assertThat(inTransaction(() -> {
			Map<TopicPartition, Long> next = this.offsets.lock(this.group, records(last, first, last));
			this.offsets.save(this.group, Map.of(first, 5L, last, 7L));
			return next;
		})).as("a group with nothing applied yet").isEqualTo(Map.of(first, 0L, last, 0L));

		assertThat(inTransaction(() -> this.offsets.lock(this.group, records(first, last))))
			.as("what the previous transaction saved")
			.isEqualTo(Map.of(first, 5L, last, 7L));
		assertThat(this.offsets.find(this.group, List.of(first, last))).as("what a rejoining consumer seeks to")
			.isEqualTo(Map.of(first, 5L, last, 7L));
	}

	@Test
	void offsetsSavedForAnotherIncarnationOfTheTopicCountAsNothingApplied() {
		TopicPartition partition = partition(0);
		inTransaction(() -> {
			this.offsets.lock(this.group, records(partition));
			this.offsets.save(this.group, Map.of(partition, 1_000_000L));
			return null;
		});
		// As if the broker had started empty: the topic has a new id.
		this.db.sql("UPDATE consumer_offset SET topic_id = 'an-earlier-topic' WHERE group_id = ?")
			.param(this.group)
			.update();

		assertThat(inTransaction(() -> this.offsets.lock(this.group, records(partition))))
			.as("stored under another topic id, so no record is skipped")
			.isEqualTo(Map.of(partition, 0L));
	}

	@Test
	void aSecondConsumerOfTheSamePartitionsWaitsForTheFirstsCommitAndSkipsWhatItApplied() throws Exception {
		TopicPartition first = partition(0);
		TopicPartition last = partition(this.settings.partitions() - 1);
		inTransaction(() -> this.offsets.lock(this.group, records(first, last)));
		TransactionTemplate transaction = new TransactionTemplate(this.transactions);

		// A zombie holding the partitions: it has locked them and not committed yet.
		CompletableFuture<Map<TopicPartition, Long>> second = new CompletableFuture<>();
		transaction.executeWithoutResult((zombie) -> {
			this.offsets.lock(this.group, records(first, last));
			int zombiePid = this.db.sql("SELECT pg_backend_pid()").query(Integer.class).single();
			// The new owner asks, in reverse order, while the zombie holds the rows...
			CompletableFuture.runAsync(
					() -> second.complete(inTransaction(() -> this.offsets.lock(this.group, records(last, first)))),
					this.threads);
			await().atMost(Duration.ofSeconds(30)).until(() -> waitingFor(zombiePid) > 0);
			// ... and waits until the zombie's batch is committed.
			this.offsets.save(this.group, Map.of(first, 3L, last, 4L));
		});

		assertThat(second.get(30, TimeUnit.SECONDS)).as("the positions the zombie committed, not the ones before")
			.isEqualTo(Map.of(first, 3L, last, 4L));
	}

	/**
	 * How many sessions wait for a lock that this backend holds, asked on a connection of
	 * its own (within a transaction PostgreSQL shows one snapshot of the activity).
	 */
	private int waitingFor(int pid) {
		return CompletableFuture
			.supplyAsync(
					() -> this.db.sql("SELECT count(*) FROM pg_stat_activity WHERE ? = ANY (pg_blocking_pids(pid))")
						.param(pid)
						.query(Integer.class)
						.single(),
					this.threads)
			.join();
	}

	private TopicPartition partition(int partition) {
		return new TopicPartition(this.settings.topic(), partition);
	}

	private static List<ConsumerRecord<String, byte[]>> records(TopicPartition... partitions) {
		return Arrays.stream(partitions)
			.map((partition) -> new ConsumerRecord<String, byte[]>(partition.topic(), partition.partition(), 0, "k",
					new byte[0]))
			.toList();
	}

	private <T> T inTransaction(Supplier<T> work) {
		return new TransactionTemplate(this.transactions).execute((status) -> work.get());
	}

}
