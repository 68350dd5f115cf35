package dev.todoservice.system.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;

import dev.todoservice.system.processes.Pause;

/**
 * Many open {@code GET /todos/events} streams, as many live browsers, held by one thread:
 * non-blocking sockets on one selector, the chunked text/event-stream parsed just enough
 * to find which create each event is (its title, {@code <prefix><n>}) and when it
 * arrived.
 * <p>
 * Hand-written for the same reason as {@link HttpConnection}: the JDK's HttpClient costs
 * several times the CPU per event, and every event the client reads is one the service
 * wrote on the same cores. A thread per stream is what this measures the service for not
 * needing, so the client does not need it either.
 */
final class StreamLoad implements AutoCloseable {

	/**
	 * Connects in flight at once (the listen backlog is Tomcat's accept-count); one until
	 * the first stream is open, as the service resolves its OpenID issuer on the first
	 * signed-in request, and a burst of first requests can time that out.
	 */
	private static final int CONNECTING = 128;

	private static final byte[] TITLE = "\"title\":\"".getBytes(StandardCharsets.US_ASCII);

	private final int port;

	private final SignIn signIn;

	/** Owner index of each stream; stream {@code s} is owner {@code s % owners}'s. */
	private final int owners;

	private final Stream[] streams;

	private final Selector selector;

	private final Thread reader;

