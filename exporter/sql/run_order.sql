-- runs/runs-NNNN.json: where each accepted record's text sits, in shard order, with its
-- (experiment, task) as the number run_order_keys.sql gave it. byte_offset arrives as a DOUBLE, a
-- plain number: packed positions stay far below 2^53 (record-store.ts).
SELECT r.ledger_index, r.byte_offset::DOUBLE AS byte_offset, r.byte_length, t.task
FROM runs r
JOIN run_order_tasks t USING (experiment, task_id)
ORDER BY t.task, r.model, r.arm, r.power_level, r."repeat", r.sample, r.run_id
