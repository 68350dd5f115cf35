package dev.todoservice.todo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Idempotency-Key records: which key was applied, for which request, with which response. The consumer
 * claims a key in the transaction that applies its change, so a retry (even one that reached another
 * instance, or one racing the first) finds the first response instead of causing a second effect.
 */
@Repository
class IdempotencyKeys {

	private static final Logger log = LoggerFactory.getLogger(IdempotencyKeys.class);

	private final JdbcClient db;

	private final TodoSettings settings;

	IdempotencyKeys(JdbcClient db, TodoSettings settings) {
		this.db = db;
		this.settings = settings;
	}

	/** A key's record; {@code status} is null until the change it came with is applied. */
	record Entry(String key, String fingerprint, Long todoId, Integer status, String body) {
	}

	Optional<Entry> find(String key) {
		return this.db
			.sql("SELECT key, fingerprint, todo_id, status, body FROM idempotency_key WHERE key = :key"
					+ " AND created_at > now() - make_interval(secs => :ttl)")
			.param("key", key)
			.param("ttl", this.settings.idempotencyTtl().toSeconds())
			.query((rs, row) -> new Entry(rs.getString("key"), rs.getString("fingerprint"),
					(Long) rs.getObject("todo_id"), (Integer) rs.getObject("status"), rs.getString("body")))
			.optional();
	}

	/**
	 * Claims the key for the change being applied. Returns empty when this change is the first with the
	 * key (apply it, then {@link #answer}), or the earlier entry. A concurrent claim of the same key waits
	 * for the other transaction (PostgreSQL's unique index), so exactly one of them applies.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	Optional<Entry> claim(TodoChange.Idempotency idempotency) {
		// An expired key is forgotten: its purge may simply not have run yet.
		this.db.sql("DELETE FROM idempotency_key WHERE key = :key AND created_at <= now() - make_interval(secs => :ttl)")
			.param("key", idempotency.key())
			.param("ttl", this.settings.idempotencyTtl().toSeconds())
			.update();
		int claimed = this.db.sql("""
				INSERT INTO idempotency_key (key, fingerprint) VALUES (:key, :fingerprint)
				ON CONFLICT (key) DO NOTHING""")
			.param("key", idempotency.key())
			.param("fingerprint", idempotency.fingerprint())
			.update();
		return (claimed == 1) ? Optional.empty() : find(idempotency.key());
	}

	/** Records the response the first request with the key got, in the transaction that applied it. */
	@Transactional(propagation = Propagation.MANDATORY)
	void answer(String key, long todoId, int status, String body) {
		this.db.sql("UPDATE idempotency_key SET todo_id = :todoId, status = :status, body = :body WHERE key = :key")
			.param("todoId", todoId)
			.param("status", status)
			.param("body", body)
			.param("key", key)
			.update();
	}

	/** Forgets keys older than the configured time; every instance may run it, it is idempotent. */
	@Scheduled(fixedDelayString = "${todo.idempotency-purge-interval:PT1M}")
	void purge() {
		try {
			int purged = this.db
				.sql("DELETE FROM idempotency_key WHERE created_at <= now() - make_interval(secs => :ttl)")
				.param("ttl", this.settings.idempotencyTtl().toSeconds())
				.update();
			if (purged > 0) {
				log.debug("Forgot {} expired idempotency keys", purged);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Purging expired idempotency keys failed, will try again: {}", ex.getMessage());
		}
	}

	/** A digest of what a request asks for, so reusing its key for another request can be told apart. */
	static String fingerprint(Object... parts) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (Object part : parts) {
				digest.update(Objects.toString(part, "\u0000null").getBytes(StandardCharsets.UTF_8));
				digest.update((byte) 0x1f);
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JRE", ex);
		}
	}

}
