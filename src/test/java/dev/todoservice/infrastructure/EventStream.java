package dev.todoservice.infrastructure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A client of a text/event-stream, as a browser's EventSource would be: it collects the
 * events it gets.
 */
public final class EventStream implements AutoCloseable {

	/** One server-sent event. */
	public record Event(String id, String name, String data) {
	}

	private static final Executor READERS = Executors.newCachedThreadPool((task) -> {
		Thread reader = new Thread(task, "event-stream-reader");
		reader.setDaemon(true);
		return reader;
	});

	private final List<Event> events = new CopyOnWriteArrayList<>();

	private final CompletableFuture<HttpResponse<Stream<String>>> response;

	private EventStream(URI uri, String lastEventId, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
		if (lastEventId != null) {
			request.header("Last-Event-ID", lastEventId);
		}
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		this.response = HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(5))
			.build()
			.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
		// Read on a thread of its own: a dependent stage may otherwise run on the thread
		// that waits in awaitConnected, which would then read the stream forever.
		this.response.thenAcceptAsync((lines) -> read(lines.body()), READERS);
	}

	public static EventStream open(URI uri, String lastEventId) {
		return new EventStream(uri, lastEventId);
	}

	/** With more request headers, as name-value pairs (e.g. Authorization). */
	public static EventStream open(URI uri, String lastEventId, String... headers) {
		return new EventStream(uri, lastEventId, headers);
	}

	/**
	 * Waits for the response's headers: the service has then registered the stream, so no
	 * change after this is missed.
	 */
	public int awaitConnected() {
		try {
			return this.response.get(10, TimeUnit.SECONDS).statusCode();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("the stream did not connect", ex);
		}
	}

	public List<Event> events() {
		return List.copyOf(this.events);
	}

	private void read(Stream<String> lines) {
		String[] current = new String[3];
		StringBuilder data = new StringBuilder();
		lines.forEach((line) -> {
			if (line.isEmpty()) {
				if (!data.isEmpty()) {
					this.events.add(new Event(current[0], current[1], data.toString()));
				}
				current[0] = null;
				current[1] = null;
				data.setLength(0);
			}
			else if (line.startsWith("id:")) {
				current[0] = line.substring(3).trim();
			}
			else if (line.startsWith("event:")) {
				current[1] = line.substring(6).trim();
			}
			else if (line.startsWith("data:")) {
				data.append(line.substring(5).trim());
			}
		});
	}

	@Override
	public void close() {
		this.response.cancel(true);
		this.response.thenAccept((lines) -> lines.body().close());
	}

}
