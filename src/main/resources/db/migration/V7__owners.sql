-- Every todo belongs to someone (todo.Owner: `<issuer>#<subject>`, or the shared owner of the open mode).
-- Rows from before owners get the default shared owner, `shared`: with TODO_AUTH=none they stay visible
-- as before; with sign-in they belong to no account until an operator gives them one, e.g.
--   UPDATE todo SET owner = 'https://id.example.com/realms/todo#<subject>' WHERE owner = 'shared';
-- Ids stay unique across owners (the primary key is still the id alone).
ALTER TABLE todo ADD COLUMN owner text NOT NULL DEFAULT 'shared';
ALTER TABLE todo ALTER COLUMN owner DROP DEFAULT;

-- Every read is one owner's: the list pages by id within an owner, the `completed` filter within both.
DROP INDEX todo_completed_id;
CREATE INDEX todo_owner_id ON todo (owner, id);
CREATE INDEX todo_owner_completed_id ON todo (owner, completed, id);

-- Two owners using the same Idempotency-Key never see each other's result.
ALTER TABLE idempotency_key ADD COLUMN owner text NOT NULL DEFAULT 'shared';
ALTER TABLE idempotency_key ALTER COLUMN owner DROP DEFAULT;
ALTER TABLE idempotency_key DROP CONSTRAINT idempotency_key_pkey;
ALTER TABLE idempotency_key ADD PRIMARY KEY (owner, key);

-- A create answered 202 (accepted, not stored yet): whose it is, so that only its owner is told "on
-- its way" (GET waits, then 503) and every other owner gets the 404 of a missing todo. Written by the
-- API before the 202 leaves; rows outlive their create harmlessly (a stored or gone id is answered
-- first) and are purged after a day.
CREATE TABLE todo_accepted (
    id          bigint      PRIMARY KEY,
    owner       text        NOT NULL,
    accepted_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX todo_accepted_accepted_at ON todo_accepted (accepted_at);

-- GET /todos/count and the cap on todos per owner read one owner's numbers: a row per owner replaces
-- V5's single row, kept by the same statement-level triggers (now grouping each statement's rows by
-- owner), which also spreads the row lock writers took on the single counter.
LOCK TABLE todo IN SHARE MODE;

CREATE TABLE todo_owner_count (
    owner     text   PRIMARY KEY,
    open      bigint NOT NULL CHECK (open >= 0),
    completed bigint NOT NULL CHECK (completed >= 0)
);

INSERT INTO todo_owner_count (owner, open, completed)
SELECT owner, count(*) FILTER (WHERE NOT completed), count(*) FILTER (WHERE completed) FROM todo GROUP BY owner;

-- Adds one owner's change: the row is updated, or made on the owner's first todo (a positive change).
CREATE FUNCTION todo_owner_count_add(who text, open_delta bigint, completed_delta bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF open_delta = 0 AND completed_delta = 0 THEN
        RETURN;
    END IF;
    UPDATE todo_owner_count SET open = open + open_delta, completed = completed + completed_delta
     WHERE owner = who;
    IF NOT FOUND THEN
        INSERT INTO todo_owner_count AS c (owner, open, completed) VALUES (who, open_delta, completed_delta)
        ON CONFLICT (owner) DO UPDATE SET open = c.open + EXCLUDED.open, completed = c.completed + EXCLUDED.completed;
    END IF;
END
$$;

-- Owners are counted in a fixed order (by owner), so two statements never wait for each other's rows in
-- turn. A transition table exists only for the events its trigger names, hence one branch per event.
CREATE OR REPLACE FUNCTION todo_count_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    d record;
BEGIN
    IF TG_OP = 'INSERT' THEN
        FOR d IN SELECT owner, count(*) FILTER (WHERE NOT completed) AS o, count(*) FILTER (WHERE completed) AS c
                   FROM new_rows GROUP BY owner ORDER BY owner LOOP
            PERFORM todo_owner_count_add(d.owner, d.o, d.c);
        END LOOP;
    ELSIF TG_OP = 'DELETE' THEN
        FOR d IN SELECT owner, count(*) FILTER (WHERE NOT completed) AS o, count(*) FILTER (WHERE completed) AS c
                   FROM old_rows GROUP BY owner ORDER BY owner LOOP
            PERFORM todo_owner_count_add(d.owner, -d.o, -d.c);
        END LOOP;
    ELSE
        FOR d IN SELECT owner, sum(o)::bigint AS o, sum(c)::bigint AS c FROM (
                     SELECT owner, count(*) FILTER (WHERE NOT completed) AS o, count(*) FILTER (WHERE completed) AS c
                       FROM new_rows GROUP BY owner
                     UNION ALL
                     SELECT owner, -count(*) FILTER (WHERE NOT completed), -count(*) FILTER (WHERE completed)
                       FROM old_rows GROUP BY owner) deltas
                   GROUP BY owner ORDER BY owner LOOP
            PERFORM todo_owner_count_add(d.owner, d.o, d.c);
        END LOOP;
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION todo_count_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM todo_owner_count;
    RETURN NULL;
END
$$;

DROP TABLE todo_count;
