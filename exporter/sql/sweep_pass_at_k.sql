-- sweep_pass_at_k.json: pass_at_k_tasks.sql's samples and passes per task with the sweep as one
-- more key: the per-sweep counts of pass_at_k_samples.sql (run it first). The latest-record rule
-- is applied over every sweep first, as pass_at_k.json applies it, and each counted sample then
-- belongs to the sweep of its record: summing n and c over every sweep gives that file's counts
-- exactly (it is how that file's counts are made), and a sweep subset counts the samples it recorded.
SELECT sweep_id, model, experiment, arm, power_level, task_id, n, c, simulated
FROM pass_at_k_sweep_samples
ORDER BY sweep_id, model, experiment, arm, power_level, task_id
