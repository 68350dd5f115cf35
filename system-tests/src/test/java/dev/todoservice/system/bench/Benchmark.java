package dev.todoservice.system.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import dev.todoservice.system.processes.ChildJvm;
import dev.todoservice.system.processes.KafkaProcess;
import dev.todoservice.system.processes.Pause;
import dev.todoservice.system.processes.Ports;
import dev.todoservice.system.processes.ServiceProcess;

/**
 * The benchmark ({@code bench/run}): the service as deployed (its jar, in a JVM of its
 * own) against the machine's PostgreSQL and a real Kafka broker in a JVM of its own,
 * measured from outside, next to the bounds of the same machine in the same run (pgbench,
 * Kafka's ProducerPerformance). Prints one table, with where the CPU time of each figure
 * went.
 * <p>
 * Settings (environment): {@code BENCH_RUNS} runs per figure, the median printed (3);
 * {@code BENCH_SECONDS} per wrk/pgbench run (5); {@code BENCH_CREATES} creates per write
 * run (20000); {@code BENCH_SERVICE_JAVA} the JDK the service runs on (this JVM's);
 * {@code BENCH_SERVICE_JVM_OPTIONS} the service's JVM options
 * ({@link #SERVICE_JVM_OPTIONS_25}); {@code BENCH_AOT=0} the executable jar as it is,
 * without the extracted layout and AOT cache of the container ({@link Deployed});
 * {@code BENCH_SPRING_AOT=0} not in Spring AOT mode, as the image built with
 * {@code SPRING_AOT=false}; {@code BENCH_SERVICE_ENV} extra environment of the service
 * ({@code NAME=value,...}, to try a setting); {@code BENCH_ONLY} {@code reads},
 * {@code writes}, {@code streams} or {@code startup} (only the start, {@code BENCH_RUNS}
 * times); {@code BENCH_STREAMS} open event streams while creates run
 * ({@link #measureStreams}), with {@code BENCH_STREAM_OWNERS} and
 * {@code BENCH_STREAM_RATE}; {@code BENCH_JFR=1} records the service with Java Flight
 * Recorder into the run's directory; {@code BENCH_AUTH} {@code oidc} (sign-in on, one
 * token per load client: the default), {@code none} (the open mode) or {@code both} (the
 * whole benchmark once in each mode, then the two side by side; {@code both-open-first}
 * in the other order).
 */
public final class Benchmark {

	/**
	 * The JVM options the service is measured with: the Dockerfile's, in a container of
	 * compose.yaml's 1 GiB (MaxRAM: the heap's maximum and initial size follow from it as
	 * in the container).
	 */
	static final String SERVICE_JVM_OPTIONS = "-XX:MaxRAM=1g -XX:MaxRAMPercentage=75.0 -XX:+UseParallelGC"
			+ " -XX:YoungGenerationSizeSupplement=0 -XX:TrimNativeHeapInterval=1000";

	/** And from Java 25 on (JEP 519), with the Dockerfile. */
	static final String SERVICE_JVM_OPTIONS_25 = SERVICE_JVM_OPTIONS + " -XX:+UseCompactObjectHeaders";

	private static final int RUNS = setting("BENCH_RUNS", 3);

	private static final int SECONDS = setting("BENCH_SECONDS", 5);

	private static final int CREATES = setting("BENCH_CREATES", 20_000);

	private static final String ONLY = System.getenv().getOrDefault("BENCH_ONLY", "");

	/** Open event streams while creates run (0: none, the default). */
	private static final int STREAMS = setting("BENCH_STREAMS", 0);

	/** Two streams an owner (two tabs each) unless asked otherwise. */
	private static final int STREAM_OWNERS = setting("BENCH_STREAM_OWNERS", Math.max(1, STREAMS / 2));

	/** Creates per second beside the streams; 0: half the peak the writes found. */
	private static final int STREAM_RATE = setting("BENCH_STREAM_RATE", 0);

	/**
	 * Tomcat's request threads at most: the pool may grow to them while the streams
	 * connect, but a thread per open stream would add thousands.
	 */
	private static final int REQUEST_THREADS = 200;

	/**
	 * The service as the container runs it: the extracted jar and the cache of a training
	 * run ({@code BENCH_AOT=0}: the executable jar as it is, no cache).
	 */
	private static final boolean AOT = !"0".equals(System.getenv("BENCH_AOT"));

	/** How long the service is left alone after it is ready before "idle" is read. */
	private static final Duration IDLE = Duration.ofSeconds(3);

	/** The origin's figures were taken with 10 clients; wrk's two threads share them. */
	private static final int READ_CLIENTS = 10;

	private static final int[] CREATE_CLIENTS = { 10, 64 };

	private static final long PRODUCER_RECORDS = 1_000_000;

	private final String run;

