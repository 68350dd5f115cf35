package dev.todoservice.system.bench;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start-up line says where a start's CPU went: the main thread, the compilers
 * competing with it, the collector and the rest, each thread counted once.
 */
class StartupCpuTests {

	@Test
	void threadsAreCountedByWhatTheyDo() {
		StartupCpu cpu = StartupCpu
			.of(List.of(new StartupCpu.ThreadTime("java", 2, 0), new StartupCpu.ThreadTime("java", 198, 1_000_000_000L),
					new StartupCpu.ThreadTime("C2 CompilerThre", 270, 900_000_000L),
					new StartupCpu.ThreadTime("C1 CompilerThre", 110, 0),
					new StartupCpu.ThreadTime("GC Thread#0", 20, 0), new StartupCpu.ThreadTime("GC Thread#1", 15, 0),
					new StartupCpu.ThreadTime("kafka-admin-client-thread | todo-service-admin-0", 30, 0),
					new StartupCpu.ThreadTime("http-nio-8003-exec-1", 14, 0)));
		assertThat(cpu.main()).as("the launcher's and the main thread, both named java").isEqualTo(2.0);
		assertThat(cpu.mainWaiting()).as("only the main thread's wait, not the compiler's").isEqualTo(1.0);
		assertThat(cpu.jit()).as("C1 and C2").isEqualTo(3.8);
		assertThat(cpu.gc()).isEqualTo(0.35);
		assertThat(cpu.other()).as("every other thread").isEqualTo(0.44);
		assertThat(cpu).hasToString("main thread 2.0 s (and 1.0 s waiting for a core), JIT compilers 3.8 s, GC 0.4 s,"
				+ " other threads 0.4 s");
	}

	@Test
	void aProcessThatIsGoneHasNothingToCount() {
		assertThat(StartupCpu.of(Long.MAX_VALUE)).isEqualTo(new StartupCpu(0, 0, 0, 0, 0));
	}

	@Test
	void thisJvmsOwnThreadsAreRead() {
		StartupCpu cpu = StartupCpu.of(ProcessHandle.current().pid());
		assertThat(cpu.main() + cpu.jit() + cpu.gc() + cpu.other()).as("a running JVM has spent some CPU").isPositive();
	}

}
