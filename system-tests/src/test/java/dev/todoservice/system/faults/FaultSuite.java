package dev.todoservice.system.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.todoservice.system.processes.Pause;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault suite ({@code ./mvnw -f system-tests/pom.xml -Pfaults verify}, not part of
 * any fast build): the service (its executable jar), a Kafka broker and the load each in
 * processes of their own, one fault per scenario in the middle of 20,000 writes, then the
 * client's ledger against the final table. Prints one table; a scenario fails when an
 * acknowledged write is lost, a write applied twice, a 5xx other than 503 answered or the
 * dead letters are not exactly the poison injected.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuite {

	static final String TOPIC = "todos2";

	static final String GROUP = "my-group";

	static final int KAFKA_PORT = 19092;

	static final int CONTROLLER_PORT = 19093;

	static final int FIRST_SERVICE_PORT = 18081;

	/**
	 * 10,000 creates, 8,000 updates (each a unique title), 2,000 deletes, 240 s at most.
	 * A write waits for the consumer, so throughput grows with the writes in flight: 64
	 * threads do 150-200 writes/s on 2 busy cores where 16 threads do 40.
	 */
	static final LoadDriver.Plan LOAD = new LoadDriver.Plan(64, 10_000, 8_000, 2_000, Duration.ofSeconds(240));

	/** Writes sent before the fault strikes: a quarter of the load. */
	static final int FAULT_AT = LOAD.writes() / 4;

	/** Every wait of a scenario ends by then; JUnit's timeout below is the backstop. */
	static final Duration SCENARIO_TIMEOUT = Duration.ofMinutes(7);

	/**
	 * Sign-in on (the service's default; each client thread an owner with a token of its
	 * own) unless {@code FAULTS_AUTH=none}: the open mode.
	 */
	static final boolean SIGN_IN = !"none".equals(System.getenv("FAULTS_AUTH"));

	private static final String RUN = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"));

	private static final Path RUN_DIR = Path.of("target", "faults", RUN);

	private static final List<Figures> rows = new CopyOnWriteArrayList<>();

	/** The fault a scenario injects into its running world. */
	@FunctionalInterface
	interface Fault {

		void strike(Scenario scenario) throws Exception;

	}

	@Test
	@Order(1)
	@Timeout(value = 8, unit = TimeUnit.MINUTES)
	void a_serviceKilledMidLoadAndStartedAgain() throws Exception {
		scenario("a service SIGKILL", "a", 1, Map.of(), (scenario) -> {
			scenario.awaitWrites(FAULT_AT);
			scenario.service(0).kill();
			scenario.service(0).launch();
			scenario.faultEnded();
		});
	}

	@Test
	@Order(2)
	@Timeout(value = 8, unit = TimeUnit.MINUTES)
	void b_brokerKilledMidLoadAndStartedAgain() throws Exception {
		scenario("b broker SIGKILL 10s", "b", 1, Map.of(), (scenario) -> {
			scenario.awaitWrites(FAULT_AT);
			scenario.kafka().kill();
			Pause.briefly(Duration.ofSeconds(10)); // the outage
			scenario.kafka().launch(); // same port, same log directory
			scenario.faultEnded();
		});
	}

	@Test
	@Order(3)
	@Timeout(value = 8, unit = TimeUnit.MINUTES)
	void c_databaseUnavailableMidLoad() throws Exception {
		scenario("c database gone 15s", "c", 1, Map.of(), (scenario) -> {
			scenario.awaitWrites(FAULT_AT);
			scenario.database().block();
			try {
				Pause.briefly(Duration.ofSeconds(15)); // the outage
			}
			finally {
				scenario.database().unblock();
			}
			scenario.faultEnded();
		});
	}

	@Test
	@Order(4)
	@Timeout(value = 8, unit = TimeUnit.MINUTES)
	void d_oneOfTwoInstancesKilledMidLoad() throws Exception {
		// Each instance learns of the other's applies through PostgreSQL NOTIFY, so the
		// default wait stands.
		scenario("d 1 of 2 SIGKILL", "d", 2, Map.of(), (scenario) -> {
			scenario.awaitWrites(FAULT_AT);
			scenario.load().retire(scenario.service(1).port());
			scenario.service(1).kill(); // for good: the other instance takes its
										// partitions over
			scenario.faultEnded();
		});
	}

	@Test
	@Order(5)
	@Timeout(value = 8, unit = TimeUnit.MINUTES)
	void e_poisonRecordsAmongTheLoad() throws Exception {
		scenario("e 1000 poison records", "e", 1, Map.of(), (scenario) -> {
			scenario.awaitWrites(LOAD.writes() / 10);
			scenario.injectPoison(1_000, Duration.ofMillis(20));
			scenario.faultEnded();
		});
	}

	@AfterAll
	static void printTable() throws Exception {
		String table = "Fault suite " + RUN + ", "
				+ (SIGN_IN ? "sign-in on, one token per client thread" : "open mode (TODO_AUTH=none)") + "\n"
				+ FaultTable.render(rows);
		System.out.println();
		System.out.println("Logs, ledgers and broker logs in " + RUN_DIR);
		System.out.println(table);
		Files.createDirectories(RUN_DIR);
		Files.writeString(RUN_DIR.resolve("table.txt"), table);
	}

	/**
	 * Runs one scenario in a world of its own and adds its row to the table.
	 * @param settings extra environment of the service instances
	 */
	private static void scenario(String name, String slug, int instances, Map<String, String> settings, Fault fault)
			throws Exception {
		Figures figures;
		try (Scenario scenario = Scenario.open(name, RUN_DIR.resolve(slug), "todo_faults_" + RUN + "_" + slug,
				instances, SIGN_IN, settings, SCENARIO_TIMEOUT)) {
			scenario.startLoad(LOAD);
			fault.strike(scenario);
			figures = scenario.finish();
		}
		catch (Exception | AssertionError ex) {
			rows.add(Figures.failed(name, ex.getMessage()));
			throw ex;
		}
		rows.add(figures);
		assertThat(figures.violations()).as(name).isEmpty();
	}

}
