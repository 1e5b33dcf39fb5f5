import { parseMarginPoints } from '../../core/margin.ts';
import { parseCommandArgs } from '../../lib/args.ts';
import { CliError } from '../../lib/cli-error.ts';
import { runExport, type ExportEffects } from '../export.ts';
import { diskLedgerSource } from '../ledgers/disk.ts';
import { withRemoteLedgers } from '../ledgers/remote.ts';
import { createDiskOutput } from '../write.ts';

/** Where the export cache lives unless --cache-dir says otherwise (README, "Export cache"). */
const DEFAULT_CACHE_DIR = '.cache/ledgerbench/export';

const HELP = `usage: ledgerbench export [--ledgers GLOB] [--out DIR] [--strict] [--no-cache]

Rebuilds the data/ surfaces from every run ledger: validates each line, loads the accepted records
into DuckDB and writes the JSON surfaces, the run shards and index.json. Same ledgers in,
byte-identical files out. Rejected lines are listed in DIR/verification.json. DIR is replaced
whole at the end, or not at all: a failed export leaves the previous DIR as it was.

  --ledgers GLOB  ledgers to read (default: ledgers/**/*.jsonl); a folder means every .jsonl under it;
                  repeat it to read several (a file matched twice is read once); one that matches
                  nothing is an error (exit 2); an https:// URL is fetched into .cache/ledgerbench/remote/,
                  later only its new bytes (docs/scale.md)
  --out DIR       output folder, replaced whole (default: data)
  --strict        when any line was rejected: print them, publish nothing, exit 1
  --margin N      comparisons.json: non-inferiority margin in percentage points, 0 to below 100 (default 5)
  --holm          comparisons.json: Holm-adjust McNemar p across suites
  --candidates F  comparisons.json: candidates file mapping originals to cheaper models (default candidates.json)
  --threads N     validation worker threads for large ledgers (default: one per core; 0: none)
  --cache-dir DIR where lines judged by earlier exports are kept, so a rebuild judges only the bytes
                  appended since (default ${DEFAULT_CACHE_DIR}); the output is the same either way
  --no-cache      judge every line again (a cold export); the cache is neither read nor written
  --debug         print stack traces on failure
  -h, --help      this text`;

export async function main(argv: string[]): Promise<number> {
  // The shared flag parser: `--margin -5` reaches the margin rule, and every flag error is one line.
  const { values } = parseCommandArgs('export', argv, {
    ledgers: { type: 'string', multiple: true, default: ['ledgers/**/*.jsonl'] },
    out: { type: 'string', default: 'data' },
    strict: { type: 'boolean', default: false },
    margin: { type: 'string' },
    holm: { type: 'boolean', default: false },
    candidates: { type: 'string' },
    threads: { type: 'string' },
    'cache-dir': { type: 'string', default: DEFAULT_CACHE_DIR },
    'no-cache': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const effects: ExportEffects = {
    ...withRemoteLedgers(diskLedgerSource(), { log: (line) => console.error(line) }),
    ...createDiskOutput(values.out),
    log: (line) => console.log(line),
    warn: (line) => console.error(line),
  };
  const margin = values.margin === undefined ? undefined : parseMarginPoints(values.margin);
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 0 && threads <= 64)) {
    throw new CliError(`--threads ${values.threads}: expected a whole number of threads from 0 to 64, e.g. --threads 2`);
  }
  const options = {
    ledgers: values.ledgers,
    out: values.out.replace(/\/+$/, ''),
    strict: values.strict,
    holm: values.holm,
    ...(margin === undefined ? {} : { margin }),
    ...(values.candidates === undefined ? {} : { candidates: values.candidates }),
    ...(threads === undefined ? {} : { threads }),
    ...(values['no-cache'] ? {} : { cache: values['cache-dir'] }),
  };
  const result = await runExport(options, effects);
  return result.exitCode;
}
