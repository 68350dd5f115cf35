package dev.todoservice.system.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a start's CPU went, read from the service's threads in /proc the moment readiness
 * answered: the main thread (which runs the whole refresh), the JIT compilers, the
 * collector and the rest. On 2 cores the compilers compete with the main thread, so its
 * time waiting for a core (the scheduler's run-queue time, /proc's {@code schedstat}) is
 * given too: it is the part of the start a faster main thread alone would not remove.
 *
 * @param main seconds on a core of the JVM's {@code java} threads (the launcher's and the
 * main thread)
 * @param mainWaiting seconds those threads were runnable but waited for a core
 * @param jit seconds of the C1 and C2 compiler threads
 * @param gc seconds of the collector's threads
 * @param other seconds of every other thread (Tomcat, Kafka clients, the pool, ...)
 */
record StartupCpu(double main, double mainWaiting, double jit, double gc, double other) {

	/** One thread's counters: its name, CPU ticks and nanoseconds waiting for a core. */
	record ThreadTime(String name, long ticks, long waitingNanos) {
	}

	/** The threads of the process {@code pid} as they are now (none if it is gone). */
	static StartupCpu of(long pid) {
		List<ThreadTime> threads = new ArrayList<>();
		try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
			tasks.forEach((task) -> {
				try {
					String[] sched = Files.readString(task.resolve("schedstat")).trim().split(" ");
					threads.add(new ThreadTime(ProcStat.comm(task), ProcStat.ticks(task.resolve("stat"), false),
							Long.parseLong(sched[1])));
				}
				catch (IOException | RuntimeException ex) {
					// The thread ended between the listing and the read: it no longer
					// counts.
				}
			});
		}
		catch (IOException ex) {
			// The process is gone: nothing to read.
		}
		return of(threads);
	}

	static StartupCpu of(List<ThreadTime> threads) {
		long main = 0;
		long waiting = 0;
		long jit = 0;
		long gc = 0;
		long other = 0;
		for (ThreadTime thread : threads) {
			String name = thread.name();
			if (name.equals("java")) {
				main += thread.ticks();
				waiting += thread.waitingNanos();
			}
			else if (name.contains("CompilerThre")) {
				jit += thread.ticks();
			}
			else if (name.startsWith("GC Thread")) {
				gc += thread.ticks();
			}
			else {
				other += thread.ticks();
			}
		}
		return new StartupCpu(ProcStat.seconds(main), waiting / 1e9, ProcStat.seconds(jit), ProcStat.seconds(gc),
				ProcStat.seconds(other));
	}

	/** The median of each part over several starts. */
	static StartupCpu median(List<StartupCpu> starts) {
		return new StartupCpu(Creates.median(starts.stream().mapToDouble(StartupCpu::main).toArray()),
				Creates.median(starts.stream().mapToDouble(StartupCpu::mainWaiting).toArray()),
				Creates.median(starts.stream().mapToDouble(StartupCpu::jit).toArray()),
				Creates.median(starts.stream().mapToDouble(StartupCpu::gc).toArray()),
				Creates.median(starts.stream().mapToDouble(StartupCpu::other).toArray()));
	}

	@Override
	public String toString() {
		return String.format("main thread %.1f s (and %.1f s waiting for a core), JIT compilers %.1f s, GC %.1f s,"
				+ " other threads %.1f s", this.main, this.mainWaiting, this.jit, this.gc, this.other);
	}

}
