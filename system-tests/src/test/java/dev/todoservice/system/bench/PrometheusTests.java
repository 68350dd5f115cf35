package dev.todoservice.system.bench;

import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service-side p99 the benchmark prints comes from a histogram's buckets counted
 * during one run: it must not count the creates of the runs before it.
 */
class PrometheusTests {

	@Test
	void aQuantileIsTheBoundOfItsBucketCountingOnlyWhatCameSince() {
		Prometheus.Buckets before = buckets(0.005, 1000, 0.025, 1000, Double.POSITIVE_INFINITY, 1000);
		Prometheus.Buckets after = buckets(0.005, 1980, 0.025, 1999, Double.POSITIVE_INFINITY, 2000);
		Prometheus.Buckets run = after.since(before);
		assertThat(run.quantile(0.5)).as("half the run's 1,000 within 5 ms").isEqualTo(new Prometheus.Range(0, 5));
		assertThat(run.quantile(0.99)).as("the 990th of the run is past 5 ms (980 within)")
			.isEqualTo(new Prometheus.Range(5, 25));
		assertThat(run.quantile(1.0)).as("the last one is past the last bound")
			.isEqualTo(new Prometheus.Range(25, Double.POSITIVE_INFINITY));
		assertThat(run.quantile(0.99)).hasToString("5.0 to 25 ms");
		assertThat(after.since(after).quantile(0.99)).as("nothing counted").hasToString("none counted");
	}

	private static Prometheus.Buckets buckets(double... boundsAndCounts) {
		TreeMap<Double, Double> counts = new TreeMap<>();
		for (int i = 0; i < boundsAndCounts.length; i += 2) {
			counts.put(boundsAndCounts[i], boundsAndCounts[i + 1]);
		}
		return new Prometheus.Buckets(counts);
	}

}
