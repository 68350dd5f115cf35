package dev.todoservice.system.faults;

import java.util.List;
import java.util.Map;

/**
 * What a scenario leaves behind for the checker: the client's ledger, the final table,
 * what the topics hold and how long the consumer took to catch up.
 *
 * @param scenario the row's name
 * @param ops every request of the ledger, in any order
 * @param rows the {@code todo} table once the consumer has caught up
 * @param loggedTitles how many records on the topic carry each title (the log is the
 * truth about which writes reached Kafka, whatever the client was told)
 * @param loggedDeletes how many delete records the topic holds per todo id (a delete
 * carries no title)
 * @param deadLettered records on the dead-letter topic
 * @param deadLetteredInjected distinct injected poison records among them
 * @param injected poison records the scenario produced itself
 * @param catchUpSeconds from the end of the fault until the consumer had applied all that
 * was on the topic then
 * @param loadSeconds how long the load ran
 */
record History(String scenario, List<Op> ops, List<Row> rows, Map<String, Integer> loggedTitles,
		Map<Long, Integer> loggedDeletes, long deadLettered, long deadLetteredInjected, long injected,
		double catchUpSeconds, double loadSeconds) {

}
