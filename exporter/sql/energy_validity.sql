-- verification.json energy_validity: how many accepted runs carry each (method, valid, reason).
SELECT energy_method AS method, energy_valid AS valid, energy_reason AS reason, count(*)::INTEGER AS count
FROM runs
GROUP BY energy_method, energy_valid, energy_reason
ORDER BY method, valid, reason NULLS FIRST
