package dev.todoservice.todo;

import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The {@code idempotency_key} table: which key was applied, for which request, with which
 * outcome. Keys are per owner: two owners using the same key never meet. The consumer
 * claims a key in the transaction that applies its change, so a retry (even one that
 * reached another instance, or one racing the first) finds the first outcome instead of
 * causing a second effect.
 */
@Repository
public class IdempotencyKeys {

	private static final Logger log = LoggerFactory.getLogger(IdempotencyKeys.class);

	private static final String LIVE = "created_at > now() - make_interval(secs => :ttl)";

	private final JdbcClient db;

	private final TodoSettings settings;

	private final OutcomeJson json;

	IdempotencyKeys(JdbcClient db, TodoSettings settings, OutcomeJson json) {
		this.db = db;
		this.settings = settings;
		this.json = json;
	}

	/**
	 * A key's record; {@code outcome} is null until the change it came with is applied.
	 */
	public record Entry(String key, String fingerprint, @Nullable Outcome outcome) {

		/**
		 * The first outcome when this entry is for the same request,
		 * {@link Outcome.KeyReused} when not.
		 */
		public Outcome replay(String requestFingerprint) {
			return (this.outcome != null && this.fingerprint.equals(requestFingerprint))
					? new Outcome.Replayed(this.outcome) : new Outcome.KeyReused();
		}

	}

	public Optional<Entry> find(Owner owner, String key) {
		return this.db
			.sql("SELECT key, fingerprint, outcome FROM idempotency_key WHERE owner = :owner AND key = :key AND "
					+ LIVE)
			.param("owner", owner.id())
			.param("key", key)
			.param("ttl", this.settings.idempotencyTtl().toSeconds())
			.query((rs, row) -> new Entry(rs.getString("key"), rs.getString("fingerprint"),
					(rs.getString("outcome") != null) ? this.json.read(rs.getString("outcome"), Outcome.class) : null))
			.optional();
	}

	/**
	 * Claims the key for the change being applied. Returns empty when this change is the
	 * first with the key (apply it, then {@link #record}), or the earlier entry. A
	 * concurrent claim of the same key waits for the other transaction (PostgreSQL's
	 * unique index), so exactly one of them applies.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Optional<Entry> claim(Owner owner, TodoChange.Idempotency idempotency) {
		// An expired key is forgotten: its purge may simply not have run yet.
		this.db.sql("DELETE FROM idempotency_key WHERE owner = :owner AND key = :key AND NOT (" + LIVE + ")")
			.param("owner", owner.id())
			.param("key", idempotency.key())
			.param("ttl", this.settings.idempotencyTtl().toSeconds())
			.update();
		int claimed = this.db.sql("""
				INSERT INTO idempotency_key (owner, key, fingerprint) VALUES (:owner, :key, :fingerprint)
				ON CONFLICT (owner, key) DO NOTHING""")
			.param("owner", owner.id())
			.param("key", idempotency.key())
			.param("fingerprint", idempotency.fingerprint())
			.update();
		return (claimed == 1) ? Optional.empty() : find(owner, idempotency.key());
	}

	/**
	 * Records what the first change with the key did, in the transaction that applied it.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void record(Owner owner, String key, Outcome outcome) {
		this.db.sql("UPDATE idempotency_key SET outcome = :outcome WHERE owner = :owner AND key = :key")
			.param("outcome", this.json.write(outcome))
			.param("owner", owner.id())
			.param("key", key)
			.update();
	}

	/**
	 * Forgets keys older than the configured time; every instance may run it, it is
	 * idempotent.
	 */
	@Scheduled(fixedDelayString = "${todo.idempotency-purge-interval:PT1M}")
	void purge() {
		try {
			int purged = this.db.sql("DELETE FROM idempotency_key WHERE NOT (" + LIVE + ")")
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

}
