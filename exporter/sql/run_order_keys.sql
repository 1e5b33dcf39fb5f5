-- The tasks of the run shards (run_order.sql), numbered once in shard order, so the shard stream
-- fetches a number a record where it fetched two strings (about a microsecond each to convert).
CREATE OR REPLACE TEMP TABLE run_order_tasks AS
SELECT (row_number() OVER (ORDER BY experiment, task_id) - 1)::INTEGER AS task, experiment, task_id
FROM (SELECT DISTINCT experiment, task_id FROM runs);
