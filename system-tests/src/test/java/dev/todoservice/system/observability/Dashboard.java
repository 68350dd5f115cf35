package dev.todoservice.system.observability;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboard's queries, as Prometheus would run them: every panel's targets
 * (rows' panels too), with Grafana's {@code $__rate_interval} set to a fixed range.
 */
record Dashboard(List<Query> queries) {

	static Dashboard read(Path file, String rateInterval) {
		List<Query> queries = new ArrayList<>();
		collect(JsonMapper.builder().build().readTree(file.toFile()).path("panels"), rateInterval, queries);
		return new Dashboard(List.copyOf(queries));
	}

	private static void collect(JsonNode panels, String rateInterval, List<Query> queries) {
		for (JsonNode panel : panels) {
			for (JsonNode target : panel.path("targets")) {
				String expr = target.path("expr").asString();
				queries.add(new Query(panel.path("title").asString() + " / " + target.path("refId").asString(),
						expr.replace("$__rate_interval", rateInterval)));
			}
			collect(panel.path("panels"), rateInterval, queries);
		}
	}

	record Query(String panel, String expr) {
	}

}
