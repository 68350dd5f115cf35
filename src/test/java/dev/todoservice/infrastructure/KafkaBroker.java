package dev.todoservice.infrastructure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker and controller) on
 * 127.0.0.1, in the JVM, for dev mode and the tests (the system tests run theirs as a
 * process). Hand-written because spring-kafka-test's embedded broker cannot bind a fixed
 * port or keep its data across restarts (spring-kafka#2916); this one takes both, so
 * other clients (kcat, the console tools) reach it at a known address and a restart finds
 * its log again.
 */
public final class KafkaBroker implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);

	private static KafkaBroker shared;

	private final KafkaRaftServer server;

	private final String bootstrapServers;

	private final Path dataDir;

	private final boolean temporary;

	private KafkaBroker(KafkaRaftServer server, String bootstrapServers, Path dataDir, boolean temporary) {
		this.server = server;
		this.bootstrapServers = bootstrapServers;
		this.dataDir = dataDir;
		this.temporary = temporary;
	}

	/**
	 * Starts a broker and waits until it answers.
	 * @param port the client port on 127.0.0.1, or 0 for a free one
	 * @param dataDir where the log lives (kept across restarts), or null for a temporary
	 * directory that is deleted on close
	 */
	public static KafkaBroker start(int port, Path dataDir) {
		try {
			boolean temporary = dataDir == null;
			Path dir = temporary ? Files.createTempDirectory("kafka-") : Files.createDirectories(dataDir);
			int clientPort = (port != 0) ? port : freePort();
			int controllerPort = freePort();
			Properties config = new Properties();
			config.putAll(Map.of("process.roles", "broker,controller", "node.id", "1", "controller.quorum.voters",
					"1@127.0.0.1:" + controllerPort, "controller.listener.names", "CONTROLLER", "listeners",
					"PLAINTEXT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort,
					"advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort, "listener.security.protocol.map",
					"PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT", "log.dirs", dir.toString()));
			// A single node: internal topics cannot have more replicas than one.
			config.putAll(Map.of("offsets.topic.replication.factor", "1", "transaction.state.log.replication.factor",
					"1", "transaction.state.log.min.isr", "1", "share.coordinator.state.topic.replication.factor", "1",
					"share.coordinator.state.topic.min.isr", "1"));
			// A consumer group forms at once instead of waiting 3 s for more members.
			config.put("group.initial.rebalance.delay.ms", "0");
			KafkaConfig kafkaConfig = KafkaConfig.fromProps(config, false);
			if (!Files.exists(dir.resolve("meta.properties"))) {
				new Formatter().setNodeId(1)
					.setClusterId(Uuid.randomUuid().toString())
					.setDirectories(List.of(dir.toString()))
					.setMetadataLogDirectory(dir.toString())
					.setControllerListenerName("CONTROLLER")
					.setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
					.setSupportedFeatures(Feature.PRODUCTION_FEATURES)
					.setIgnoreFormatted(true)
					.run();
			}
			KafkaRaftServer server = new KafkaRaftServer(kafkaConfig, Time.SYSTEM);
			server.startup();
			KafkaBroker broker = new KafkaBroker(server, "127.0.0.1:" + clientPort, dir, temporary);
			broker.awaitReady(Duration.ofSeconds(60));
			log.info("Kafka broker (KRaft) listening on {}, data in {}", broker.bootstrapServers, dir);
			return broker;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Kafka broker did not start: " + ex.getMessage(), ex);
		}
	}

	/**
	 * One broker for all the test contexts of this JVM, started with the first: a broker
	 * per context cost each context a start and, all run long, the idle work of three.
	 * Each context keeps to topics and a consumer group of its own. {@link #close()}
	 * leaves it running; it ends with the JVM, its log under {@code target/}.
	 */
	public static synchronized KafkaBroker shared() {
		if (shared == null) {
			shared = start(0, Path.of("target", "kafka-" + ProcessHandle.current().pid()));
		}
		return shared;
	}

	public String bootstrapServers() {
		return this.bootstrapServers;
	}

	public Path dataDir() {
		return this.dataDir;
	}

	private void awaitReady(Duration timeout) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers))) {
			admin.describeCluster().nodes().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
		}
	}

	@Override
	public void close() {
		synchronized (KafkaBroker.class) {
			if (this == shared) {
				return;
			}
		}
		this.server.shutdown();
		this.server.awaitShutdown();
		log.info("Kafka broker on {} stopped", this.bootstrapServers);
		if (this.temporary) {
			try (Stream<Path> files = Files.walk(this.dataDir)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
			catch (IOException ex) {
				log.warn("Could not delete {}: {}", this.dataDir, ex.getMessage());
			}
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
