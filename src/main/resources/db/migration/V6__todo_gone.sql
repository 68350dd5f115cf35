-- Ids whose todo is gone: deleted, or its create refused (an Idempotency-Key answered by an earlier
-- create). The consumer writes them in the transaction that decides it. With the id sequence's
-- high-water mark they let the API tell an id that is accepted but not stored yet (a GET waits for it,
-- a write is published) from one that does not exist (404).
CREATE TABLE todo_gone (
    id bigint PRIMARY KEY
);

-- Deletes before this migration left no row above: every id handed out until now that is not in `todo`
-- counts as gone (a create still on its way at the upgrade reads 404 until applied, as it did before).
CREATE TABLE todo_gone_through (
    id      integer PRIMARY KEY CHECK (id = 1),
    through bigint  NOT NULL
);

INSERT INTO todo_gone_through (id, through)
SELECT 1, CASE WHEN is_called THEN last_value + 999 ELSE 0 END FROM todo_id_block;
