/** Where the database is, waiting for it at start, and creating it when missing. */
package dev.todoservice.database;
