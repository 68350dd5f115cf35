package dev.todoservice.system.processes;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Ports for the child processes. */
public final class Ports {

	private Ports() {
	}

	/** A port of 127.0.0.1 that nothing listens on now. */
	public static int free() throws IOException {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress("127.0.0.1", 0));
			return socket.getLocalPort();
		}
	}

}
