-- index.json `ledgers[].produced.sweeps`: accepted records per input ledger and sweep.
SELECT ledger_index, sweep_id, count(*)::INTEGER AS records
FROM runs
GROUP BY ledger_index, sweep_id
ORDER BY ledger_index, sweep_id
