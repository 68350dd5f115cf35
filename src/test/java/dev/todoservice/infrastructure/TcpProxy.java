package dev.todoservice.infrastructure;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on 127.0.0.1 to a local port, which a test can cut: open connections drop
 * and new ones are refused, as when the service goes away; {@link #restore()} takes
 * connections again on the same port. Lets a client (a browser) lose the whole service
 * while the service itself runs on for others.
 */
public final class TcpProxy implements AutoCloseable {

	private final int target;

	private final int port;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private volatile ServerSocket server;

	private TcpProxy(int target) {
		this.target = target;
		this.server = listen(0);
		this.port = this.server.getLocalPort();
		accept(this.server);
	}

	public static TcpProxy to(int targetPort) {
		return new TcpProxy(targetPort);
	}

	public int port() {
		return this.port;
	}

	/** Refuses new connections and drops the open ones. */
	public synchronized void cut() {
		close(this.server);
		this.sockets.forEach(TcpProxy::close);
		this.sockets.clear();
	}

	/** Takes connections again, on the same port. */
	public synchronized void restore() {
		if (this.server.isClosed()) {
			this.server = listen(this.port);
			accept(this.server);
		}
	}

	@Override
	public void close() {
		cut();
	}

	private static ServerSocket listen(int port) {
		try {
			ServerSocket socket = new ServerSocket();
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			return socket;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void accept(ServerSocket listening) {
		daemon("tcp-proxy-" + this.port, () -> {
			while (!listening.isClosed()) {
				try {
					Socket client = listening.accept();
					Socket upstream = new Socket(InetAddress.getLoopbackAddress(), this.target);
					this.sockets.add(client);
					this.sockets.add(upstream);
					pump(client, upstream);
					pump(upstream, client);
				}
				catch (IOException ex) {
					// closed by cut(), or one connection failed: the loop condition tells
					// which
				}
			}
		});
	}

	/** Copies one direction until either side closes, then closes both. */
	private void pump(Socket from, Socket to) {
		daemon("tcp-proxy-pump", () -> {
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				in.transferTo(out);
			}
			catch (IOException ex) {
				// the connection ended; both sides close below
			}
			finally {
				close(from);
				close(to);
				this.sockets.remove(from);
				this.sockets.remove(to);
			}
		});
	}

	private static void daemon(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
	}

	private static void close(Closeable closeable) {
		try {
			closeable.close();
		}
		catch (IOException ex) {
			// closing what is already broken
		}
	}

}
