package dev.todoservice.system.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The service's resident set (VmRSS from /proc), read now and sampled every 200 ms for
 * the maximum; and its thread count.
 */
final class Memory {

	private volatile long pid;

	private volatile long maxKiB;

	private Thread sampler;

	void watch(long pid) {
		this.pid = pid;
		this.sampler = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				this.maxKiB = Math.max(this.maxKiB, residentKiB());
				try {
					Thread.sleep(200);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}, "bench-memory");
		this.sampler.setDaemon(true);
		this.sampler.start();
	}

	long residentMiB() {
		return residentKiB() / 1024;
	}

	long maxMiB() {
		return this.maxKiB / 1024;
	}

	void stop() {
		this.sampler.interrupt();
	}

	long residentKiB() {
		return status("VmRSS:");
	}

	/**
	 * The service's live heap in KiB: what its heap holds after a full collection
	 * ({@code jcmd GC.run}, then {@code jstat -gc}), with its own JDK's tools. Unlike the
	 * resident set it leaves out heap the collector has touched and not given back;
	 * {@code output} keeps the tools' output.
	 */
	long liveHeapKiB(Path output) {
		Path bin = Path
			.of(ProcessHandle.of(this.pid)
				.flatMap((service) -> service.info().command())
				.orElseThrow(() -> new IllegalStateException("the service's java is unknown")))
			.getParent();
		String pid = Long.toString(this.pid);
		Tools.run(List.of(bin.resolve("jcmd").toString(), pid, "GC.run"), Map.of(), output, 60);
		String[] lines = Tools.run(List.of(bin.resolve("jstat").toString(), "-gc", pid), Map.of(), output, 60)
			.trim()
			.split("\n");
		String[] names = lines[lines.length - 2].trim().split("\\s+");
		String[] values = lines[lines.length - 1].trim().split("\\s+");
		double used = 0;
		for (int i = 0; i < names.length; i++) {
			if (List.of("S0U", "S1U", "EU", "OU").contains(names[i])) {
				used += Double.parseDouble(values[i]);
			}
		}
		return (long) used;
	}

	/** The service's threads now (a thread per open stream would show here). */
	long threads() {
		return status("Threads:");
	}

	private long status(String field) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(this.pid), "status"))) {
				if (line.startsWith(field)) {
					return Long.parseLong(line.replaceAll("[^0-9]", ""));
				}
			}
		}
		catch (IOException ex) {
			// the process is gone
		}
		return 0;
	}

}
