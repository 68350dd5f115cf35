package dev.todoservice.system.bench;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The figures of one run of creates, or of several: rates and latencies as medians,
 * failures, losses and duplicates as sums (one lost write in any run shows).
 *
 * @param perSecond acknowledged creates per second, until the last of them was committed
 * @param acked creates answered 201 or 202
 * @param accepted answered 202 (stored later) rather than 201
 * @param failed answered anything but 201/202, or not at all
 * @param lost acknowledged but not stored
 * @param duplicates stored more than once
 * @param clients connections of the run
 */
record Creates(double perSecond, long acked, long accepted, long failed, long lost, long duplicates, double p50,
		double p99, double max, int clients) {

	Creates withClients(int clients) {
		return new Creates(this.perSecond, this.acked, this.accepted, this.failed, this.lost, this.duplicates, this.p50,
				this.p99, this.max, clients);
	}

	static Creates median(List<Creates> runs) {
		return new Creates(median(runs, Creates::perSecond), sum(runs, Creates::acked), sum(runs, Creates::accepted),
				sum(runs, Creates::failed), sum(runs, Creates::lost), sum(runs, Creates::duplicates),
				median(runs, Creates::p50), median(runs, Creates::p99), median(runs, Creates::max),
				runs.get(0).clients());
	}

	static double median(double[] figures) {
		double[] sorted = figures.clone();
		Arrays.sort(sorted);
		int n = sorted.length;
		return (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	/**
	 * What went wrong, for the table: nothing when every create was answered and stored
	 * once.
	 */
	String losses() {
		StringBuilder text = new StringBuilder();
		if (this.failed > 0) {
			text.append(", ").append(this.failed).append(" failed");
		}
		text.append(", lost ").append(this.lost).append(", dup ").append(this.duplicates);
		if (this.accepted > 0) {
			text.append(", ").append(this.accepted).append(" x 202");
		}
		return text.toString();
	}

	@Override
	public String toString() {
		return String.format("%,.0f/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms%s", this.perSecond, this.p50, this.p99,
				this.max, losses());
	}

	private static double median(List<Creates> runs, ToDoubleFunction<Creates> figure) {
		return median(runs.stream().mapToDouble(figure).toArray());
	}

	private static long sum(List<Creates> runs, ToDoubleFunction<Creates> figure) {
		return (long) runs.stream().mapToDouble(figure).sum();
	}

}
