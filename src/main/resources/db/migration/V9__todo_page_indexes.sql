-- A page filtered by `completed` walks one of these from (owner, after) to the owner's end (todo.Todos).
-- With V7's (owner, completed, id) PostgreSQL preferred the primary key whenever an owner held a large
-- share of the rows, filtering by owner and state, so a page past an owner's last open todo read every
-- later row of every other owner. Each row sits in one of the two, as it sat once in the one they replace.
-- Built in the migration's transaction, as V7's were: on a large table the consumer's writes wait for the
-- build (lag, nothing lost; the API keeps accepting through Kafka).
CREATE INDEX todo_owner_open_id ON todo (owner, id) WHERE NOT completed;
CREATE INDEX todo_owner_done_id ON todo (owner, id) WHERE completed;
DROP INDEX todo_owner_completed_id;
