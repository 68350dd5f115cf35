package dev.todoservice.system.bench;

/** One run's rate, and how many requests (or transactions, or records) it counted. */
record Figure(double perSecond, long count) {

}
