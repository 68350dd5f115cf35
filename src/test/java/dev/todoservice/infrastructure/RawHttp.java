package dev.todoservice.infrastructure;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sends the bytes no HTTP client would (a malformed request line, a bad escape, a raw
 * control byte, broken framing) over a plain socket, and reads the answer until the
 * server closes the connection.
 */
public final class RawHttp {

	private final int port;

	public RawHttp(int port) {
		this.port = port;
	}

	/**
	 * Sends a request written as text (ISO-8859-1, so {@code \u00ff} is the byte 0xFF);
	 * it should say Connection: close.
	 */
	public Response send(String request) {
		return send(request.getBytes(StandardCharsets.ISO_8859_1));
	}

	/** Sends the bytes as they are; the request should say Connection: close. */
	public Response send(byte[] request) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 5000);
			socket.setSoTimeout(30_000);
			try {
				OutputStream out = socket.getOutputStream();
				out.write(request);
				out.flush();
			}
			catch (IOException ex) {
				// The server may answer and close before it has read everything: read
				// what it said.
			}
			return Response.parse(readUntilClosed(socket.getInputStream()));
		}
		catch (IOException ex) {
			throw new IllegalStateException("No answer to " + excerpt(request), ex);
		}
	}

	private static byte[] readUntilClosed(InputStream in) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
				bytes.write(buffer, 0, n);
			}
		}
		catch (IOException ex) {
			// A reset after the answer: keep what arrived.
		}
		return bytes.toByteArray();
	}

	static String excerpt(byte[] request) {
		String text = new String(request, 0, Math.min(request.length, 200), StandardCharsets.ISO_8859_1);
		return text.replaceAll("[^\\x20-\\x7e]", "?");
	}

	/**
	 * A response: status, headers by lower-case name (the first value), body as UTF-8
	 * text.
	 */
	public record Response(int status, Map<String, String> headers, String body) {

		static Response parse(byte[] raw) {
			String text = new String(raw, StandardCharsets.ISO_8859_1);
			// Skip interim responses such as 100 Continue.
			while (text.startsWith("HTTP/1.1 1")) {
				int end = text.indexOf("\r\n\r\n");
				text = (end < 0) ? "" : text.substring(end + 4);
			}
			int end = text.indexOf("\r\n\r\n");
			if (!text.startsWith("HTTP/") || end < 0) {
				throw new IllegalStateException("Not an HTTP response: " + excerpt(raw));
			}
			String[] lines = text.substring(0, end).split("\r\n");
			int status = Integer.parseInt(lines[0].split(" ")[1]);
			Map<String, String> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
						lines[i].substring(colon + 1).trim());
			}
			String body = text.substring(end + 4);
			if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
				body = unchunk(body);
			}
			return new Response(status, headers,
					new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
		}

		private static String unchunk(String chunked) {
			StringBuilder body = new StringBuilder();
			int at = 0;
			while (at < chunked.length()) {
				int lineEnd = chunked.indexOf("\r\n", at);
				if (lineEnd < 0) {
					break;
				}
				int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
				if (size == 0) {
					break;
				}
				body.append(chunked, lineEnd + 2, Math.min(chunked.length(), lineEnd + 2 + size));
				at = lineEnd + 2 + size + 2;
			}
			return body.toString();
		}

		public String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

		public String contentType() {
			return header("Content-Type");
		}

		@Override
		public String toString() {
			return this.status + " " + this.headers + " " + this.body;
		}

	}

}
