package dev.todoservice.system.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.todoservice.system.processes.ChildJvm;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Kafka's own ProducerPerformance (kafka-tools) in a JVM of its own against the
 * benchmark's broker: the bound for what one producer gets through this broker on this
 * machine, with the service's durability (acks=all, idempotent) and the same three
 * partitions.
 */
final class ProducerPerf {

	private static final String TOPIC = "bench-producer-performance";

	private final String bootstrapServers;

	private final Path log;

	ProducerPerf(String bootstrapServers, Path log) {
		this.bootstrapServers = bootstrapServers;
		this.log = log;
	}

	/**
	 * Records per second for {@code records} records of {@code size} bytes, as fast as
	 * the broker takes them.
	 */
	Figure recordsPerSecond(long records, int size) {
		createTopic();
		try {
			long from = Files.exists(this.log) ? Files.size(this.log) : 0;
			Process process = ChildJvm.start("org.apache.kafka.tools.ProducerPerformance", List.of("-Xmx512m"),
					List.of("--topic", TOPIC, "--num-records", Long.toString(records), "--record-size",
							Integer.toString(size), "--throughput", "-1", "--producer-props",
							"bootstrap.servers=" + this.bootstrapServers, "acks=all", "enable.idempotence=true"),
					Map.of(), this.log);
			if (!process.waitFor(180, TimeUnit.SECONDS)) {
				ChildJvm.kill(process);
				throw new IllegalStateException("ProducerPerformance did not end within 180 s, see " + this.log);
			}
			String out = Files.readString(this.log).substring((int) from);
			return new Figure(
					Tools.figure(out, "\\d+ records sent, ([\\d.]+) records/sec", "ProducerPerformance's summary"),
					records);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private void createTopic() {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers))) {
			if (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(TOPIC)) {
				admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get(10, TimeUnit.SECONDS);
			}
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not create " + TOPIC, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
