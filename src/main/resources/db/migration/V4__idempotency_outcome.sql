-- An Idempotency-Key keeps what applying its change did (an outcome, as JSON), not an HTTP response:
-- the API renders it. Keys answered before this migration keep their effect; versions they did not
-- record are 0 (a replay sends no ETag).
ALTER TABLE idempotency_key ADD COLUMN outcome text;

UPDATE idempotency_key SET outcome = CASE
    WHEN status = 201 THEN json_build_object('outcome', 'created', 'todo',
        body::jsonb || jsonb_build_object('version', 1))::text
    WHEN status = 200 AND body::jsonb ? 'message' THEN json_build_object('outcome', 'deleted',
        'id', todo_id, 'version', 0)::text
    WHEN status = 200 THEN json_build_object('outcome', 'updated', 'todo',
        body::jsonb || jsonb_build_object('version', 0))::text
    WHEN status = 404 THEN json_build_object('outcome', 'not_found', 'id', todo_id)::text
    WHEN status = 412 THEN json_build_object('outcome', 'precondition_failed', 'id', todo_id,
        'version', 0)::text
END
WHERE status IS NOT NULL;

ALTER TABLE idempotency_key DROP COLUMN todo_id, DROP COLUMN status, DROP COLUMN body;
