-- The read model. The Kafka consumer is its only writer.
CREATE TABLE todo (
    id          bigint       PRIMARY KEY,
    title       varchar(100) NOT NULL,
    description varchar(255),
    completed   boolean      NOT NULL DEFAULT false,
    version     bigint       NOT NULL DEFAULT 1,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    updated_at  timestamptz  NOT NULL DEFAULT now()
);

-- The `completed` filter pages by id within one value.
CREATE INDEX todo_completed_id ON todo (completed, id);

-- Ids are handed out in blocks of 100 (TodoIds): one round trip per block, never reused.
CREATE SEQUENCE todo_id_block START WITH 1 INCREMENT BY 100;

-- The consumer's position, committed in the same transaction as the rows it applied, so each record
-- takes effect exactly once across crashes and rebalances. topic_id tells a recreated topic (or a broker
-- that started empty) from the one these offsets belong to.
CREATE TABLE consumer_offset (
    group_id    text        NOT NULL,
    topic       text        NOT NULL,
    partition   integer     NOT NULL,
    topic_id    text        NOT NULL,
    next_offset bigint      NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, topic, partition)
);
