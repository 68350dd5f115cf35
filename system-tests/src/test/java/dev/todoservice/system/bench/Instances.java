package dev.todoservice.system.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.todoservice.system.infrastructure.LocalDatabase;
import dev.todoservice.system.processes.KafkaProcess;
import dev.todoservice.system.processes.Pause;
import dev.todoservice.system.processes.Ports;
import dev.todoservice.system.processes.ServiceProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/**
 * Several instances of the service in one consumer group ({@code BENCH_INSTANCES=1,2,3}):
 * the same jar, database and broker, each instance on a port of its own, the create
 * load's connections spread over them round-robin. On one machine more instances add no
 * CPU, so what this shows is whether anything collapses when they share the work: durable
 * creates and write-to-apply latency per instance count, every acknowledged create stored
 * once, CPU per create summed over the instances, the NOTIFYs each listener receives per
 * change, the lock waits on the change counter, and how the group spread the partitions.
 * First, with no instance running, what the change counter's row allows on its own.
 */
final class Instances {

	/** The connections of the peak create figure, as in the single-instance table. */
	private static final int CONNECTIONS = 64;

	private static final String APPLIED = "todo_changes_applied_total";

	/** Seconds of each pgbench run on the change counter's copy. */
	private static final int COUNTER_SECONDS = 10;

	/** The listener's observations: one per poll, which is applied in one transaction. */
	private static final String BATCHES = "spring_kafka_listener_seconds_count";

	/**
	 * Checks a run's acknowledged creates against the table (the benchmark's own check).
	 */
	@FunctionalInterface
	interface Stored {

		Creates check(CreateLoad.Result result, BenchDatabase db) throws Exception;

	}

	private final Path dir;

	/** The JDK the service runs on, as the single instance. */
	private final Path javaHome;

	private final Path jar;

	private final BenchDatabase db;

	private final KafkaProcess kafka;

	private final Map<String, String> environment;

	private final List<String> jvmOptions;

	private final SignIn signIn;

	private final int runs;

	private final int creates;

	private final Stored stored;

	private final String topic;

	private final String group;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private int createRuns;

	Instances(Path dir, Path javaHome, Path jar, BenchDatabase db, KafkaProcess kafka, Map<String, String> environment,
			List<String> jvmOptions, SignIn signIn, int runs, int creates, Stored stored) {
		this.dir = dir.resolve("instances");
		this.javaHome = javaHome;
		this.jar = jar;
		this.db = db;
		this.kafka = kafka;
		this.environment = environment;
		// One recording file cannot take several JVMs.
		this.jvmOptions = jvmOptions.stream()
			.filter((option) -> !option.startsWith("-XX:StartFlightRecording"))
			.toList();
		this.signIn = signIn;
		this.runs = runs;
		this.creates = creates;
		this.stored = stored;
		this.topic = environment.getOrDefault("TODO_TOPIC", "todos2");
		this.group = environment.getOrDefault("KAFKA_GROUP_ID", "my-group");
	}

	/**
	 * The instance counts asked for: {@code BENCH_INSTANCES} ({@code 1,2,3}), or 1, 2 and
	 * 3 with {@code BENCH_ONLY=instances}; none otherwise.
	 */
	static List<Integer> counts() {
		String setting = System.getenv().getOrDefault("BENCH_INSTANCES", "").trim();
		if (setting.isEmpty()) {
			setting = "instances".equals(System.getenv("BENCH_ONLY")) ? "1,2,3" : "";
		}
		return Arrays.stream(setting.split(",")).map(String::trim).filter((n) -> !n.isEmpty()).map((n) -> {
			int count = Integer.parseInt(n);
			if (count < 1) {
				throw new IllegalArgumentException("BENCH_INSTANCES counts are 1 or more, not " + count);
			}
			return count;
		}).toList();
	}

