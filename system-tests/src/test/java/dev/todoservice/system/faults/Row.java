package dev.todoservice.system.faults;

/** A row of the {@code todo} table after a scenario: what the checker needs of it. */
record Row(long id, String title, long version) {

}
