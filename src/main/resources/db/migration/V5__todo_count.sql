-- The numbers of open and completed todos (GET /todos/count), kept exact so that reading them costs one
-- row, whatever the size of the table, instead of a count(*) over it per request.
--
-- Kept by statement-level triggers with transition tables rather than by the consumer's code: every
-- writer of `todo` is covered (the consumer, a migration, a hand-made fix, a test's DELETE), and a
-- statement costs at most one counter update whatever the number of rows it touched. The consumer's JDBC
-- batch of creates is rewritten into multi-row INSERTs (reWriteBatchedInserts), so a poll's creates
-- update the counter once per statement, not once per todo. `INSERT ... ON CONFLICT DO NOTHING` puts
-- only the rows it really inserted in the transition table, so a create applied twice counts once; an
-- update is counted from its old and new rows, so only a change of `completed` moves the numbers (and
-- one that changes nothing there does not touch the counter row at all).
--
-- The counter row is locked from a transaction's first counted statement until it commits: writers of
-- todos serialize on it, as the consumer's transactions already do on change_counter at their end.
CREATE TABLE todo_count (
    id        integer PRIMARY KEY CHECK (id = 1),
    open      bigint  NOT NULL CHECK (open >= 0),
    completed bigint  NOT NULL CHECK (completed >= 0)
);

-- No write may slip between the count and the triggers (Flyway runs this in one transaction).
LOCK TABLE todo IN SHARE MODE;

INSERT INTO todo_count (id, open, completed)
SELECT 1, count(*) FILTER (WHERE NOT completed), count(*) FILTER (WHERE completed) FROM todo;

CREATE FUNCTION todo_count_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    open_delta      bigint := 0;
    completed_delta bigint := 0;
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        SELECT open_delta + count(*) FILTER (WHERE NOT n.completed),
               completed_delta + count(*) FILTER (WHERE n.completed)
          INTO open_delta, completed_delta
          FROM new_rows n;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        SELECT open_delta - count(*) FILTER (WHERE NOT o.completed),
               completed_delta - count(*) FILTER (WHERE o.completed)
          INTO open_delta, completed_delta
          FROM old_rows o;
    END IF;
    IF open_delta <> 0 OR completed_delta <> 0 THEN
        UPDATE todo_count SET open = open + open_delta, completed = completed + completed_delta WHERE id = 1;
    END IF;
    RETURN NULL;
END
$$;

-- A trigger with transition tables handles one kind of event.
CREATE TRIGGER todo_count_insert AFTER INSERT ON todo REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION todo_count_changed();
CREATE TRIGGER todo_count_update AFTER UPDATE ON todo REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION todo_count_changed();
CREATE TRIGGER todo_count_delete AFTER DELETE ON todo REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION todo_count_changed();

CREATE FUNCTION todo_count_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE todo_count SET open = 0, completed = 0 WHERE id = 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER todo_count_truncate AFTER TRUNCATE ON todo
    FOR EACH STATEMENT EXECUTE FUNCTION todo_count_truncated();
