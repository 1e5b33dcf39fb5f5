import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseCommandArgs } from '../../lib/args.ts';
import { CliError } from '../../lib/cli-error.ts';
import { sha256Hex } from '../../lib/hash.ts';
import { IMPORT_FORMATS, ImportFormatSchema, type ImportFormat } from '../../schema/origin.ts';
import type { RunRecord } from '../../schema/run-record.ts';
import { runIdsInFolder, writeLedgerWhole } from '../import/import-ledger.ts';
import { toRecord, type ImportedRun } from '../import/imported-run.ts';
import { readSources, type SourceRuns } from '../import/read-sources.ts';
import { rescoreRuns, scoreWithOurEvaluator, type Score } from '../import/rescore.ts';
import { readSourceFile } from '../import/source-file.ts';
import { encodeRecord } from '../ledger/writer.ts';

const HELP = `usage: ledgerbench import --from FORMAT PATH... [--out FILE] [--model-name NAME] [--rescore] [--dataset PATH_OR_URL]

Brings results from another harness into a new ledger of ledgerbench.run/1 records, each with an
origin block (the harness, the file, the line or index, what was mapped and what was not).
Importing the same files again adds nothing. Mappings: docs/importers.md.

  --from FORMAT      ${IMPORT_FORMATS.join(' | ')}
  --out FILE         the new ledger (default ledgers/imported/<format>-<hash>.jsonl); never an existing file
  --model-name NAME  the model's name, where the source does not hold it (samples files) or to rename it
  --rescore          score kept answers again with our evaluators (GSM8K, HumanEval); ours becomes
                     the evaluation, theirs stays in origin.their_verdict
  --dataset SOURCE   HumanEval dataset (.jsonl/.jsonl.gz or URL) for humaneval-samples and evalplus
  --cache-dir DIR    where a downloaded dataset is kept (default .cache/datasets)
  -h, --help         this text`;

const DEFAULT_CACHE = path.resolve(import.meta.dirname, '../../.cache/datasets');

/** Where the output goes and how answers are scored; tests pass recorders. */
export interface ImportIo {
  out(line: string): void;
  score: Score;
}

const processIo: ImportIo = { out: (line) => process.stdout.write(`${line}\n`), score: scoreWithOurEvaluator };

function parseFormat(value: string | undefined): ImportFormat {
  if (value === undefined) throw new CliError(`--from FORMAT is required: one of ${IMPORT_FORMATS.join(', ')}`);
  const parsed = ImportFormatSchema.safeParse(value);
  if (!parsed.success) throw new CliError(`--from: unknown format '${value}'; one of ${IMPORT_FORMATS.join(', ')}`);
  return parsed.data;
}

const whereOf = (source: SourceRuns, run: ImportedRun) =>
  run.line !== null ? `${source.info.file.label}:${run.line}` : `${source.info.file.label}: ${run.index}`;

/** Every record, validated: a value past the ledger's bounds is one located line, not a half-written file. */
async function buildRecords(sources: SourceRuns[], rescore: boolean, score: Score): Promise<{ records: RunRecord[]; lines: string[] }> {
  const records: RunRecord[] = [];
  const lines: string[] = [];
  for (const source of sources) {
    const ours = rescore ? await rescoreRuns(source.runs, (run) => whereOf(source, run), score) : source.runs.map(() => undefined);
    source.runs.forEach((run, i) => {
      const record = toRecord(source.info, run, ours[i]);
      try {
        lines.push(encodeRecord(record));
      } catch (error) {
        throw new CliError(`${whereOf(source, run)}: ${error instanceof Error ? error.message : String(error)}`);
      }
      records.push(record);
    });
  }
  return { records, lines };
}

function summary(records: RunRecord[], out: string, rescore: boolean): string[] {
  const rescored = records.filter((r) => r.origin?.rescored);
  const kept = records.length - rescored.length;
  const compared = rescored.filter((r) => typeof r.origin?.their_verdict?.passed === 'boolean');
  const agree = compared.filter((r) => r.origin!.their_verdict!.passed === r.evaluation.passed).length;
  const simulated = records.filter((r) => r.simulated).length;
  return [
    `imported ${records.length} runs into ${out}`,
    ...(rescored.length > 0
      ? [`re-scored ${rescored.length} with our evaluators; of ${compared.length} with their verdict, ${agree} agree and ${compared.length - agree} disagree`]
      : []),
    ...(rescore && kept > 0 ? [`${kept} runs keep their verdict: the source kept no answer, or we have no evaluator for the suite (docs/importers.md)`] : []),
    ...(simulated > 0 ? [`${simulated} runs are flagged simulated (the source marks them mock)`] : []),
  ];
}

/** `ledgerbench import ...`; 0 when the ledger was written or every run was already imported. */
export async function main(argv: string[], io: ImportIo = processIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'import',
    argv,
    {
      from: { type: 'string' },
      out: { type: 'string' },
      'model-name': { type: 'string' },
      rescore: { type: 'boolean', default: false },
      dataset: { type: 'string' },
      'cache-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    true,
  );
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const format = parseFormat(values.from);
  if (positionals.length === 0) throw new CliError(`name the file(s) to import: ledgerbench import --from ${format} PATH...`);
  const files = positionals.map(readSourceFile);
  const twice = files.find((file, i) => files.findIndex((other) => other.sha256 === file.sha256) !== i);
  if (twice) throw new CliError(`${twice.label}: the same file content is given twice; name each file once`);
  const sources = await readSources(format, files, {
    modelName: values['model-name'],
    dataset: values.dataset,
    cacheDir: path.resolve(values['cache-dir'] ?? DEFAULT_CACHE),
  });
  // Samples formats carry answers and no verdict of ours: they are always scored by our sandbox.
  const rescore = values.rescore || format === 'humaneval-samples' || format === 'evalplus';
  const { records, lines } = await buildRecords(sources, rescore, io.score);
  if (records.length === 0) throw new CliError('the files hold no runs to import');
  // Named by the sources' content, so the same files always default to the same ledger.
  const digest = sha256Hex(files.map((f) => f.sha256).join('\n')).slice(0, 12);
  const out = values.out ?? path.join('ledgers', 'imported', `${format}-${digest}.jsonl`);
  const folder = path.dirname(out);
  const existing = runIdsInFolder(folder);
  const already = records.filter((r) => existing.has(r.run_id));
  if (already.length === records.length) {
    io.out(`already imported: all ${records.length} runs are in ${[...new Set(already.map((r) => existing.get(r.run_id)))].join(', ')}; nothing added`);
    return 0;
  }
  if (already.length > 0) {
    throw new CliError(
      `${already.length} of ${records.length} runs are already in ${existing.get(already[0]!.run_id)}; import each file once, on its own, so re-imports stay no-ops`,
    );
  }
  if (existsSync(out)) throw new CliError(`${out}: already exists; import never writes into an existing ledger: pick another --out`);
  mkdirSync(folder, { recursive: true });
  writeLedgerWhole(out, lines);
  for (const line of summary(records, out, rescore)) io.out(line);
  return 0;
}
