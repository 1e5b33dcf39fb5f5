-- Judged runs (evaluator judge@N), in a stable order: where each record's text sits in the record
-- store, for the judge reliability surface to read `evaluation.judge` back.
SELECT experiment, model, run_id, simulated, passed, byte_offset, byte_length
FROM runs
WHERE evaluator LIKE 'judge@%'
ORDER BY experiment, model, run_id
