package dev.todoservice.system.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A series of a service instance's {@code /actuator/prometheus}, read by the benchmark.
 */
final class Prometheus {

	private static final Pattern BOUND = Pattern.compile("le=\"([^\"]+)\"");

	private Prometheus() {
	}

	/** The series' value so far, summed over its labels (each instance tags its own). */
	static double sum(HttpClient http, int port, String series) throws IOException, InterruptedException {
		return page(http, port).sum(series);
	}

	/** The instance's whole page as it is now: several series read from one request. */
	static Page page(HttpClient http, int port) throws IOException, InterruptedException {
		HttpResponse<String> page = http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
		return new Page(page.body().lines().toList());
	}

	/** One reading of {@code /actuator/prometheus}. */
	record Page(List<String> lines) {

		/** The series' value, summed over its labels. */
		double sum(String series) {
			return this.lines.stream()
				.filter((line) -> line.startsWith(series + "{"))
				.mapToDouble(Prometheus::value)
				.sum();
		}

		/**
		 * A histogram's buckets ({@code <series>_bucket}), summed over the series whose
		 * labels contain each of {@code labels} (e.g. {@code method="POST"}).
		 */
		Buckets buckets(String series, String... labels) {
			NavigableMap<Double, Double> counts = new TreeMap<>();
			this.lines.stream()
				.filter((line) -> line.startsWith(series + "_bucket{"))
				.filter((line) -> Stream.of(labels).allMatch(line::contains))
				.forEach((line) -> {
					Matcher bound = BOUND.matcher(line);
					if (bound.find()) {
						double le = "+Inf".equals(bound.group(1)) ? Double.POSITIVE_INFINITY
								: Double.parseDouble(bound.group(1));
						counts.merge(le, value(line), Double::sum);
					}
				});
			return new Buckets(counts);
		}

	}

	private static double value(String line) {
		return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
	}

	/**
	 * Cumulative counts by upper bound in seconds ({@code le}), as Prometheus gives them.
	 */
	record Buckets(NavigableMap<Double, Double> counts) {

		/** What was counted since {@code earlier}. */
		Buckets since(Buckets earlier) {
			NavigableMap<Double, Double> counts = new TreeMap<>();
			this.counts.forEach((le, count) -> counts.put(le, count - earlier.counts.getOrDefault(le, 0.0)));
			return new Buckets(counts);
		}

		/**
		 * The bucket that holds the quantile, its bounds in milliseconds (NaN when
		 * nothing was counted).
		 */
		Range quantile(double quantile) {
			Map.Entry<Double, Double> all = this.counts.lastEntry();
			if (all == null || all.getValue() <= 0) {
				return new Range(Double.NaN, Double.NaN);
			}
			double wanted = quantile * all.getValue();
			double lower = 0;
			for (Map.Entry<Double, Double> bucket : this.counts.entrySet()) {
				if (bucket.getValue() >= wanted) {
					return new Range(lower * 1000, bucket.getKey() * 1000);
				}
				lower = bucket.getKey();
			}
			return new Range(lower * 1000, Double.POSITIVE_INFINITY);
		}

	}

	/**
	 * A histogram bucket's bounds in milliseconds: above {@code lower}, at most
	 * {@code upper}.
	 */
	record Range(double lower, double upper) {

		@Override
		public String toString() {
			return Double.isNaN(this.upper) ? "none counted"
					: Benchmark.format(this.lower, "to") + " " + Benchmark.format(this.upper, "ms");
		}

	}

}