	private final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);

	private volatile boolean closed;

	// What the reader thread opened, and what it read for the current run; guarded by
	// this.
	private int opened;

	private int connected;

	/** Streams that never connected. */
	private int failed;

	/** Streams that connected and later broke: their events count as missed. */
	private int dropped;

	/** Why the first stream that failed or broke did, for the log. */
	private String failure = "";

	private byte[] pattern = new byte[0];

	private long start;

	private long interval = 1;

	private long received;

	private long duplicates;

	private long[] latencies = new long[1024];

	private int latencyCount;

	/** One stream's socket and where its parser is. */
	private static final class Stream {

		final int owner;

		SocketChannel channel;

		ByteBuffer request;

		boolean body;

		boolean connected;

		int status;

		/** In the body: bytes left of the current chunk, or -1 while reading a size. */
		long chunk = -1;

		long size;

		boolean extension;

		/** CR LF bytes after a chunk's data still to skip. */
		int trailer;

		byte[] line = new byte[512];

		int length;

		BitSet got = new BitSet();

		Stream(int owner) {
			this.owner = owner;
		}

	}

	/** What the streams got of one run of creates. */
	record Delivery(long expected, long received, long missed, long duplicates, long foreign, int streamsMissing,
			double p50, double p99, double max) {
	}

	private StreamLoad(int port, SignIn signIn, int streams, int owners) throws IOException {
		this.port = port;
		this.signIn = signIn;
		this.owners = signIn.enabled() ? owners : 1;
		this.streams = new Stream[streams];
		for (int s = 0; s < streams; s++) {
			this.streams[s] = new Stream(s % this.owners);
		}
		this.selector = Selector.open();
		this.reader = new Thread(this::read, "bench-streams");
		this.reader.setDaemon(true);
	}

	/**
	 * Opens {@code streams} streams spread over {@code owners} owners (one, the shared
	 * one, in the open mode) and waits until each has had its first comment, which the
	 * service sends once the stream is registered; or gives up after {@code timeout}.
	 */
	static StreamLoad open(int port, SignIn signIn, int streams, int owners, Duration timeout) throws IOException {
		StreamLoad load = new StreamLoad(port, signIn, streams, owners);
		load.reader.start();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			synchronized (load) {
				if (load.connected + load.failed >= streams) {
					break;
				}
			}
			Pause.briefly(Duration.ofMillis(100));
		}
		return load;
	}

	/** The owners the streams are spread over: the creates must come from these. */
	int owners() {
		return this.owners;
	}

	synchronized int connected() {
		return this.connected;
	}

	/** Streams that broke after they connected. */
	synchronized int dropped() {
		return this.dropped;
	}

	/** Why the first stream that failed to open, or broke, did; empty when none did. */
	synchronized String failure() {
		return this.failure;
	}

	/**
	 * Starts counting the events of the creates titled {@code prefix<n>}, create
	 * {@code n} due at {@code start + n * interval} (the open loop's schedule): an
	 * event's latency runs from then.
	 */
	synchronized void expect(String prefix, long start, long interval) {
		for (Stream stream : this.streams) {
			stream.got = new BitSet();
		}
		byte[] title = prefix.getBytes(StandardCharsets.UTF_8);
		this.pattern = Arrays.copyOf(TITLE, TITLE.length + title.length);
		System.arraycopy(title, 0, this.pattern, TITLE.length, title.length);
		this.start = start;
		this.interval = interval;
		this.received = 0;
		this.duplicates = 0;
		this.latencyCount = 0;
	}

	/**
	 * Waits until every stream has the event of every create of its owner the service
	 * acknowledged (or none arrives for {@code quiet}), then counts what arrived: missed
	 * events, events twice, events of another owner's creates, and the latencies.
	 * {@code result}'s connection {@code c} is owner {@code c % owners}.
	 */
	Delivery delivery(CreateLoad.Result result, Duration quiet) {
		BitSet[] acked = new BitSet[this.owners];
		BitSet[] sent = new BitSet[this.owners];
		for (int o = 0; o < this.owners; o++) {
			acked[o] = new BitSet();
			sent[o] = new BitSet();
		}
		for (int i = 0; i < result.sent(); i++) {
			int owner = result.client()[i] % this.owners;
			sent[owner].set(i);
			if (result.acknowledged()[i]) {
				acked[owner].set(i);
			}
		}
		long expected = 0;
		for (Stream stream : this.streams) {
			if (stream.connected) {
				expected += acked[stream.owner].cardinality();
			}
		}
		long last = -1;
		long progress = System.nanoTime();
		while (System.nanoTime() - progress < quiet.toNanos()) {
			synchronized (this) {
				if (this.received >= expected) {
					break;
				}
				if (this.received != last) {
					last = this.received;
					progress = System.nanoTime();
				}
			}
			Pause.briefly(Duration.ofMillis(50));
		}
		synchronized (this) {
			long missed = 0;
			long foreign = 0;
			int missing = 0;
			for (Stream stream : this.streams) {
				if (!stream.connected) {
					continue;
				}
				BitSet lacking = (BitSet) acked[stream.owner].clone();
				lacking.andNot(stream.got);
				missed += lacking.cardinality();
				missing += lacking.isEmpty() ? 0 : 1;
				BitSet others = (BitSet) stream.got.clone();
				others.andNot(sent[stream.owner]);
				foreign += others.cardinality();
			}
			long[] sorted = Arrays.copyOf(this.latencies, this.latencyCount);
			Arrays.sort(sorted);
			return new Delivery(expected, this.received, missed, this.duplicates, foreign, missing,
					quantile(sorted, 0.5), quantile(sorted, 0.99), quantile(sorted, 1.0));
		}
	}

	@Override
	public void close() {
		this.closed = true;
		this.selector.wakeup();
		try {
			this.reader.join(10_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		for (Stream stream : this.streams) {
			closeQuietly(stream);
		}
		try {
			this.selector.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

	private static double quantile(long[] sorted, double quantile) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int index = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(quantile * sorted.length) - 1));
		return sorted[index] / 1e6;
	}

	/** The reader thread: opens the streams a few at a time, then reads them all. */
	private void read() {
		int next = 0;
		while (!this.closed) {
			synchronized (this) {
				int connecting = (this.connected == 0) ? 1 : CONNECTING;
				while (next < this.streams.length && this.opened - this.connected - this.failed < connecting) {
					connect(this.streams[next++]);
				}
			}
			try {
				this.selector.select(100);
			}
			catch (IOException ex) {
				return;
			}
			long now = System.nanoTime();
			synchronized (this) {
				for (SelectionKey key : this.selector.selectedKeys()) {
					Stream stream = (Stream) key.attachment();
					try {
						if (key.isConnectable()) {
							stream.channel.finishConnect();
							key.interestOps(SelectionKey.OP_WRITE);
						}
						if (key.isValid() && key.isWritable()) {
							stream.channel.write(stream.request);
							if (!stream.request.hasRemaining()) {
								key.interestOps(SelectionKey.OP_READ);
							}
						}
						if (key.isValid() && key.isReadable()) {
							readFrom(stream, now);
						}
					}
					catch (IOException ex) {
						fail(stream, ex);
					}
				}
				this.selector.selectedKeys().clear();
			}
		}
	}

	private void connect(Stream stream) {
		this.opened++;
		String token = this.signIn.token(stream.owner);
		String request = "GET /todos/events HTTP/1.1\r\nHost: 127.0.0.1:" + this.port
				+ "\r\nAccept: text/event-stream\r\n"
				+ ((token != null) ? "Authorization: Bearer " + token + "\r\n" : "") + "\r\n";
		stream.request = ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1));
		try {
			SocketChannel channel = SocketChannel.open();
			stream.channel = channel;
			channel.configureBlocking(false);
			channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
			channel.connect(new InetSocketAddress("127.0.0.1", this.port));
			channel.register(this.selector, SelectionKey.OP_CONNECT, stream);
		}
		catch (IOException ex) {
			fail(stream, ex);
		}
	}

	private void readFrom(Stream stream, long now) throws IOException {
		this.buffer.clear();
		int read = stream.channel.read(this.buffer);
		if (read < 0) {
			throw new IOException("The service closed the stream");
		}
		this.buffer.flip();
		while (this.buffer.hasRemaining()) {
			byte b = this.buffer.get();
			if (!stream.body) {
				header(stream, b);
			}
			else if (stream.trailer > 0) {
				stream.trailer--;
			}
			else if (stream.chunk < 0) {
				chunkSize(stream, b);
			}
			else {
				stream.chunk--;
				if (stream.chunk == 0) {
					stream.chunk = -1;
					stream.trailer = 2;
				}
				eventByte(stream, b, now);
			}
		}
	}

	/**
	 * The response's head, line by line: its status, then the body from the blank line.
	 */
	private void header(Stream stream, byte b) throws IOException {
		if (b != '\n') {
			append(stream, b);
			return;
		}
		int length = (stream.length > 0 && stream.line[stream.length - 1] == '\r') ? stream.length - 1 : stream.length;
		stream.length = 0;
		if (stream.status == 0) {
			stream.status = Integer.parseInt(new String(stream.line, 9, 3, StandardCharsets.ISO_8859_1));
			if (stream.status != 200) {
				throw new IOException("The stream was answered " + stream.status);
			}
		}
		else if (length == 0) {
			stream.body = true;
		}
	}

	/** A chunk's size line: hex digits, maybe an extension after ';', then CR LF. */
	private void chunkSize(Stream stream, byte b) throws IOException {
		if (b == '\n') {
			if (stream.size == 0) {
				throw new IOException("The service ended the stream");
			}
			stream.chunk = stream.size;
			stream.size = 0;
			stream.extension = false;
		}
		else if (b == ';') {
			stream.extension = true;
		}
		else if (b != '\r' && !stream.extension) {
			stream.size = stream.size * 16 + Character.digit(b, 16);
		}
	}

	/**
	 * The event stream, line by line: the first comment means registered; a data line
	 * with one of this run's titles is that create's event.
	 */
	private void eventByte(Stream stream, byte b, long now) {
		if (b != '\n') {
			append(stream, b);
			return;
		}
		if (!stream.connected && stream.length > 0 && stream.line[0] == ':') {
			stream.connected = true;
			this.connected++;
		}
		else if (stream.length > 5 && stream.line[0] == 'd') {
			created(stream, now);
		}
		stream.length = 0;
	}

	private void created(Stream stream, long now) {
		int at = indexOf(stream.line, stream.length, this.pattern);
		if (at < 0) {
			return;
		}
		int n = 0;
		for (int i = at + this.pattern.length; i < stream.length && stream.line[i] != '"'; i++) {
			n = n * 10 + (stream.line[i] - '0');
		}
		if (stream.got.get(n)) {
			this.duplicates++;
			return;
		}
		stream.got.set(n);
		this.received++;
		if (this.latencyCount == this.latencies.length) {
			this.latencies = Arrays.copyOf(this.latencies, this.latencies.length * 2);
		}
		this.latencies[this.latencyCount++] = now - (this.start + n * this.interval);
	}

	private static int indexOf(byte[] line, int length, byte[] pattern) {
		outer: for (int i = 0; i + pattern.length <= length; i++) {
			for (int j = 0; j < pattern.length; j++) {
				if (line[i + j] != pattern[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	private static void append(Stream stream, byte b) {
		if (stream.length == stream.line.length) {
			stream.line = Arrays.copyOf(stream.line, stream.line.length * 2);
		}
		stream.line[stream.length++] = b;
	}

	private void fail(Stream stream, IOException ex) {
		if (this.failure.isEmpty()) {
			this.failure = String.valueOf(ex.getMessage());
		}
		if (stream.connected) {
			this.dropped++;
		}
		else {
			this.failed++;
		}
		closeQuietly(stream);
	}

	private static void closeQuietly(Stream stream) {
		if (stream.channel != null) {
			try {
				stream.channel.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
		}
	}

}
