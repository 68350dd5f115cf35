package dev.todoservice.system.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A series of a service instance's {@code /actuator/prometheus}, read by the benchmark.
 */
final class Prometheus {

	private Prometheus() {
	}

	/** The series' value so far, summed over its labels (each instance tags its own). */
	static double sum(HttpClient http, int port, String series) throws IOException, InterruptedException {
		HttpResponse<String> page = http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
		return page.body()
			.lines()
			.filter((line) -> line.startsWith(series + "{"))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

}
