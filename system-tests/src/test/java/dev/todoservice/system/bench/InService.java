package dev.todoservice.system.bench;

import java.io.IOException;
import java.net.http.HttpClient;

/**
 * Where a run's creates spent their time by the service's own histograms: the p99 of the
 * request inside the service ({@code http.server.requests}, from the first filter to the
 * answer; its buckets are the dashboard's few), and of the change from being accepted to
 * being committed by the consumer ({@code todo.write.apply}), each as the bucket it falls
 * in; and the consumer's batches. The client's latency beyond the request's is the wait
 * outside the service (the client, the kernel, Tomcat's queue); the request's beyond the
 * apply is the request's own work before and after it.
 *
 * @param request the bucket of the p99 of a create inside the service
 * @param apply the bucket of the p99 from accepted to committed
 * @param batches the consumer's batches (one transaction each)
 * @param batchMillis their mean duration, ms
 */
record InService(Prometheus.Range request, Prometheus.Range apply, double batches, double batchMillis) {

	private static final String REQUEST = "http_server_requests_seconds";

	private static final String APPLY = "todo_write_apply_seconds";

	private static final String BATCHES = "spring_kafka_listener_seconds";

	static Read read(HttpClient http, int port) throws IOException, InterruptedException {
		Prometheus.Page page = Prometheus.page(http, port);
		return new Read(page.buckets(REQUEST, "method=\"POST\"", "status=\"201\""), page.buckets(APPLY),
				page.sum(BATCHES + "_count"), page.sum(BATCHES + "_sum"));
	}

	@Override
	public String toString() {
		return String.format("in the service p99 %s request, %s accepted to committed; %,.0f batches of %s",
				this.request, this.apply, this.batches, Benchmark.format(this.batchMillis, "ms"));
	}

	/** The histograms and counters so far. */
	record Read(Prometheus.Buckets request, Prometheus.Buckets apply, double batches, double batchSeconds) {

		InService since(Read start) {
			double batches = this.batches - start.batches;
			return new InService(this.request.since(start.request).quantile(0.99),
					this.apply.since(start.apply).quantile(0.99), batches,
					1000 * (this.batchSeconds - start.batchSeconds) / Math.max(1, batches));
		}

	}

}
