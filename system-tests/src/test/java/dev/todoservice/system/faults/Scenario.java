package dev.todoservice.system.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import dev.todoservice.system.infrastructure.OpenIdIssuer;
import dev.todoservice.system.processes.KafkaProcess;
import dev.todoservice.system.processes.Pause;
import dev.todoservice.system.processes.ServiceProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scenario's world: a database and a broker log of its own, its service instances,
 * its load, and the measurements the checker needs once the fault is over. Closing it
 * stops every process it started and drops its database.
 */
final class Scenario implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(Scenario.class);

	private static final Duration POLL = Duration.ofMillis(250);

	private static final List<String> JVM_OPTIONS = List.of("-Xms256m", "-Xmx768m", "-Djava.awt.headless=true");

	/**
	 * How long the table must hold still, with the consumer at the end of the topic, to
	 * count as final.
	 */
	private static final Duration QUIET = Duration.ofSeconds(3);

	private final String name;

	private final Path dir;

	private final long deadline;

	private final ScenarioDatabase database;

	/** The clients' issuer when the service signs them in; null in the open mode. */
	private final OpenIdIssuer issuer;

	private final Map<Integer, String> tokens = new HashMap<>();

	private final List<ServiceProcess> services = new ArrayList<>();

	private final Ledger ledger = new Ledger();

	private KafkaProcess kafka;

	private Topics topics;

	private LoadDriver load;

	private Set<String> injected = Set.of();

	private double catchUpSeconds = Double.NaN;

	private Scenario(String name, Path dir, String database, boolean signIn, Duration timeout) {
		this.name = name;
		this.dir = dir;
		this.deadline = System.nanoTime() + timeout.toNanos();
		this.database = new ScenarioDatabase(database);
		this.issuer = signIn ? OpenIdIssuer.start() : null;
	}

	/**
	 * Starts a fresh broker (new log directory) and {@code instances} service instances
	 * on a fresh database.
	 * @param signIn whether the service signs the clients in (each load thread with a
	 * token of its own) or runs in the open mode
	 * @param settings extra environment of the service instances
	 */
	static Scenario open(String name, Path dir, String database, int instances, boolean signIn,
			Map<String, String> settings, Duration timeout) {
		Path jar = ServiceProcess.jar();
		Scenario scenario = new Scenario(name, dir, database, signIn, timeout);
		try {
			log.info("Scenario {}: broker, {} service instance(s), database {}", name, instances, database);
			scenario.kafka = KafkaProcess.format(dir.resolve("kafka"), FaultSuite.KAFKA_PORT,
					FaultSuite.CONTROLLER_PORT);
			scenario.kafka.start();
			scenario.topics = new Topics(scenario.kafka.bootstrapServers());
			for (int n = 0; n < instances; n++) {
				// One after the other: the first creates the database, the topics and the
				// schema.
				ServiceProcess service = new ServiceProcess(jar, FaultSuite.FIRST_SERVICE_PORT + n,
						scenario.database.url(), scenario.kafka.bootstrapServers(), scenario.environment(settings),
						JVM_OPTIONS, dir.resolve("service-" + (n + 1) + ".log"));
				scenario.services.add(service);
				service.start();
			}
			return scenario;
		}
		catch (RuntimeException | Error ex) {
			scenario.close();
			throw ex;
		}
	}

	KafkaProcess kafka() {
		return this.kafka;
	}

	ScenarioDatabase database() {
		return this.database;
	}

	ServiceProcess service(int n) {
		return this.services.get(n);
	}

	LoadDriver load() {
		return this.load;
	}

	void startLoad(LoadDriver.Plan plan) {
		this.load = new LoadDriver(plan, this.services.stream().map(ServiceProcess::port).toList(), this.ledger,
				(this.issuer != null) ? this::token : null);
		this.load.start();
		log.info("Scenario {}: load started ({} writes, {} threads)", this.name, plan.writes(), plan.threads());
	}

	/**
	 * Waits until the load has sent {@code writes} requests: the moment a fault strikes
	 * "mid-load".
	 */
	void awaitWrites(int writes) {
		poll("the load to reach " + writes + " writes", () -> this.ledger.writes() >= writes);
		log.info("Scenario {}: fault strikes after {} writes", this.name, this.ledger.writes());
	}

	/** Puts poison records on the topic, among the load. */
	void injectPoison(int count, Duration interval) throws Exception {
		try (Poison poison = new Poison(this.kafka.bootstrapServers(), FaultSuite.TOPIC)) {
			this.injected = poison.inject(count, interval);
		}
	}

	/**
	 * The fault is over (the remedy was just applied): measures how long the consumer
	 * takes to apply all that is on the topic now, counting from this call.
	 */
	void faultEnded() {
		long ended = System.nanoTime();
		log.info("Scenario {}: fault over after {} writes, measuring catch-up", this.name, this.ledger.writes());
		Map<Integer, Long> ends = poll("the broker to tell its end offsets",
				() -> this.topics.endOffsets(FaultSuite.TOPIC));
		poll("the consumer to catch up with " + ends,
				() -> caughtUp(ends, this.database.nextOffsets(FaultSuite.GROUP, FaultSuite.TOPIC)));
		this.catchUpSeconds = (System.nanoTime() - ended) / 1e9;
		log.info("Scenario {}: caught up {} s after the fault", this.name, String.format("%.1f", this.catchUpSeconds));
	}

	/** Lets the load finish, waits for the final state, and judges it. */
	Figures finish() throws Exception {
		this.load.awaitDone();
		log.info("Scenario {}: load done, {} writes in {} s; waiting for the consumer", this.name, this.ledger.writes(),
				String.format("%.0f", this.load.seconds()));
		awaitQuiet();
		this.ledger.write(this.dir.resolve("ledger.csv"));
		long refused = this.ledger.ops().stream().filter((op) -> op.status() == 401 || op.status() == 403).count();
		if (refused > 0) {
			throw new IllegalStateException(refused + " requests answered 401/403: the clients' sign-in failed");
		}
		checkOwners();
		List<Row> rows = this.database.todos();
		Topics.Written written = this.topics.written(FaultSuite.TOPIC);
		Topics.DeadLetters deadLetters = this.topics.deadLetters(FaultSuite.TOPIC + ".DLT");
		long injectedFound = deadLetters.originals().stream().filter(this.injected::contains).count();
		return FaultChecker.check(new History(this.name, this.ledger.ops(), rows, written.titles(), written.deletes(),
				deadLetters.count(), injectedFound, this.injected.size(), this.catchUpSeconds, this.load.seconds()));
	}

	/**
	 * Waits until the consumer has applied the whole topic and the topic stops growing (a
	 * record a request gave up on may still leave the service's producer a little later).
	 */
	private void awaitQuiet() {
		Map<?, ?>[] seen = { null };
		long[] since = { 0 };
		poll("the consumer to apply the whole topic", () -> {
			Map<Integer, Long> ends = this.topics.endOffsets(FaultSuite.TOPIC);
			if (!caughtUp(ends, this.database.nextOffsets(FaultSuite.GROUP, FaultSuite.TOPIC))) {
				seen[0] = null;
				return false;
			}
			if (!ends.equals(seen[0])) {
				seen[0] = ends;
				since[0] = System.nanoTime();
				return false;
			}
			return System.nanoTime() - since[0] >= QUIET.toNanos();
		});
	}

	/**
	 * Every todo belongs to the owner of the thread that created it (its title, created
	 * or updated, names the thread).
	 */
	private void checkOwners() throws Exception {
		Map<String, String> owners = this.database.owners();
		List<String> wrong = new ArrayList<>();
		owners.forEach((title, owner) -> {
			int thread = Integer.parseInt(title.substring(1, title.indexOf('.')));
			String expected = (this.issuer != null) ? this.issuer.owner(subject(thread)) : "shared";
			if (!expected.equals(owner)) {
				wrong.add(title + " of " + owner);
			}
		});
		if (!wrong.isEmpty()) {
			throw new IllegalStateException(wrong.size() + " todos stored for another owner than their client's, e.g. "
					+ wrong.subList(0, Math.min(5, wrong.size())));
		}
	}

	/** Thread n's access token, minted once: a client keeps its token for the run. */
	private synchronized String token(int thread) {
		return this.tokens.computeIfAbsent(thread, (n) -> this.issuer.token(subject(n)));
	}

	private static String subject(int thread) {
		return "fault-client-" + thread;
	}

	private static boolean caughtUp(Map<Integer, Long> ends, Map<Integer, Long> applied) {
		return ends.entrySet().stream().allMatch((end) -> applied.getOrDefault(end.getKey(), 0L) >= end.getValue());
	}

	/**
	 * Polls until {@code outcome} is true (or non-null), failures counting as "not yet",
	 * up to the deadline.
	 */
	private <T> T poll(String what, Callable<T> outcome) {
		Exception last = null;
		while (System.nanoTime() < this.deadline) {
			try {
				T value = outcome.call();
				if (value != null && !Boolean.FALSE.equals(value)) {
					return value;
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted waiting for " + what, ex);
			}
			catch (Exception ex) {
				last = ex; // the broker or the database is not back yet
			}
			Pause.briefly(POLL);
		}
		throw new IllegalStateException("Scenario " + this.name + " timed out waiting for " + what
				+ ((last != null) ? " (last failure: " + last + ")" : ""));
	}

	@Override
	public void close() {
		if (this.load != null) {
			this.load.abort();
		}
		this.services.forEach(ServiceProcess::close);
		if (this.topics != null) {
			this.topics.close();
		}
		if (this.kafka != null) {
			this.kafka.close();
		}
		if (this.issuer != null) {
			this.issuer.close();
		}
		try {
			this.database.unblock();
		}
		catch (Exception ex) {
			// never created: nothing to unblock
		}
		try {
			this.database.close();
		}
		catch (Exception ex) {
			log.warn("Could not drop database {}: {}", this.database.name(), ex.getMessage());
		}
	}

	/**
	 * The suite's topic and group, the sign-in (or the open mode, with the per-owner
	 * limits off: its one shared owner takes all 64 clients' writes), and the scenario's
	 * own settings.
	 */
	private Map<String, String> environment(Map<String, String> settings) {
		Map<String, String> environment = new HashMap<>();
		if (this.issuer != null) {
			environment.putAll(this.issuer.serviceEnvironment());
		}
		else {
			environment.put("TODO_AUTH", "none");
			environment.put("TODO_RATE_LIMIT_ENABLED", "false");
			environment.put("TODO_MAX_TODOS_PER_OWNER", "0");
		}
		environment.putAll(settings);
		environment.put("TODO_TOPIC", FaultSuite.TOPIC);
		environment.put("KAFKA_GROUP_ID", FaultSuite.GROUP);
		return environment;
	}

}
