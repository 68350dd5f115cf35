package dev.todoservice.system.processes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) in a JVM of its
 * own, started through Kafka's own entry points ({@code kafka.tools.StorageTool},
 * {@code kafka.Kafka}), on a fixed port with its log on disk: a fault scenario can
 * SIGKILL it and start it again, and it finds its log again.
 */
public final class KafkaProcess implements AutoCloseable {

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

	private final Path dir;

	private final int port;

	private Process process;

	private int starts;

	private KafkaProcess(Path dir, int port) {
		this.dir = dir;
		this.port = port;
	}

	/** Writes the configuration and formats an empty log directory under {@code dir}. */
	public static KafkaProcess format(Path dir, int port, int controllerPort) {
		requireFree(port);
		requireFree(controllerPort);
		KafkaProcess kafka = new KafkaProcess(dir, port);
		try {
			Files.createDirectories(dir);
			Files.writeString(kafka.config(), String.join("\n", "process.roles=broker,controller", "node.id=1",
					// A static quorum of one: a restart needs nothing but this file and
					// the log.
					"controller.quorum.voters=1@127.0.0.1:" + controllerPort, "controller.listener.names=CONTROLLER",
					"listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
					"advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
					"listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
					"log.dirs=" + dir.resolve("log"),
					// A single node: internal topics cannot have more replicas than one.
					"offsets.topic.replication.factor=1", "transaction.state.log.replication.factor=1",
					"transaction.state.log.min.isr=1", "share.coordinator.state.topic.replication.factor=1",
					"share.coordinator.state.topic.min.isr=1",
					// 50 partitions of __consumer_offsets are startup work a 2-core
					// machine does not need.
					"offsets.topic.num.partitions=3",
					// A consumer group forms at once instead of waiting 3 s for more
					// members.
					"group.initial.rebalance.delay.ms=0", ""));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Process format = ChildJvm.start("kafka.tools.StorageTool", jvmOptions(), List.of("format", "--cluster-id",
				Uuid.randomUuid().toString(), "--config", kafka.config().toString(), "--ignore-formatted"), Map.of(),
				kafka.log());
		try {
			if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
				ChildJvm.kill(format);
				throw new IllegalStateException("Formatting the Kafka log failed, see " + kafka.log());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			ChildJvm.kill(format);
			throw new IllegalStateException(ex);
		}
		return kafka;
	}

	/** The operating system's process id of the running broker. */
	public long pid() {
		return this.process.pid();
	}

	public String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	public Path log() {
		return this.dir.resolve("kafka.log");
	}

	/** Starts the broker (again, on the same port and log) without waiting for it. */
	public void launch() {
		if (this.process != null && this.process.isAlive()) {
			throw new IllegalStateException("Kafka is running already");
		}
		this.starts++;
		this.process = ChildJvm.start("kafka.Kafka", jvmOptions(), List.of(config().toString()), Map.of(), log());
	}

	/** Starts the broker and waits until it answers. */
	public void start() {
		launch();
		awaitReady();
	}

	public void awaitReady() {
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		// Until the port is open, an admin client would only log a warning per attempt.
		while (!listening() && this.process.isAlive() && System.nanoTime() < deadline) {
			Pause.briefly(Duration.ofMillis(100));
		}
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
				AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
				3000))) {
			while (true) {
				if (!this.process.isAlive()) {
					throw new IllegalStateException("Kafka exited with " + this.process.exitValue() + " (start "
							+ this.starts + "), see " + log());
				}
				try {
					admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
					return;
				}
				catch (Exception ex) {
					if (ex instanceof InterruptedException) {
						Thread.currentThread().interrupt();
						throw new IllegalStateException(ex);
					}
					if (System.nanoTime() > deadline) {
						throw new IllegalStateException(
								"Kafka did not answer within " + READY_TIMEOUT + ", see " + log());
					}
				}
			}
		}
	}

	/** SIGKILL: no clean shutdown, whatever is not yet in the log files is lost. */
	public void kill() {
		ChildJvm.kill(this.process);
	}

	/**
	 * Kills the broker: by then its run is over, and a controlled shutdown would only
	 * take time.
	 */
	@Override
	public void close() {
		if (this.process != null) {
			ChildJvm.kill(this.process);
		}
	}

	private boolean listening() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private Path config() {
		return this.dir.resolve("server.properties");
	}

	private static List<String> jvmOptions() {
		return List.of("-Xms256m", "-Xmx1g", "-Djava.awt.headless=true");
	}

	private static void requireFree(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress("127.0.0.1", port));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Port " + port + " on 127.0.0.1 is taken; this broker needs it", ex);
		}
	}

}
