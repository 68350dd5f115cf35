-- Numbers every applied change in commit order, for the live stream (GET /todos/events) and its
-- Last-Event-ID. The consumer bumps the single row at the end of each transaction: its row lock is held
-- until commit, so numbers are handed out in the order the transactions commit.
CREATE TABLE change_counter (
    id  integer PRIMARY KEY CHECK (id = 1),
    seq bigint  NOT NULL
);

INSERT INTO change_counter (id, seq) VALUES (1, 0);