	private final Path dir;

	private final SignIn signIn;

	/** The figures the two modes are compared by, in the table's order. */
	private final Map<String, Measured> compared = new LinkedHashMap<>();

	private final Table table = new Table();

	private final Memory memory = new Memory();

	/** For the service's own figures ({@link Prometheus}). */
	private final HttpClient http = HttpClient.newHttpClient();

	private Cpu cpu;

	private int createRuns;

	/**
	 * A figure's median over the runs, and the CPU time per request (or record) those
	 * runs took.
	 */
	private record Measured(double perSecond, Cpu.PerRequest cpu) {
	}

	private Benchmark(String run, Path dir, SignIn signIn) {
		this.run = run;
		this.dir = dir;
		this.signIn = signIn;
	}

	/**
	 * Runs the benchmark and exits ({@code bench/run} launches it over this module's test
	 * classpath).
	 */
	public static void main(String[] args) throws Exception {
		String run = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"));
		Path dir = Path.of("target", "bench", run).toAbsolutePath();
		String auth = System.getenv().getOrDefault("BENCH_AUTH", "oidc").trim();
		switch (auth) {
			case "", "oidc" -> measure(run, dir, SignIn.on());
			case "none" -> measure(run, dir, SignIn.off());
			case "both", "both-open-first" -> {
				// Each mode on a service, broker and database of its own, one after the
				// other: the machine may change in between, so the order can be swapped.
				boolean openFirst = auth.equals("both-open-first");
				Benchmark off = openFirst ? measure(run + "_none", dir.resolve("none"), SignIn.off()) : null;
				Benchmark on = measure(run + "_oidc", dir.resolve("oidc"), SignIn.on());
				if (!openFirst) {
					off = measure(run + "_none", dir.resolve("none"), SignIn.off());
				}
				String comparison = compare(run, on, off);
				System.out.println();
				System.out.println(comparison);
				Files.writeString(dir.resolve("comparison.txt"), comparison);
			}
			default ->
				throw new IllegalArgumentException("BENCH_AUTH is oidc, none, both or both-open-first, not " + auth);
		}
		System.exit(0); // the clients' and admin clients' threads are no reason to stay
	}

	private static Benchmark measure(String run, Path dir, SignIn signIn) throws Exception {
		try (signIn) {
			Benchmark benchmark = new Benchmark(run, dir, signIn);
			benchmark.measure();
			return benchmark;
		}
	}

	/**
	 * The figures of both modes side by side: what sign-in costs each, in rate and in CPU
	 * time per request.
	 */
	private static String compare(String run, Benchmark on, Benchmark off) {
		StringBuilder out = new StringBuilder("Sign-in on vs open mode, benchmark " + run + " (median of " + RUNS
				+ " runs each; CPU us per request: service JVM / whole machine)\n");
		String format = "%-40s  %12s  %12s  %10s  %18s  %18s%n";
		out.append(String.format(format, "measure", "sign-in on", "open", "on / open", "CPU sign-in on", "CPU open"));
		for (Map.Entry<String, Measured> figure : on.compared.entrySet()) {
			Measured open = off.compared.get(figure.getKey());
			if (open == null) {
				continue;
			}
			Measured signedIn = figure.getValue();
			out.append(
					String.format(format, figure.getKey(), perSecond(signedIn.perSecond()), perSecond(open.perSecond()),
							ratio(signedIn.perSecond() / open.perSecond()), cpu(signedIn.cpu()), cpu(open.cpu())));
		}
		return out.toString();
	}

	private static String cpu(Cpu.PerRequest cpu) {
		return String.format("%,.0f / %,.0f", cpu.service(),
				cpu.service() + cpu.postgres() + cpu.broker() + cpu.load() + cpu.other());
	}

