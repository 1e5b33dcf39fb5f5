/**
 * The SQL view's example queries. They read the tables the view registers (ui/sql/tables.ts):
 * `runs` is data/runs.parquet (columns in docs/surfaces.md, "runs.parquet"), and every JSON
 * surface is a table of its rows under its own name. Metrics follow docs/metrics.md: success is
 * `passed`; joules per pass counts valid energy only, on both sides of the division.
 */
export interface ExampleQuery {
  id: string;
  title: string;
  sql: string;
}

export const EXAMPLE_QUERIES: readonly ExampleQuery[] = [
  {
    id: 'pass-rate',
    title: 'Pass rate by model and suite',
    sql: `SELECT model, experiment,
  count(*) AS runs,
  round(avg(passed::INTEGER), 4) AS run_pass_rate,
  bool_or(simulated) AS simulated
FROM runs
GROUP BY model, experiment
ORDER BY experiment, run_pass_rate DESC, model;`,
  },
  {
    id: 'joules-per-pass',
    title: 'Joules per passed task by power level',
    sql: `SELECT power_level, model,
  count(*) FILTER (WHERE energy_valid) AS valid_energy_runs,
  round(sum(joules) FILTER (WHERE energy_valid)
    / nullif(count(*) FILTER (WHERE energy_valid AND passed), 0), 2) AS joules_per_pass,
  bool_or(simulated) AS simulated
FROM runs
GROUP BY power_level, model
ORDER BY power_level, joules_per_pass NULLS LAST, model;`,
  },
  {
    id: 'verdict-runs',
    title: 'The runs behind a verdict',
    sql: `-- The first comparison in comparisons.json; edit the WHERE to pick another.
WITH verdict AS (
  SELECT * FROM comparisons
  ORDER BY experiment, arm, original, candidate, candidate_power_level
  LIMIT 1
)
SELECT v.verdict, r.model, r.power_level, r.task_id, r."repeat", r.passed, r.hostname, r.gpu, r.run_id
FROM runs r JOIN verdict v
  ON r.experiment = v.experiment AND r.arm = v.arm
 AND ((r.model = v.original AND r.power_level = v.original_power_level)
   OR (r.model = v.candidate AND r.power_level = v.candidate_power_level))
ORDER BY r.task_id, r.model, r.power_level, r."repeat", r.run_id;`,
  },
  {
    id: 'hosts',
    title: 'Runs by host and GPU',
    sql: `SELECT hostname, gpu, count(*) AS runs, count(DISTINCT sweep_id) AS sweeps, bool_or(simulated) AS simulated
FROM runs
GROUP BY hostname, gpu
ORDER BY hostname, gpu;`,
  },
];
