package dev.todoservice.system.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * wrk (Debian's package) against one URL or a Lua script's requests: a C load generator
 * that spends little of the 2 cores the service needs, for the read benchmarks.
 */
final class Wrk {

	/**
	 * One run: requests per second and in all, answers other than 2xx/3xx, socket errors
	 * (connect, read, timeout).
	 */
	record Run(double perSecond, long requests, long non2xx, long socketErrors) {

		long errors() {
			return this.non2xx + this.socketErrors;

		}

	}

	/**
	 * Each request a random id in [base + 1, base + count], from a seed of its own per
	 * wrk thread. With tokens (signed in) the requests take the clients' turns: each
	 * carries the next client's token and an id among that client's own rows (seeded row
	 * n is client (n - 1) % clients's, see {@link BenchDatabase#seedUpTo}). wrk cannot
	 * tie a header to a connection, so the clients' tokens rotate over the connections.
	 */
	private static final String RANDOM_IDS = """
			local counter = 0
			function setup(thread)
			  counter = counter + 1
			  thread:set("seed", counter)
			end
			function init(args)
			  math.randomseed(seed * 7919 + os.time())
			  base = tonumber(os.getenv("BENCH_ID_BASE"))
			  count = tonumber(os.getenv("BENCH_ID_COUNT"))
			  pattern = os.getenv("BENCH_PATH")
			  headers = {}
			  for token in string.gmatch(os.getenv("BENCH_TOKENS") or "", "%S+") do
			    table.insert(headers, { Authorization = "Bearer " .. token })
			  end
			  clients = math.max(1, #headers)
			  turn = seed
			end
			function request()
			  turn = turn + 1
			  local client = turn % clients
			  local id = base + (math.random(math.floor(count / clients)) - 1) * clients + client + 1
			  return wrk.format("GET", string.format(pattern, id), headers[client + 1])
			end
			""";

	private final Path dir;

	private final int threads;

	private final Path randomIds;

	Wrk(Path dir, int threads) {
		this.dir = dir;
		this.threads = threads;
		this.randomIds = dir.resolve("random-ids.lua");
		try {
			Files.createDirectories(dir);
			Files.writeString(this.randomIds, RANDOM_IDS);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** GETs of one path. */
	Run get(String url, int connections, int seconds) {
		return run(url, List.of(), Map.of(), connections, seconds);
	}

	/**
	 * GETs of {@code pattern} (a format with one {@code %d}) with a random id in [base +
	 * 1, base + count], each with the next of {@code tokens} (none: no token).
	 */
	Run getRandom(String origin, String pattern, long base, long count, List<String> tokens, int connections,
			int seconds) {
		return run(origin, List.of("-s", this.randomIds.toString()),
				Map.of("BENCH_ID_BASE", Long.toString(base), "BENCH_ID_COUNT", Long.toString(count), "BENCH_PATH",
						pattern, "BENCH_TOKENS", String.join(" ", tokens)),
				connections, seconds);
	}

	private Run run(String url, List<String> options, Map<String, String> env, int connections, int seconds) {
		List<String> command = new ArrayList<>(
				List.of("wrk", "-t", Integer.toString(Math.min(this.threads, connections)), "-c",
						Integer.toString(connections), "-d", seconds + "s", "--timeout", "10s"));
		command.addAll(options);
		command.add(url);
		String out = Tools.run(command, env, this.dir.resolve("wrk.log"), seconds + 60);
		double perSecond = Tools.figure(out, "Requests/sec:\\s+([\\d.]+)", "Requests/sec");
		long requests = (long) Tools.figure(out, "(\\d+) requests in", "requests");
		long non2xx = (long) Tools.figureOrZero(out, "Non-2xx or 3xx responses:\\s+(\\d+)");
		long socket = 0;
		for (String kind : List.of("connect", "read", "write", "timeout")) {
			socket += (long) Tools.figureOrZero(out, kind + " (\\d+)");
		}
		return new Run(perSecond, requests, non2xx, socket);
	}

}
