package dev.todoservice.system.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL's own pgbench with a script of one statement: the bound a bare client
 * reaches on this server, prepared statements, one transaction per statement
 * (autocommit), as many clients as the service gets.
 */
final class PgBench {

	private final Path dir;

	PgBench(Path dir) {
		this.dir = dir;
	}

	/**
	 * Transactions per second of {@code sql} (one statement, pgbench variables allowed)
	 * over the run.
	 */
	Figure tps(String name, String database, String sql, int clients, int seconds) {
		Path script = this.dir.resolve(name + ".sql");
		try {
			Files.createDirectories(this.dir);
			Files.writeString(script, sql);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		String out = Tools.run(List.of("pgbench", "-h", "127.0.0.1", "-U", "postgres", "-n", "-M", "prepared", "-c",
				Integer.toString(clients), "-j", "2", "-T", Integer.toString(seconds), "-f", script.toString(),
				database), Map.of(), this.dir.resolve("pgbench.log"), seconds + 60);
		return new Figure(Tools.figure(out, "tps = ([\\d.]+) \\(without initial connection time\\)", "tps"),
				(long) Tools.figure(out, "number of transactions actually processed: (\\d+)", "transactions"));
	}

}
