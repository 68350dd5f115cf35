package dev.todoservice.system.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection, one request at a time, blocking: the benchmark's
 * client for the writes, where each request needs its own body and its answer must be
 * counted.
 * <p>
 * Hand-written on purpose: the JDK's {@code HttpClient} spends several times the CPU per
 * request (a selector thread, futures, header maps), and on 2 cores every cycle the
 * client burns is taken from the service it measures. wrk does the read benchmarks; it
 * cannot tell which of its requests were answered how.
 */
final class HttpConnection implements AutoCloseable {

	private static final int TIMEOUT_MILLIS = 30_000;

	private final String host;

	private final int port;

	/** The request's {@code Authorization} header line, empty without sign-in. */
	private final String authorization;

	private Socket socket;

	private BufferedOutputStream out;

	private InputStream in;

	HttpConnection(String host, int port) {
		this(host, port, null);
	}

	/**
	 * @param token the bearer token every request of this connection carries, or null
	 */
	HttpConnection(String host, int port, String token) {
		this.host = host;
		this.port = port;
		this.authorization = (token != null) ? "Authorization: Bearer " + token + "\r\n" : "";
	}

	/**
	 * A POST of a JSON body; returns the status (a closed connection is opened again for
	 * the next call).
	 */
	int post(String path, String json) throws IOException {
		return send(path, json, this.authorization);
	}

	/** {@link #post(String, String)} with a bearer token of its own (or none: null). */
	int post(String path, String json, String token) throws IOException {
		return send(path, json, (token != null) ? "Authorization: Bearer " + token + "\r\n" : "");
	}

	private int send(String path, String json, String authorization) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		String head = "POST " + path + " HTTP/1.1\r\nHost: " + this.host + ":" + this.port
				+ "\r\nContent-Type: application/json\r\nAccept: application/json\r\n" + authorization
				+ "Content-Length: " + body.length + "\r\n\r\n";
		try {
			connect();
			this.out.write(head.getBytes(StandardCharsets.ISO_8859_1));
			this.out.write(body);
			this.out.flush();
			return readResponse();
		}
		catch (IOException ex) {
			close();
			throw ex;
		}
	}

	/**
	 * Opens the connection ahead of the first request; one that fails is tried again, and
	 * then counted, by that request.
	 */
	void open() {
		try {
			connect();
		}
		catch (IOException ex) {
			close();
		}
	}

	@Override
	public void close() {
		if (this.socket != null) {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
			this.socket = null;
		}
	}

	private void connect() throws IOException {
		if (this.socket != null) {
			return;
		}
		Socket socket = new Socket();
		socket.setTcpNoDelay(true);
		socket.connect(new InetSocketAddress(this.host, this.port), TIMEOUT_MILLIS);
		socket.setSoTimeout(TIMEOUT_MILLIS);
		this.socket = socket;
		this.out = new BufferedOutputStream(socket.getOutputStream(), 1024);
		this.in = new BufferedInputStream(socket.getInputStream(), 8192);
	}

	/**
	 * Reads one response (skipping 1xx), its body discarded; closes the connection when
	 * the server asks.
	 */
	private int readResponse() throws IOException {
		while (true) {
			String statusLine = readLine();
			int status = Integer.parseInt(statusLine.substring(9, 12));
			long length = -1;
			boolean chunked = false;
			boolean close = false;
			for (String line = readLine(); !line.isEmpty(); line = readLine()) {
				int colon = line.indexOf(':');
				String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
				String value = line.substring(colon + 1).trim();
				switch (name) {
					case "content-length" -> length = Long.parseLong(value);
					case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
					case "connection" -> close = value.equalsIgnoreCase("close");
					default -> {
					}
				}
			}
			if (status < 200) {
				continue;
			}
			if (chunked) {
				for (long size = Long.parseLong(readLine().split(";")[0].trim(), 16); size > 0; size = Long
					.parseLong(readLine().split(";")[0].trim(), 16)) {
					skip(size);
					readLine();
				}
				for (String trailer = readLine(); !trailer.isEmpty(); trailer = readLine()) {
					// trailers ignored
				}
			}
			else if (length > 0) {
				skip(length);
			}
			if (close) {
				close();
			}
			return status;
		}
	}

	private String readLine() throws IOException {
		StringBuilder line = new StringBuilder(64);
		for (int c = this.in.read(); c != '\n'; c = this.in.read()) {
			if (c < 0) {
				throw new EOFException("The server closed the connection");
			}
			if (c != '\r') {
				line.append((char) c);
			}
		}
		return line.toString();
	}

	private void skip(long bytes) throws IOException {
		for (long left = bytes; left > 0;) {
			long skipped = this.in.skip(left);
			if (skipped <= 0) {
				if (this.in.read() < 0) {
					throw new EOFException("The server closed the connection inside a body");
				}
				skipped = 1;
			}
			left -= skipped;
		}
	}

}
