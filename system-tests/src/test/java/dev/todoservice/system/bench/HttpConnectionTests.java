package dev.todoservice.system.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's client reads every framing Tomcat answers with, so that each status it
 * counts (201, 202, failures) belongs to the request it sent: a misread body would shift
 * every answer after it.
 */
class HttpConnectionTests {

	private final List<String> requests = new CopyOnWriteArrayList<>();

	private ServerSocket server;

	@AfterEach
	void stop() throws IOException {
		this.server.close();
	}

	@Test
	void readsLengthChunkedInterimAndClosedResponsesInOrder() throws Exception {
		int port = serve(List.of(
				"HTTP/1.1 201 \r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"id\": 101}",
				"HTTP/1.1 202 \r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"id\"\r\n6;ext=1\r\n: 102}\r\n0\r\n\r\n",
				"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 \r\nContent-Length: 2\r\n\r\n{}",
				"HTTP/1.1 503 \r\nContent-Length: 4\r\nConnection: close\r\n\r\nbusy"),
				List.of("HTTP/1.1 201 \r\nContent-Length: 0\r\n\r\n"));
		try (HttpConnection connection = new HttpConnection("127.0.0.1", port)) {
			assertThat(connection.post("/todos/", "{\"title\":\"a\"}")).as("Content-Length body").isEqualTo(201);
			assertThat(connection.post("/todos/", "{\"title\":\"b\"}")).as("chunked body").isEqualTo(202);
			assertThat(connection.post("/todos/", "{\"title\":\"c\"}")).as("after 100 Continue").isEqualTo(201);
			assertThat(connection.post("/todos/", "{\"title\":\"d\"}")).as("Connection: close").isEqualTo(503);
			assertThat(connection.post("/todos/", "{\"title\":\"é\"}")).as("on a new connection").isEqualTo(201);
		}
		assertThat(this.requests).as("bodies the server read, in order")
			.containsExactly("{\"title\":\"a\"}", "{\"title\":\"b\"}", "{\"title\":\"c\"}", "{\"title\":\"d\"}",
					"{\"title\":\"é\"}");
	}

	/**
	 * Answers the requests of each accepted connection in turn with the responses given
	 * for it.
	 */
	@SafeVarargs
	private int serve(List<String>... connections) throws IOException {
		this.server = new ServerSocket();
		this.server.bind(new InetSocketAddress("127.0.0.1", 0));
		Thread thread = new Thread(() -> {
			for (List<String> responses : connections) {
				try (Socket socket = this.server.accept()) {
					BufferedReader in = new BufferedReader(
							new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
					OutputStream out = socket.getOutputStream();
					for (String response : responses) {
						this.requests.add(readBody(in));
						out.write(response.getBytes(StandardCharsets.ISO_8859_1));
						out.flush();
					}
				}
				catch (IOException ex) {
					return;
				}
			}
		}, "http-connection-tests");
		thread.setDaemon(true);
		thread.start();
		return this.server.getLocalPort();
	}

	private static String readBody(BufferedReader in) throws IOException {
		int length = 0;
		for (String line = in.readLine(); !line.isEmpty(); line = in.readLine()) {
			if (line.toLowerCase().startsWith("content-length:")) {
				length = Integer.parseInt(line.substring(15).trim());
			}
		}
		char[] body = new char[length];
		for (int read = 0; read < length;) {
			read += in.read(body, read, length - read);
		}
		byte[] bytes = new String(body).getBytes(StandardCharsets.ISO_8859_1);
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