	/** Measures each count in turn, adding (or stopping) instances between them. */
	void measure(Table table, List<Integer> counts) throws Exception {
		List<ServiceProcess> running = new ArrayList<>();
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka.bootstrapServers()));
				Notifications notifications = new Notifications(this.db.name());
				Contention contention = new Contention(this.db.name())) {
			int partitions = admin.describeTopics(List.of(this.topic))
				.allTopicNames()
				.get(30, TimeUnit.SECONDS)
				.get(this.topic)
				.partitions()
				.size();
			table.section("Instances in one consumer group (" + partitions + " partitions; " + CONNECTIONS
					+ " connections spread round-robin; " + this.creates + " creates per run)");
			measureCounter(table);
			double single = 0;
			for (int count : counts) {
				resize(running, count);
				String assignment = settle(admin, count, partitions);
				log(count + " instance(s), partitions per member " + assignment);
				List<Integer> ports = running.stream().map(ServiceProcess::port).toList();
				Cpu cpu = new Cpu(running.stream().map(ServiceProcess::pid).toList(), this.kafka.pid());
				CreateLoad load = new CreateLoad(ports, this.signIn);
				warmUp(count, cpu, load);
				this.stored.check(load.closedLoop(prefix(), this.creates / 4, CONNECTIONS), this.db);

				double[] appliedBefore = counter(ports, APPLIED);
				double[] batchesBefore = counter(ports, BATCHES);
				Notifications.Count notified = notifications.count();
				contention.resetMaxQueueUsage();
				Contention.Waits waited = contention.waits();
				long walBefore = walBytes();
				Cpu.Sample before = cpu.sample();
				List<Creates> peakRuns = new ArrayList<>();
				for (int r = 0; r < this.runs; r++) {
					Creates run = this.stored.check(load.closedLoop(prefix(), this.creates, CONNECTIONS), this.db);
					log("  " + count + " instance(s), run " + (r + 1) + ": " + run);
					peakRuns.add(run);
				}
				Cpu.PerRequest peakCpu = Cpu.perRequest(before, cpu.sample(), acked(peakRuns));
				long wal = walBytes() - walBefore;
				Notifications.Count peakNotified = notifications.count().minus(notified);
				Contention.Waits peakWaits = contention.waits().minus(waited);
				double[] appliedAfter = counter(ports, APPLIED);
				String shares = shares(appliedBefore, appliedAfter);
				double perTransaction = total(appliedBefore, appliedAfter)
						/ Math.max(1, total(batchesBefore, counter(ports, BATCHES)));
				Creates peak = Creates.median(peakRuns);
				if (count == 1) {
					single = peak.perSecond();
				}
				table.row(count
						+ ((count == 1) ? " instance" : " instances") + ": creates/s, " + CONNECTIONS + " connections",
						Benchmark.perSecond(peak.perSecond()) + peak.losses(),
						"partitions " + assignment + ", applied " + shares
								+ String.format(", %.1f changes per transaction", perTransaction),
						(single > 0) ? String.format("x %.2f of 1", peak.perSecond() / single) : "", verdict(peak),
						peakCpu.toString());

				double rate = Math.max(1, Math.floor(peak.perSecond() / 2));
				int total = (int) Math.max(1_000, rate * 10);
				notified = notifications.count();
				before = cpu.sample();
				List<Creates> latencyRuns = new ArrayList<>();
				for (int r = 0; r < this.runs; r++) {
					Creates run = this.stored.check(load.openLoop(prefix(), total, 256, rate), this.db);
					log("  " + count + " instance(s), latency run " + (r + 1) + " at " + rate + "/s: " + run);
					latencyRuns.add(run);
				}
				Cpu.PerRequest latencyCpu = Cpu.perRequest(before, cpu.sample(), acked(latencyRuns));
				Notifications.Count latencyNotified = notifications.count().minus(notified);
				Creates latency = Creates.median(latencyRuns);
				table.row(String.format("  write-to-apply at half that, %,.0f/s", rate),
						"p50 " + Benchmark.format(latency.p50(), "ms") + ", p99 "
								+ Benchmark.format(latency.p99(), "ms"),
						"max " + Benchmark.format(latency.max(), "ms") + latency.losses() + "; "
								+ perChange(latencyNotified, acked(latencyRuns)),
						"", verdict(latency), latencyCpu.toString());
				table.row("  NOTIFY at the peak, per listener", perChange(peakNotified, acked(peakRuns)),
						String.format("changes per NOTIFY %.1f; notify queue max %.2f%%",
								peakNotified.outcomes() / (double) Math.max(1, peakNotified.notifications()),
								100 * peakWaits.maxQueueUsage()),
						"", "", "");
				table.row("  lock waits at the peak (backends waiting, mean of 20 ms samples)", peakWaits.describe(),
						"", "", "", "");
				table.row("  WAL at the peak (the whole server's)",
						String.format("%,.0f B per create", wal / (double) Math.max(1, acked(peakRuns))), "", "", "",
						"");
			}
		}
		finally {
			running.forEach(ServiceProcess::close);
		}
	}

	/**
	 * What the change counter allows on its own, before any instance runs: the tail every
	 * consumer transaction ends with while it holds the counter's row (its update, a
	 * NOTIFY of a typical batch's size, the commit), by pgbench on a copy of the table,
	 * with one client and with several contending for the row.
	 */
	private void measureCounter(Table table) throws SQLException {
		try (Connection connection = LocalDatabase.connect(this.db.name());
				Statement statement = connection.createStatement()) {
			statement.execute(
					"CREATE TABLE IF NOT EXISTS bench_change_counter (id integer PRIMARY KEY, seq bigint NOT NULL)");
			statement.execute("INSERT INTO bench_change_counter VALUES (1, 0) ON CONFLICT DO NOTHING");
		}
		PgBench pgbench = new PgBench(this.dir);
		String tail = "BEGIN;\n" + "UPDATE bench_change_counter SET seq = seq + 1 WHERE id = 1 RETURNING seq;\n"
				+ "SELECT pg_notify('bench_change_counter', repeat('x', 4000));\n" + "COMMIT;\n";
		List<String> figures = new ArrayList<>();
		for (int clients : new int[] { 1, 4 }) {
			Figure figure = pgbench.tps("change-counter-" + clients, this.db.name(), tail, clients, COUNTER_SECONDS);
			log("Change counter alone, " + clients + " client(s): " + Benchmark.perSecond(figure.perSecond()));
			figures.add(String.format("%s at %d (%.2f ms each)", Benchmark.perSecond(figure.perSecond()), clients,
					1000 / Math.max(1e-9, figure.perSecond())));
		}
		table.row("change counter alone: UPDATE, NOTIFY 4 kB, COMMIT (pgbench, clients)", String.join(", ", figures),
				"transactions/s the row allows, whatever the instances", "", "", "");
	}

	/** Starts instances (all at once, then waits for each) or stops the last ones. */
	private void resize(List<ServiceProcess> running, int count) throws IOException {
		List<ServiceProcess> started = new ArrayList<>();
		while (running.size() < count) {
			int n = running.size() + 1;
			ServiceProcess instance = new ServiceProcess(this.javaHome, this.jar, Ports.free(), this.db.url(),
					this.kafka.bootstrapServers(), this.environment, this.jvmOptions,
					this.dir.resolve("instance-" + n + ".log"));
			instance.launch();
			running.add(instance);
			started.add(instance);
		}
		started.forEach(ServiceProcess::awaitReady);
		while (running.size() > count) {
			running.remove(running.size() - 1).stop();
		}
	}

	/**
	 * Waits until the group is stable with one member per instance and every partition
	 * assigned; returns each member's partitions, e.g. {@code [0, 1] [2]}.
	 */
	private String settle(Admin admin, int count, int partitions) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
		String seen = "none";
		while (System.nanoTime() < deadline) {
			ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(this.group))
				.describedGroups()
				.get(this.group)
				.get(10, TimeUnit.SECONDS);
			List<List<Integer>> members = description.members()
				.stream()
				.map(MemberDescription::assignment)
				.map((assignment) -> assignment.topicPartitions()
					.stream()
					.filter((partition) -> partition.topic().equals(this.topic))
					.map(TopicPartition::partition)
					.sorted()
					.toList())
				.sorted(Comparator.comparing((List<Integer> each) -> each.isEmpty() ? Integer.MAX_VALUE : each.get(0)))
				.toList();
			seen = members.stream().map(List::toString).collect(Collectors.joining(" "));
			long assigned = members.stream().mapToLong(List::size).sum();
			if (description.groupState() == GroupState.STABLE && members.size() == count && assigned == partitions) {
				return seen;
			}
			Pause.briefly(Duration.ofMillis(500));
		}
		throw new IllegalStateException("The consumer group " + this.group + " did not settle on " + count
				+ " members and " + partitions + " partitions within 120 s: " + seen);
	}

	/**
	 * Runs the load until the instances' JIT compilers are quiet (under 10% of their CPU
	 * time), as the single-instance figures are taken; 30 runs at most.
	 */
	private void warmUp(int count, Cpu cpu, CreateLoad load) throws Exception {
		for (int r = 1; r <= 30; r++) {
			Cpu.Sample before = cpu.sample();
			Creates run = this.stored.check(load.closedLoop(prefix(), this.creates / 4, CONNECTIONS), this.db);
			Cpu.PerRequest used = Cpu.perRequest(before, cpu.sample(), run.acked());
			if (used.jit() < 0.1 * used.service()) {
				log("Warm-up of " + count + " instance(s): JIT quiet after " + r + " runs ("
						+ Benchmark.perSecond(run.perSecond()) + ", " + used + ")");
				return;
			}
		}
		log("Warm-up of " + count + " instance(s): the JIT still compiles after 30 runs");
	}

	/**
	 * The server's WAL position in bytes: the whole server's writes, so only meaningful
	 * on a machine nothing else writes to.
	 */
	private long walBytes() throws SQLException {
		try (Connection connection = LocalDatabase.connect(this.db.name());
				Statement statement = connection.createStatement();
				ResultSet position = statement.executeQuery("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')")) {
			position.next();
			return position.getLong(1);
		}
	}

	/**
	 * A counter of each instance's so far, from its {@code /actuator/prometheus}: the
	 * changes its consumer applied ({@link #APPLIED}), or the batches, each one
	 * transaction ({@link #BATCHES}).
	 */
	private double[] counter(List<Integer> ports, String series) throws IOException, InterruptedException {
		double[] applied = new double[ports.size()];
		for (int i = 0; i < ports.size(); i++) {
			applied[i] = Prometheus.sum(this.http, ports.get(i), series);
		}
		return applied;
	}

	/** Each instance's share of the changes applied in between, e.g. {@code 52%/48%}. */
	private static String shares(double[] before, double[] after) {
		double total = total(before, after);
		List<String> shares = new ArrayList<>();
		for (int i = 0; i < after.length; i++) {
			shares.add(String.format("%.0f%%", 100 * (after[i] - before[i]) / Math.max(1, total)));
		}
		return String.join("/", shares);
	}

	private static double total(double[] before, double[] after) {
		double total = 0;
		for (int i = 0; i < after.length; i++) {
			total += after[i] - before[i];
		}
		return total;
	}

	private static String perChange(Notifications.Count count, long changes) {
		double n = Math.max(1, changes);
		return String.format("%.3f NOTIFY, %.0f B per change", count.notifications() / n, count.bytes() / n);
	}

	private static String verdict(Creates creates) {
		boolean once = creates.failed() == 0 && creates.lost() == 0 && creates.duplicates() == 0;
		return (once ? "met " : "MISSED ") + "each stored once";
	}

	private static long acked(List<Creates> runs) {
		return runs.stream().mapToLong(Creates::acked).sum();
	}

	private String prefix() {
		return "scale" + (++this.createRuns) + "-";
	}

	private static void log(String line) {
		System.out
			.println("[bench " + LocalDateTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + "] " + line);
	}

}
