/** Where a sweep stands, for the progress line. */
export interface ProgressState {
  done: number;
  /** Runs already in the ledger when this session started (a resume): not counted in the rate. */
  alreadyDone: number;
  total: number;
  passed: number;
  startedMs: number;
  nowMs: number;
  current: string;
}

/** `1m05s`, `2h03m`, `45s`: short enough for a status line. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * `37/120 (30.8%)  2.10 runs/s  ETA 39s  pass 81.1%  sim:small math_measurement_v1/math_007` (pure).
 * Rate and pass rate count this session's runs only.
 */
export function formatProgressLine(state: ProgressState): string {
  const elapsedS = Math.max(0, (state.nowMs - state.startedMs) / 1000);
  const sessionDone = state.done - state.alreadyDone;
  const rate = elapsedS > 0 ? sessionDone / elapsedS : 0;
  const percent = state.total > 0 ? (100 * state.done) / state.total : 100;
  const eta = rate > 0 ? formatDuration((state.total - state.done) / rate) : '?';
  const pass = sessionDone > 0 ? `${((100 * state.passed) / sessionDone).toFixed(1)}%` : '-';
  return `${state.done}/${state.total} (${percent.toFixed(1)}%)  ${rate.toFixed(2)} runs/s  ETA ${eta}  pass ${pass}  ${state.current}`;
}

/**
 * Decides when a line is due: on a terminal every update redraws one live line; elsewhere (logs,
 * CI) a plain line at each 10% step or every 30 s, whichever comes first, so logs stay short.
 */
export function progressDue(previous: { done: number; atMs: number } | null, state: Pick<ProgressState, 'done' | 'total' | 'nowMs'>, isTTY: boolean): boolean {
  if (isTTY || previous === null) return true;
  if (state.done === state.total) return true;
  const step = (done: number) => Math.floor((10 * done) / Math.max(1, state.total));
  return step(state.done) > step(previous.done) || state.nowMs - previous.atMs >= 30_000;
}

/** The progress writer a sweep reports to. */
export interface Progress {
  runStarted(current: string): void;
  runFinished(passed: boolean): void;
  /** Ends the live line, so what follows starts on a fresh line. */
  close(): void;
}

export function createProgress(options: { total: number; alreadyDone: number; isTTY: boolean; write: (text: string) => void; nowMs: () => number }): Progress {
  const startedMs = options.nowMs();
  let done = options.alreadyDone;
  let passed = 0;
  let current = '';
  let last: { done: number; atMs: number } | null = null;
  let liveLine = false;
  const show = () => {
    const state = { done, alreadyDone: options.alreadyDone, total: options.total, passed, startedMs, nowMs: options.nowMs(), current };
    if (!progressDue(last, state, options.isTTY)) return;
    last = { done, atMs: state.nowMs };
    if (options.isTTY) {
      // \x1b[K clears what a longer previous line left behind.
      options.write(`\r${formatProgressLine(state)}\x1b[K`);
      liveLine = true;
    } else {
      options.write(`${formatProgressLine(state)}\n`);
    }
  };
  return {
    runStarted(name) {
      current = name;
      if (options.isTTY) show();
    },
    runFinished(ok) {
      done++;
      if (ok) passed++;
      show();
    },
    close() {
      if (liveLine) options.write('\n');
      liveLine = false;
    },
  };
}
