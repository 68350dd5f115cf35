package dev.todoservice.system.observability;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MetricNamesTests {

	@Test
	void readsTheMetricsNotTheFunctionsLabelsOrDurations() {
		assertThat(MetricNames.read(
				"histogram_quantile(0.99, sum by (le, uri) (rate(todo_write_apply_seconds_bucket{le=\"1.0\", uri=~\"/todos.*\"}[$__rate_interval]))) > 1e3"))
			.containsExactly("todo_write_apply_seconds_bucket");
		assertThat(MetricNames.read("sum(rate(a_total[5m])) by (topic) / on (topic) group_left b unless c offset 5m"))
			.containsExactly("a_total", "b", "c");
		assertThat(MetricNames.read("todo_readiness == 0 or up{job=\"todo-service\"} == 0"))
			.containsExactly("todo_readiness", "up");
	}

	@Test
	void readsSampleNamesOfAnExposition() {
		assertThat(MetricNames.exposed("""
				# HELP x_seconds a histogram
				# TYPE x_seconds histogram
				x_seconds_bucket{le="1.0"} 2
				x_seconds_count{a="b"} 2
				up 1
				""")).containsExactly("up", "x_seconds_bucket", "x_seconds_count");
	}

}
