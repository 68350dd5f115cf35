package dev.todoservice.system.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the machine's CPU time goes while a figure is measured: the service's JVM (and
 * its JIT compiler threads), PostgreSQL's processes, the broker's JVM, the load generator
 * (wrk, or this JVM for the writes) and the rest (kernel interrupts, everything else),
 * from /proc, in microseconds per request. On 2 shared cores this is what bounds each
 * figure. With the service's address also what its JVM allocated per request, from its
 * own {@code jvm.gc.memory.allocated} (counted at each young collection, so exact to one
 * young generation over a figure's many).
 */
final class Cpu {

	private final List<Long> services;

	private final long broker;

	/** The service's port, for its Prometheus page; null: then no allocation figure. */
	private final Integer port;

	private final HttpClient http = HttpClient.newHttpClient();

	Cpu(long service, int port, long broker) {
		this(List.of(service), (Integer) port, broker);
	}

	/** Several instances of the service, counted together as the service. */
	Cpu(List<Long> services, long broker) {
		this(services, null, broker);
	}

	private Cpu(List<Long> services, Integer port, long broker) {
		this.services = List.copyOf(services);
		this.port = port;
		this.broker = broker;
	}

	/**
	 * CPU time so far, in ticks, per consumer; and the bytes the service allocated (-1
	 * unknown).
	 */
	record Sample(long service, long jit, long postgres, long broker, long load, long machine, long allocated) {
	}

	/**
	 * The difference of two samples, per request; the allocation in KB (NaN when
	 * unknown).
	 */
	record PerRequest(double service, double jit, double postgres, double broker, double load, double other,
			double allocatedKb) {

		/**
		 * The share of the machine's cores busy at {@code perSecond} requests: every
		 * process, the kernel and the rest.
		 */
		double busy(double perSecond) {
			double perRequest = this.service + this.postgres + this.broker + this.load + this.other;
			return perRequest * perSecond / 1e6 / Runtime.getRuntime().availableProcessors();
		}

		@Override
		public String toString() {
			return String.format("svc %.0f (jit %.0f), pg %.0f, kafka %.0f, load %.0f, other %.0f", this.service,
					this.jit, this.postgres, this.broker, this.load, this.other)
					+ ((Double.isNaN(this.allocatedKb) || this.service == 0) ? ""
							: String.format(", svc alloc %.1f KB", this.allocatedKb));
		}

	}

	Sample sample() {
		return new Sample(this.services.stream().mapToLong(Cpu::ticks).sum(),
				this.services.stream().mapToLong(Cpu::jitTicks).sum(), processes(List.of("postgres")),
				ticks(this.broker), loadTicks(), machineTicks(), allocated());
	}

	private long allocated() {
		if (this.port == null) {
			return -1;
		}
		try {
			return (long) Prometheus.sum(this.http, this.port, "jvm_gc_memory_allocated_bytes_total");
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	static PerRequest perRequest(Sample from, Sample to, long requests) {
		double scale = 1e6 / ProcStat.TICKS_PER_SECOND / Math.max(1, requests);
		double service = (to.service - from.service) * scale;
		double postgres = (to.postgres - from.postgres) * scale;
		double broker = (to.broker - from.broker) * scale;
		double load = (to.load - from.load) * scale;
		double machine = (to.machine - from.machine) * scale;
		double allocated = (from.allocated < 0 || to.allocated < 0) ? Double.NaN
				: (to.allocated - from.allocated) / 1000.0 / Math.max(1, requests);
		return new PerRequest(service, (to.jit - from.jit) * scale, postgres, broker, load,
				Math.max(0, machine - service - postgres - broker - load), allocated);
	}

	/**
	 * CPU time of a process, all its threads, and of its children that ended (a backend,
	 * a wrk run).
	 */
	private static long ticks(long pid) {
		return ProcStat.ticks(Path.of("/proc", Long.toString(pid), "stat"), true);
	}

	/** The JIT compiler threads of a JVM (C1, C2). */
	private static long jitTicks(long pid) {
		try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
			return tasks.filter((task) -> ProcStat.comm(task).contains("CompilerThre"))
				.mapToLong((task) -> ProcStat.ticks(task.resolve("stat"), false))
				.sum();
		}
		catch (IOException ex) {
			return 0;
		}
	}

	/**
	 * This JVM, which sends the writes, and its children that ended: wrk, pgbench,
	 * ProducerPerformance.
	 */
	private static long loadTicks() {
		return ticks(ProcessHandle.current().pid());
	}

	/**
	 * Processes by name; a PostgreSQL backend that ended counts through the postmaster
	 * that reaped it.
	 */
	private static long processes(List<String> names) {
		try (Stream<Path> all = Files.list(Path.of("/proc"))) {
			return all.filter((dir) -> dir.getFileName().toString().chars().allMatch(Character::isDigit))
				.filter((dir) -> names.contains(ProcStat.comm(dir)))
				.mapToLong((dir) -> ProcStat.ticks(dir.resolve("stat"), true))
				.sum();
		}
		catch (IOException ex) {
			return 0;
		}
	}

	/** All CPUs' busy time: every field of /proc/stat's cpu line but idle and iowait. */
	private static long machineTicks() {
		try {
			String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
			long busy = 0;
			for (int i = 1; i < Math.min(fields.length, 9); i++) {
				if (i != 4 && i != 5) {
					busy += Long.parseLong(fields[i]);
				}
			}
			return busy;
		}
		catch (IOException ex) {
			return 0;
		}
	}

}
