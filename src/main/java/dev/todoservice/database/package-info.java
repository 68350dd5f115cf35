/** Where the database is, waiting for it at start, and creating it when missing. */
@NullMarked
package dev.todoservice.database;

import org.jspecify.annotations.NullMarked;
