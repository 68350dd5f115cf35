/**
 * Live updates: outcomes announced over PostgreSQL NOTIFY to every instance, the requests
 * waiting for them, and the server-sent event stream with its Last-Event-ID history.
 */
@NullMarked
package dev.todoservice.live;

import org.jspecify.annotations.NullMarked;
