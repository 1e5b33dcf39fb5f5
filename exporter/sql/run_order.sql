-- runs/runs-NNNN.json: where each accepted record's text sits, in shard order.
SELECT ledger_index, byte_offset, byte_length, experiment, task_id
FROM runs
ORDER BY experiment, task_id, model, arm, power_level, "repeat", sample, run_id
