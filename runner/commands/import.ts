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

/** What the summary and the re-import check need of a record, so the records themselves need not be kept. */
interface RecordFact {
  runId: string;
  simulated: boolean;
  rescored: boolean;
  /** On a re-scored run with their verdict: whether ours agrees; otherwise null. */
  agrees: boolean | null;
}

function factOf(record: RunRecord): RecordFact {
  const theirs = record.origin?.their_verdict?.passed;
  const rescored = record.origin?.rescored === true;
  return {
    runId: record.run_id,
    simulated: record.simulated,
    rescored,
    agrees: rescored && typeof theirs === 'boolean' ? theirs === record.evaluation.passed : null,
  };
}

/** Every record, validated and encoded: a value past the ledger's bounds is one located line, not a half-written file. */
async function buildLines(sources: SourceRuns[], rescore: boolean, score: Score): Promise<{ facts: RecordFact[]; lines: string[] }> {
  const facts: RecordFact[] = [];
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
      facts.push(factOf(record));
    });
  }
  return { facts, lines };
}

function summary(facts: RecordFact[], out: string, rescore: boolean): string[] {
  const rescored = facts.filter((f) => f.rescored).length;
  const compared = facts.filter((f) => f.agrees !== null).length;
  const agree = facts.filter((f) => f.agrees === true).length;
  const simulated = facts.filter((f) => f.simulated).length;
  const kept = facts.length - rescored;
  return [
    `imported ${facts.length} runs into ${out}`,
    ...(rescored > 0 ? [`re-scored ${rescored} with our evaluators; of ${compared} with their verdict, ${agree} agree and ${compared - agree} disagree`] : []),
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
  // Samples formats carry answers and no verdict of ours: they are always scored by our sandbox.
  const rescore = values.rescore || format === 'humaneval-samples' || format === 'evalplus';
  const readOptions = { modelName: values['model-name'], dataset: values.dataset, cacheDir: path.resolve(values['cache-dir'] ?? DEFAULT_CACHE) };
  // The parsed runs are not kept past this line: only the encoded lines and a few facts a record.
  const { facts, lines } = await buildLines(await readSources(format, files, readOptions), rescore, io.score);
  if (facts.length === 0) throw new CliError('the files hold no runs to import');
  // Named by the sources' content, so the same files always default to the same ledger.
  const digest = sha256Hex(files.map((f) => f.sha256).join('\n')).slice(0, 12);
  const out = values.out ?? path.join('ledgers', 'imported', `${format}-${digest}.jsonl`);
  const folder = path.dirname(out);
  const existing = runIdsInFolder(folder);
  const already = facts.filter((f) => existing.has(f.runId));
  if (already.length === facts.length) {
    io.out(`already imported: all ${facts.length} runs are in ${[...new Set(already.map((f) => existing.get(f.runId)))].join(', ')}; nothing added`);
    return 0;
  }
  if (already.length > 0) {
    throw new CliError(
      `${already.length} of ${facts.length} runs are already in ${existing.get(already[0]!.runId)}; import each file once, on its own, so re-imports stay no-ops`,
    );
  }
  if (existsSync(out)) throw new CliError(`${out}: already exists; import never writes into an existing ledger: pick another --out`);
  mkdirSync(folder, { recursive: true });
  writeLedgerWhole(out, lines);
  for (const line of summary(facts, out, rescore)) io.out(line);
  return 0;
}
