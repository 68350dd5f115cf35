/**
 * bench/run's entry point, run by java in source-file mode. It lives outside the test classes: a second
 * main there would make dev mode ({@code ./mvnw spring-boot:test-run}) refuse to choose between two.
 */
class Run {

	public static void main(String[] args) throws Exception {
		dev.todoservice.bench.Benchmark.run();
	}

}