	private void measure() throws Exception {
		Path javaHome = serviceJavaHome();
		String defaults = (Deployed.featureVersion(javaHome) >= 25) ? SERVICE_JVM_OPTIONS_25 : SERVICE_JVM_OPTIONS;
		List<String> jvmOptions = new ArrayList<>(Arrays
			.asList(System.getenv().getOrDefault("BENCH_SERVICE_JVM_OPTIONS", defaults).trim().split("\\s+")));
		if (!"0".equals(System.getenv("BENCH_SPRING_AOT"))) {
			// As the image: trained and started in Spring AOT mode.
			jvmOptions.add("-Dspring.aot.enabled=true");
		}
		Path jar = ServiceProcess.jar();
		Deployed.Layout service = AOT
				? Deployed.prepare(javaHome, jar, jvmOptions, this.dir.resolve("app"), this.dir.resolve("training.log"))
				: new Deployed.Layout(jar, jvmOptions);
		jvmOptions = new ArrayList<>(service.jvmOptions());
		if ("1".equals(System.getenv("BENCH_JFR"))) {
			jvmOptions
				.add("-XX:StartFlightRecording=filename=" + this.dir.resolve("service.jfr") + ",settings=default");
		}
		Map<String, String> environment = serviceEnvironment();
		String title = "todo-service benchmark " + this.run + ", " + this.signIn.label() + " ("
				+ Runtime.getRuntime().availableProcessors() + " cores; service JVM " + javaHome.getFileName() + " "
				+ String.join(" ", jvmOptions) + (AOT ? ", extracted jar" : ", executable jar")
				+ (environment.isEmpty() ? "" : " " + environment) + "; median of " + RUNS + " runs)";
		log(title);
		if (ONLY.equals("startup")) {
			measureStartup(javaHome, service.jar(), jvmOptions, environment);
		}
		else {
			measure(javaHome, service.jar(), jvmOptions, environment, jar);
		}
		String printed = this.table.render(title);
		System.out.println();
		System.out.println(printed);
		Files.writeString(this.dir.resolve("table.txt"), printed);
		log("Table, logs and broker data in " + this.dir);
	}

	private void measure(Path javaHome, Path jar, List<String> jvmOptions, Map<String, String> environment,
			Path executableJar) throws Exception {
		try (KafkaProcess kafka = KafkaProcess.format(this.dir.resolve("kafka"), Ports.free(), Ports.free());
				BenchDatabase db = new BenchDatabase("todo_bench_" + this.run);
				BenchDatabase bare = BenchDatabase.bare("todo_bench_" + this.run + "_pgbench", executableJar)) {
			kafka.start();
			ServiceProcess service = new ServiceProcess(javaHome, jar, Ports.free(), db.url(), kafka.bootstrapServers(),
					environment, jvmOptions, this.dir.resolve("service.log"));
			try (service) {
				long launched = System.nanoTime();
				service.start();
				double startup = (System.nanoTime() - launched) / 1e9;
				StartupCpu startupCpu = StartupCpu.of(service.pid());
				this.cpu = new Cpu(service.pid(), service.port(), kafka.pid());
				this.memory.watch(service.pid());
				Pause.briefly(IDLE);
				long idle = this.memory.residentMiB();
				this.table.section("Service");
				this.table.row("start to ready (readiness 200)", format(startup, "s"), "", "", "", "");
				this.table.row("CPU until ready", "", startupCpu.toString(), "", "", "");
				this.table.row("resident memory at idle", idle + " MiB", "", "", "", "");
				if (only("reads")) {
					measureReads(service.port(), db);
				}
				Creates peak = null;
				if (only("writes")) {
					peak = measureCreates(service.port(), db, bare);
					measureLatencyAndOverload(service.port(), db, peak);
				}
				if (STREAMS > 0) {
					measureStreams(service.port(), db, peak);
				}
				this.table.section("Service");
				this.table.row("resident memory under load (max)", this.memory.maxMiB() + " MiB", "", "", "", "");
				if (ONLY.isEmpty()) {
					measureProducerBound(kafka);
				}
				this.memory.stop();
				service.stop();
			}
			List<Integer> instances = Instances.counts();
			if (!instances.isEmpty()) {
				new Instances(this.dir, javaHome, jar, db, kafka, environment, jvmOptions, this.signIn, RUNS, CREATES,
						this::creates)
					.measure(this.table, instances);
			}
		}
	}

	/**
	 * {@code BENCH_ONLY=startup}: the start alone, {@link #RUNS} times, each on a fresh
	 * database, topic and consumer group (as the full benchmark's one start is), then
	 * again on the same ones, as a restart or another instance starts: the database
	 * exists and is migrated, the topic exists. The median of each figure printed.
	 */
	private void measureStartup(Path javaHome, Path jar, List<String> jvmOptions, Map<String, String> environment)
			throws Exception {
		double[] firsts = new double[RUNS];
		double[] restarts = new double[RUNS];
		double[] idles = new double[RUNS];
		List<StartupCpu> restartCpu = new ArrayList<>();
		try (KafkaProcess kafka = KafkaProcess.format(this.dir.resolve("kafka"), Ports.free(), Ports.free())) {
			kafka.start();
			for (int i = 0; i < RUNS; i++) {
				Map<String, String> settings = new TreeMap<>(environment);
				settings.put("TODO_TOPIC", "todos_" + i);
				settings.put("KAFKA_GROUP_ID", "bench_" + i);
				try (BenchDatabase db = new BenchDatabase("todo_bench_" + this.run + "_" + i)) {
					Start first = startOnce(javaHome, jar, db, kafka, settings, jvmOptions, "service-" + i, true);
					firsts[i] = first.seconds();
					idles[i] = first.idleMiB();
					Start again = startOnce(javaHome, jar, db, kafka, settings, jvmOptions, "service-" + i + "-again",
							false);
					restarts[i] = again.seconds();
					restartCpu.add(again.cpu());
					log(String.format(
							"start %d: ready after %.1f s on a fresh database, %.1f s again; %.0f MiB resident at idle;"
									+ " CPU until ready again: %s",
							i + 1, firsts[i], restarts[i], idles[i], again.cpu()));
				}
			}
		}
		this.table.section("Service");
		this.table.row("start to ready (readiness 200)", format(Creates.median(firsts), "s"),
				"fresh database and topic: creates and migrates them", "", "", "");
		this.table.row("start to ready, again (restart, another instance)", format(Creates.median(restarts), "s"),
				"the same database and topic", "", "", "");
		this.table.row("resident memory at idle", String.format("%.0f MiB", Creates.median(idles)), "", "", "", "");
		this.table.row("CPU until ready, again", "", StartupCpu.median(restartCpu).toString(), "", "", "");
	}

