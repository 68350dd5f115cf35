package dev.todoservice.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;

/**
 * A request whose body fails with {@link BodyTooLargeException} once more than the limit
 * has been read, whoever reads it and however (stream or reader), so a chunked body
 * without Content-Length is bounded too.
 */
final class LimitedBodyRequest extends HttpServletRequestWrapper {

	private final long limit;

	/** Wrapped on first use. */
	private @Nullable ServletInputStream body;

	/** Created on first use. */
	private @Nullable BufferedReader reader;

	LimitedBodyRequest(HttpServletRequest request, long limit) {
		super(request);
		this.limit = limit;
	}

	@Override
	public ServletInputStream getInputStream() throws IOException {
		if (this.body == null) {
			this.body = new LimitedInputStream(super.getInputStream(), this.limit);
		}
		return this.body;
	}

	@Override
	public BufferedReader getReader() throws IOException {
		if (this.reader == null) {
			this.reader = new BufferedReader(new InputStreamReader(getInputStream(), charset()));
		}
		return this.reader;
	}

	private Charset charset() throws UnsupportedEncodingException {
		String encoding = getCharacterEncoding();
		if (encoding == null) {
			return StandardCharsets.ISO_8859_1; // the Servlet specification's default
		}
		try {
			return Charset.forName(encoding);
		}
		catch (IllegalArgumentException ex) {
			throw new UnsupportedEncodingException(encoding);
		}
	}

	/** Counts the bytes read and never reads more than one byte past the limit. */
	private static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream in;

		private final long limit;

		private long count;

		LimitedInputStream(ServletInputStream in, long limit) {
			this.in = in;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			checkLimit();
			int b = this.in.read();
			if (b >= 0) {
				counted(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			checkLimit();
			// An endless body costs at most the limit plus one byte of reading, never
			// more memory.
			int n = this.in.read(buffer, offset, (int) Math.min(length, this.limit - this.count + 1));
			if (n > 0) {
				counted(n);
			}
			return n;
		}

		private void counted(int n) throws BodyTooLargeException {
			this.count += n;
			checkLimit();
		}

		private void checkLimit() throws BodyTooLargeException {
			if (this.count > this.limit) {
				throw new BodyTooLargeException(this.limit);
			}
		}

		@Override
		public int available() throws IOException {
			return this.in.available();
		}

		@Override
		public boolean isFinished() {
			return this.in.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.in.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.in.setReadListener(listener);
		}

		@Override
		public void close() throws IOException {
			this.in.close();
		}

	}

}
