package dev.todoservice.system.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