	/**
	 * A start's seconds to readiness, where its CPU went until then and, when asked, its
	 * resident memory at idle.
	 */
	private record Start(double seconds, StartupCpu cpu, double idleMiB) {
	}

	/**
	 * One start to readiness; with {@code idle}, the resident memory {@link #IDLE} later
	 * (else NaN).
	 */
	private Start startOnce(Path javaHome, Path jar, BenchDatabase db, KafkaProcess kafka, Map<String, String> settings,
			List<String> jvmOptions, String log, boolean idle) throws Exception {
		try (ServiceProcess service = new ServiceProcess(javaHome, jar, Ports.free(), db.url(),
				kafka.bootstrapServers(), settings, jvmOptions, this.dir.resolve(log + ".log"))) {
			long launched = System.nanoTime();
			service.start();
			double seconds = (System.nanoTime() - launched) / 1e9;
			StartupCpu cpu = StartupCpu.of(service.pid());
			double idleMiB = Double.NaN;
			if (idle) {
				Memory memory = new Memory();
				memory.watch(service.pid());
				Pause.briefly(IDLE);
				idleMiB = memory.residentMiB();
				memory.stop();
			}
			service.stop();
			return new Start(seconds, cpu, idleMiB);
		}
	}

	/**
	 * The JDK the service runs on: {@code BENCH_SERVICE_JAVA} (bench/run sets the
	 * recommended one), else this JVM's.
	 */
	private static Path serviceJavaHome() {
		String java = System.getenv().getOrDefault("BENCH_SERVICE_JAVA", "").trim();
		return java.isEmpty() ? ChildJvm.javaHome() : Path.of(java);
	}

	private void measureReads(int port, BenchDatabase db) throws Exception {
		String origin = "http://127.0.0.1:" + port;
		Wrk wrk = new Wrk(this.dir, 2);
		PgBench pgbench = new PgBench(this.dir);
		// Signed in, the reading clients each read rows of their own: seeded row n is
		// client (n - 1) % 10's.
		List<String> owners = this.signIn.owners(READ_CLIENTS);
		List<String> tokens = this.signIn.tokens(READ_CLIENTS);
		db.seedUpTo(10_000, owners);
		// GET / is public: no token, the HTTP stack's (and the security filters')
		// ceiling.
		Supplier<Figure> root = () -> checked(wrk.get(origin + "/", READ_CLIENTS, SECONDS));
		Supplier<Figure> page = () -> checked(wrk.getRandom(origin, "/todos/?limit=100&after=%d",
				BenchDatabase.SEED_BASE, db.seeded() - 100L * owners.size(), tokens, READ_CLIENTS, SECONDS));
		Supplier<Figure> byId = () -> checked(wrk.getRandom(origin, "/todos/%d", BenchDatabase.SEED_BASE, db.seeded(),
				tokens, READ_CLIENTS, SECONDS));
		for (Supplier<Figure> read : List.of(root, page, byId)) {
			warmUp("reads", read);
		}
		this.table.section("Reads (wrk, " + READ_CLIENTS + " connections)");
		Measured ceiling = median("GET /", root);
		this.compared.put("GET / (public)", ceiling);
		this.table.row("GET / (the HTTP stack's ceiling)", perSecond(ceiling.perSecond()), "", "", "",
				ceiling.cpu().toString());

		Measured page10k = median("page at 10k rows", page);
		this.compared.put("GET /todos/?limit=100, 10,000 rows", page10k);
		this.table.row(String.format("GET /todos/?limit=100, %,d rows", db.rows()), perSecond(page10k.perSecond()), "",
				"", "", page10k.cpu().toString());

		db.seedUpTo(100_000, owners);
		Measured get = median("GET /todos/{id}", byId);
		this.compared.put("GET /todos/{id}, 100,000 rows", get);
		Measured select = median("pgbench SELECT", () -> pgbench.tps("select-by-id", db.name(),
				"\\set id random(" + (BenchDatabase.SEED_BASE + 1) + ", " + (BenchDatabase.SEED_BASE + 100_000) + ")\n"
						+ "SELECT id, title, description, completed, version FROM todo WHERE id = :id;\n",
				READ_CLIENTS, SECONDS));
		this.table.row(String.format("GET /todos/{id}, %,d rows", db.rows()), perSecond(get.perSecond()),
				"pgbench SELECT by id " + perSecond(select.perSecond()),
				"GET / x " + ratio(get.perSecond() / ceiling.perSecond()),
				verdict(get.perSecond() >= 0.6 * ceiling.perSecond(), ">= 0.60"), get.cpu().toString());
		this.table.row("  pgbench SELECT by id (bound)", perSecond(select.perSecond()), "", "", "",
				select.cpu().toString());

		db.seedUpTo(1_000_000, owners);
		Measured page1m = median("page at 1M rows", page);
		this.compared.put("GET /todos/?limit=100, 1,000,000 rows", page1m);
		this.table.row(String.format("GET /todos/?limit=100, %,d rows", db.rows()), perSecond(page1m.perSecond()), "",
				"cost x " + ratio(page10k.perSecond() / page1m.perSecond()) + " of 10k",
				verdict(page10k.perSecond() / page1m.perSecond() <= 1.3, "<= 1.30"), page1m.cpu().toString());
	}

