package dev.todoservice.system.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's or a thread's name and CPU time, as Linux's /proc gives them ({@code comm},
 * {@code stat}); {@link Cpu} and {@link StartupCpu} read them the same way.
 */
final class ProcStat {

	/** Clock ticks per second of /proc's counters (USER_HZ), 100 on Linux. */
	static final double TICKS_PER_SECOND = 100;

	private ProcStat() {
	}

	/** Ticks as seconds. */
	static double seconds(long ticks) {
		return ticks / TICKS_PER_SECOND;
	}

	/** The name of the process or thread in {@code dir}; empty if it is gone. */
	static String comm(Path dir) {
		try {
			return Files.readString(dir.resolve("comm")).trim();
		}
		catch (IOException ex) {
			return "";
		}
	}

	/**
	 * User and system ticks from a {@code stat} file; with {@code children} also those of
	 * the children that ended (a process's; a thread's file repeats its process's). 0 if
	 * it is gone.
	 */
	static long ticks(Path stat, boolean children) {
		try {
			String text = Files.readString(stat);
			// The name in parentheses may hold spaces: the fields after it are what
			// counts.
			String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
			// utime, stime, cutime, cstime
			long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
			return children ? ticks + Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : ticks;
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

}
