-- runs/runs-NNNN.json: where each accepted record's text sits, in shard order. byte_offset
-- arrives as a DOUBLE, a plain number: packed positions stay far below 2^53 (record-store.ts).
SELECT ledger_index, byte_offset::DOUBLE AS byte_offset, byte_length, experiment, task_id
FROM runs
ORDER BY experiment, task_id, model, arm, power_level, "repeat", sample, run_id