	/**
	 * Durable creates at each concurrency next to pgbench's INSERT at the same; returns
	 * the fastest.
	 */
	private Creates measureCreates(int port, BenchDatabase db, BenchDatabase bare) throws Exception {
		CreateLoad load = new CreateLoad(port, this.signIn);
		PgBench pgbench = new PgBench(this.dir);
		for (int clients : CREATE_CLIENTS) {
			warmUp("creates at " + clients + " connections", () -> {
				try {
					Creates run = creates(load.closedLoop(prefix(), CREATES / 4, clients), db);
					return new Figure(run.perSecond(), run.acked());
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
		}
		this.table.section("Durable creates (POST answered after the commit in PostgreSQL, " + CREATES + " per run)");
		Creates peak = null;
		for (int clients : CREATE_CLIENTS) {
			log("Creates at " + clients + " connections");
			creates(load.closedLoop(prefix(), CREATES / 4, clients), db); // the pools and
																			// batches of
																			// this load
			Cpu.Sample before = this.cpu.sample();
			List<Creates> runs = new ArrayList<>();
			for (int r = 0; r < RUNS; r++) {
				Creates run = creates(load.closedLoop(prefix(), CREATES, clients), db);
				log("  run " + (r + 1) + ": " + run);
				runs.add(run);
			}
			Cpu.PerRequest cpu = Cpu.perRequest(before, this.cpu.sample(), acked(runs));
			Creates median = Creates.median(runs);
			this.compared.put("creates/s, " + clients + " connections", new Measured(median.perSecond(), cpu));
			Measured insert = median("pgbench INSERT at " + clients,
					() -> pgbench.tps("insert", bare.name(),
							"INSERT INTO todo (id, owner, title, description, completed) VALUES "
									+ "(nextval('todo_id_block'), 'pgbench', 'pgbench', 'benchmark', false);\n",
							clients, SECONDS));
			this.table.row("creates/s, " + clients + " connections", perSecond(median.perSecond()) + median.losses(),
					"pgbench INSERT " + perSecond(insert.perSecond()),
					"x " + ratio(median.perSecond() / insert.perSecond()),
					verdict(median.perSecond() >= insert.perSecond(), ">= 1.00"), cpu.toString());
			this.table.row("  pgbench INSERT (bound), " + clients + " clients", perSecond(insert.perSecond()), "", "",
					"", insert.cpu().toString());
			if (peak == null || median.perSecond() > peak.perSecond()) {
				peak = median.withClients(clients);
			}
		}
		return peak;
	}

	private void measureLatencyAndOverload(int port, BenchDatabase db, Creates peak) throws Exception {
		CreateLoad load = new CreateLoad(port, this.signIn);
		double rate = Math.max(1, Math.floor(peak.perSecond() / 2));
		int count = (int) Math.max(1_000, rate * 10);
		this.table.section("Write-to-apply latency (POST sent to 201 after the commit, open loop)");
		// Uncounted, as before the other figures: the pools, tokens and batches of this
		// load, after pgbench's.
		CreateLoad.Result warmUp = load.openLoop(prefix(), (int) rate * 2, 256, rate);
		log("  latency warm-up (not counted): " + creates(warmUp, db) + "; p99/max ms by second: "
				+ warmUp.tailByWindow((int) rate));
		Cpu.Sample before = this.cpu.sample();
		List<Creates> runs = new ArrayList<>();
		List<InService> inService = new ArrayList<>();
		for (int r = 0; r < RUNS; r++) {
			InService.Read start = InService.read(this.http, port);
			CreateLoad.Result result = load.openLoop(prefix(), count, 256, rate);
			inService.add(InService.read(this.http, port).since(start));
			Creates run = creates(result, db);
			log("  latency run " + (r + 1) + " at " + rate + "/s: " + run + "; " + inService.get(r)
					+ "; p99/max ms by second: " + result.tailByWindow((int) rate));
			runs.add(run);
		}
		Cpu.PerRequest cpu = Cpu.perRequest(before, this.cpu.sample(), acked(runs));
		Creates median = Creates.median(runs);
		this.table.row(String.format("at half the peak rate, %,.0f/s", rate),
				"p50 " + format(median.p50(), "ms") + ", p99 " + format(median.p99(), "ms"),
				"max " + format(median.max(), "ms") + median.losses(), "",
				verdict(median.p99() <= 25 && median.failed() == 0, "p99 <= 25 ms"), cpu.toString());
		// The run whose apply p99 is the median's: its two buckets.
		inService.sort(Comparator.comparingDouble((figures) -> figures.apply().upper()));
		InService middle = inService.get(inService.size() / 2);
		this.table.row("    in the service, p99 (its bucket)", middle.request() + " request",
				middle.apply() + " accepted to committed", "", "", "");
		// Half the peak's rate is not half the machine: a create costs more CPU at a
		// lower rate (each batch, each wake-up shared by fewer); a busy machine queues.
		String busy = String.format("%.0f%% of %d cores", 100 * cpu.busy(median.perSecond()),
				Runtime.getRuntime().availableProcessors());
		this.table.row("    the machine busy at that rate", busy, "", "", "", "");

		int clients = 4 * peak.clients();
		this.table.section("Overload (" + clients + " connections, 4 x the peak's " + peak.clients() + ")");
		before = this.cpu.sample();
		runs.clear();
		for (int r = 0; r < RUNS; r++) {
			Creates run = creates(load.closedLoop(prefix(), CREATES, clients), db);
			log("  overload run " + (r + 1) + ": " + run);
			runs.add(run);
		}
		cpu = Cpu.perRequest(before, this.cpu.sample(), acked(runs));
		Creates overload = Creates.median(runs);
		this.compared.put("creates/s, " + clients + " connections (overload)", new Measured(overload.perSecond(), cpu));
		long errors = runs.stream().mapToLong((run) -> run.failed() + run.lost() + run.duplicates()).sum();
		this.table.row("creates/s, " + clients + " connections", perSecond(overload.perSecond()) + overload.losses(),
				"p99 " + format(overload.p99(), "ms") + ", errors " + errors,
				"peak x " + ratio(overload.perSecond() / peak.perSecond()),
				verdict(errors == 0 && overload.perSecond() >= 0.9 * peak.perSecond(), ">= 0.90, 0 errors"),
				cpu.toString());
	}

	/**
	 * Many live browsers: {@code BENCH_STREAMS} open event streams over
	 * {@code BENCH_STREAM_OWNERS} owners while the owners create at half the peak rate
	 * (or {@code BENCH_STREAM_RATE}); every stream must get the event of every create of
	 * its owner. In the open mode all streams are the one shared owner's, so every stream
	 * gets every create: the rate is divided by the owners asked for, which keeps the
	 * events per stream, and in all, those of the signed-in run.
	 */
	private void measureStreams(int port, BenchDatabase db, Creates peak) throws Exception {
		if (STREAM_RATE <= 0 && peak == null) {
			throw new IllegalArgumentException("BENCH_STREAMS without the writes needs BENCH_STREAM_RATE");
		}
		double rate = (STREAM_RATE > 0) ? STREAM_RATE : Math.max(1, Math.floor(peak.perSecond() / 2));
		if (!this.signIn.enabled()) {
			rate = Math.max(1, Math.floor(rate / STREAM_OWNERS));
		}
		log("Opening " + STREAMS + " event streams over " + (this.signIn.enabled() ? STREAM_OWNERS : 1) + " owners");
		Path tools = this.dir.resolve("heap.log");
		long heapBefore = this.memory.liveHeapKiB(tools);
		long residentBefore = this.memory.residentKiB();
		long threadsBefore = this.memory.threads();
		long opening = System.nanoTime();
		try (StreamLoad streams = StreamLoad.open(port, this.signIn, STREAMS, STREAM_OWNERS, Duration.ofMinutes(5))) {
			double openSeconds = (System.nanoTime() - opening) / 1e9;
			Pause.briefly(Duration.ofSeconds(3));
			long residentAfter = this.memory.residentKiB();
			long threadsAfter = this.memory.threads();
			long heapAfter = this.memory.liveHeapKiB(tools);
			int connected = streams.connected();
			log("  " + connected + " streams open in " + format(openSeconds, "s") + "; resident "
					+ residentBefore / 1024 + " -> " + residentAfter / 1024 + " MiB, live heap " + heapBefore / 1024
					+ " -> " + heapAfter / 1024 + " MiB, threads " + threadsBefore + " -> " + threadsAfter
					+ (streams.failure().isEmpty() ? "" : "; first failure: " + streams.failure()));
			// Signed in, create i is owner i % owners's, whose streams are every
			// owners-th, on any of the peak's 64 connections.
			int connections = this.signIn.enabled() ? Math.min(64, streams.owners()) : 64;
			CreateLoad load = new CreateLoad(port, this.signIn).byOwner(streams.owners());
			int count = (int) Math.max(10, rate * 10);
			// Uncounted: the fan-out's code is compiled on its first events.
			streamRun(streams, load, db, rate, count / 2, connections);
			Cpu.Sample before = this.cpu.sample();
			StreamRun run = streamRun(streams, load, db, rate, count, connections);
			Cpu.PerRequest cpu = Cpu.perRequest(before, this.cpu.sample(), run.creates().acked());
			StreamLoad.Delivery delivery = run.delivery();
			log("  streams at " + rate + "/s: " + run.creates() + "; " + delivery);

			this.table.section(String.format(
					"Live streams (GET /todos/events: %,d over %,d owners; creates at %,.0f/s, open loop, %,d of them)",
					STREAMS, streams.owners(), rate, count));
			this.table.row("streams open (one client thread)", String.format("%,d of %,d", connected, STREAMS),
					"opened in " + format(openSeconds, "s") + ", dropped " + streams.dropped(), "",
					verdict(connected == STREAMS && streams.dropped() == 0, "all open"), "");
			this.table.row("events to every stream of the owner",
					String.format("%,d of %,d", delivery.received(), delivery.expected()),
					String.format("missed %,d (%,d streams), dup %,d, other owners' %,d", delivery.missed(),
							delivery.streamsMissing(), delivery.duplicates(), delivery.foreign()),
					"", verdict(delivery.missed() == 0 && delivery.duplicates() == 0 && delivery.foreign() == 0,
							"0 missed"),
					cpu.toString());
			this.table.row("create sent to event at each stream",
					"p50 " + format(delivery.p50(), "ms") + ", p99 " + format(delivery.p99(), "ms"),
					"max " + format(delivery.max(), "ms") + run.creates().losses(), "",
					verdict(delivery.p99() <= 1000 && delivery.missed() == 0, "p99 <= 1 s"), "");
			this.table.row("service CPU per event delivered",
					String.format("%,.1f us", cpu.service() * run.creates().acked() / Math.max(1, delivery.received())),
					"", "", "", "");
			this.table.row("service resident memory", residentBefore / 1024 + " -> " + residentAfter / 1024 + " MiB",
					String.format("per open stream %,.1f KiB",
							(residentAfter - residentBefore) / (double) Math.max(1, connected)),
					"", "", "");
			this.table.row("service live heap (after a full GC)",
					heapBefore / 1024 + " -> " + heapAfter / 1024 + " MiB", String.format("per open stream %,.1f KiB",
							(heapAfter - heapBefore) / (double) Math.max(1, connected)),
					"", "", "");
			this.table.row("service threads, streams open", String.valueOf(threadsAfter), "before " + threadsBefore, "",
					verdict(threadsAfter - threadsBefore <= REQUEST_THREADS, "+200 at most: no thread per stream"), "");
		}
	}

	private record StreamRun(Creates creates, StreamLoad.Delivery delivery) {
	}

	/**
	 * One open-loop run of creates by the streams' owners, and what the streams got of
	 * it.
	 */
	private StreamRun streamRun(StreamLoad streams, CreateLoad load, BenchDatabase db, double rate, int count,
			int connections) throws Exception {
		String prefix = prefix();
		long interval = CreateLoad.interval(rate);
		long start = System.nanoTime() + 200_000_000L;
		streams.expect(prefix, start, interval);
		CreateLoad.Result result = load.openLoop(prefix, count, connections, start, interval);
		Creates creates = creates(result, db);
		return new StreamRun(creates, streams.delivery(result, Duration.ofSeconds(10)));
	}

	private void measureProducerBound(KafkaProcess kafka) {
		ProducerPerf producer = new ProducerPerf(kafka.bootstrapServers(),
				this.dir.resolve("producer-performance.log"));
		this.table.section("Bounds of this machine");
		Measured records = median("Kafka ProducerPerformance", () -> producer.recordsPerSecond(PRODUCER_RECORDS, 100));
		this.table.row("Kafka ProducerPerformance, 100 B, acks=all", perSecond(records.perSecond()) + " records", "",
				"", "", "");
	}

	/**
	 * Waits until every acknowledged create is stored, then counts what is missing or
	 * stored twice.
	 */
	private Creates creates(CreateLoad.Result result, BenchDatabase db) throws Exception {
		this.createRuns++;
		long end = result.endNanos();
		long deadline = System.nanoTime() + 60_000_000_000L;
		while (db.stored(result.prefix()) < result.acked() && System.nanoTime() < deadline) {
			Pause.briefly(Duration.ofMillis(5));
			end = System.nanoTime();
		}
		Map<String, Integer> stored = db.titles(result.prefix());
		long lost = result.ackedTitles().stream().filter((title) -> !stored.containsKey(title)).count();
		long duplicates = stored.values().stream().mapToLong((n) -> n - 1).sum();
		double seconds = (end - result.startNanos()) / 1e9;
		return new Creates(result.acked() / seconds, result.acked(), result.accepted(), result.failed(), lost,
				duplicates, result.latencyMillis(0.5), result.latencyMillis(0.99), result.latencyMillis(1.0), 0);
	}

	private static long acked(List<Creates> runs) {
		return runs.stream().mapToLong(Creates::acked).sum();
	}

	private String prefix() {
		return "bench" + this.createRuns + "-";
	}

	/**
	 * Runs the load until the service's JIT compiler is quiet (under 10% of the service's
	 * CPU time during a run), 30 runs at most: it compiles for minutes on 2 busy cores
	 * (some 50,000 creates), and until it is done a figure measures the compiler rather
	 * than the service.
	 */
	private void warmUp(String what, Supplier<Figure> run) {
		for (int r = 1; r <= 30; r++) {
			Cpu.Sample before = this.cpu.sample();
			Figure figure = run.get();
			Cpu.PerRequest cpu = Cpu.perRequest(before, this.cpu.sample(), figure.count());
			if (cpu.jit() < 0.1 * cpu.service()) {
				log("Warm-up of " + what + ": JIT quiet after " + r + " runs (" + perSecond(figure.perSecond()) + ", "
						+ cpu + ")");
				return;
			}
		}
		log("Warm-up of " + what + ": the JIT still compiles after 30 runs");
	}

	/**
	 * The median of {@link #RUNS} runs after one warm-up run that is not counted, and
	 * their CPU time.
	 */
	private Measured median(String what, Supplier<Figure> run) {
		run.get();
		double[] figures = new double[RUNS];
		long count = 0;
		Cpu.Sample before = this.cpu.sample();
		for (int r = 0; r < RUNS; r++) {
			Figure figure = run.get();
			figures[r] = figure.perSecond();
			count += figure.count();
		}
		Cpu.PerRequest cpu = Cpu.perRequest(before, this.cpu.sample(), count);
		log(what + ": " + Arrays.toString(figures) + "; CPU us per request: " + cpu);
		return new Measured(Creates.median(figures), cpu);
	}

	/** A wrk run's figure, failing the benchmark when any request failed. */
	private static Figure checked(Wrk.Run run) {
		if (run.errors() > 0) {
			throw new IllegalStateException(
					"wrk saw " + run.non2xx() + " non-2xx answers and " + run.socketErrors() + " socket errors");
		}
		return new Figure(run.perSecond(), run.requests());
	}

	/** The mode's environment, then {@code BENCH_SERVICE_ENV}'s settings over it. */
	private Map<String, String> serviceEnvironment() {
		Map<String, String> environment = new TreeMap<>(this.signIn.serviceEnvironment());
		for (String pair : System.getenv().getOrDefault("BENCH_SERVICE_ENV", "").split(",")) {
			if (!pair.isBlank()) {
				environment.put(pair.substring(0, pair.indexOf('=')).trim(), pair.substring(pair.indexOf('=') + 1));
			}
		}
		return environment;
	}

	/**
	 * Whether this half runs: with no {@code BENCH_ONLY}, or that half named (any other
	 * value, such as {@code instances}, runs neither).
	 */
	private static boolean only(String half) {
		return ONLY.isEmpty() || ONLY.equals(half);
	}

	private static int setting(String name, int otherwise) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? otherwise : Integer.parseInt(value.trim());
	}

	static String perSecond(double value) {
		return String.format("%,.0f/s", value);
	}

	static String format(double value, String unit) {
		return String.format((value < 10) ? "%.1f %s" : "%,.0f %s", value, unit);
	}

	private static String ratio(double value) {
		return String.format("%.2f", value);
	}

	private static String verdict(boolean met, String target) {
		return (met ? "met " : "MISSED ") + target;
	}

	private static void log(String line) {
		System.out
			.println("[bench " + LocalDateTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + "] " + line);
	}

}
