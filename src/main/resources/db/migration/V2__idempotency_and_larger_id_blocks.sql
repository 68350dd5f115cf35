-- Blocks of 1000 ids, fetched ahead (TodoIds), so creates keep reaching Kafka through a short
-- database outage. The next block starts past every id handed out from the blocks of 100.
ALTER SEQUENCE todo_id_block INCREMENT BY 1000;

-- Idempotency-Key: the first request with a key is applied and its response kept here, in the
-- consumer's transaction; a retry with the same key gets that response instead of a second effect.
CREATE TABLE idempotency_key (
    key         varchar(255) PRIMARY KEY,
    fingerprint text         NOT NULL,
    todo_id     bigint,
    status      integer,
    body        text,
    created_at  timestamptz  NOT NULL DEFAULT now()
);

CREATE INDEX idempotency_key_created_at ON idempotency_key (created_at);
