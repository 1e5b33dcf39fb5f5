import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { parseSampleLine, type Sample } from './sample.ts';

export interface SamplerOptions {
  executable: string;
  /** The GPUs to sample. */
  gpuIndices: readonly number[];
  /** Pass `-i` to nvidia-smi: false when every GPU is sampled (the query then covers all). */
  restrict: boolean;
  intervalMs: number;
  fields: readonly string[];
}

/**
 * One long-lived `nvidia-smi --query-gpu=... -lms N` child per sweep: its stdout is read line by
 * line and each sample stamped with the local monotonic clock on arrival. Starting a process per
 * sample would cost more than the interval and disturb what it measures.
 */
export class Sampler {
  private readonly byGpu = new Map<number, Sample[]>();
  private readonly child: ChildProcess;
  private readonly waiters = new Set<() => void>();
  private stderrTail = '';
  private stopping = false;
  private exited = false;
  private failureText: string | null = null;

  constructor(readonly options: SamplerOptions) {
    const args = [`--query-gpu=${options.fields.join(',')}`, '--format=csv,noheader,nounits', '-lms', String(options.intervalMs)];
    if (options.restrict) args.push('-i', options.gpuIndices.join(','));
    for (const index of options.gpuIndices) this.byGpu.set(index, []);
    this.child = spawn(options.executable, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    // The sampler must never keep a finished sweep alive on its own.
    this.child.unref();
    (this.child.stdout as unknown as { unref?: () => void }).unref?.();
    (this.child.stderr as unknown as { unref?: () => void }).unref?.();
    createInterface({ input: this.child.stdout! }).on('line', (line) => this.receive(line));
    this.child.stderr!.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-500);
    });
    this.child.on('error', (error) => this.fail(`nvidia-smi sampler could not start: ${error.message}`));
    this.child.on('exit', (code, signal) => {
      this.exited = true;
      if (!this.stopping)
        this.fail(`nvidia-smi sampler exited (${signal ?? `code ${code}`})${this.stderrTail ? `: ${this.stderrTail.trim().split('\n')[0]}` : ''}`);
      this.wake();
    });
  }

  /** Why the sampler stopped on its own, or null while it runs. */
  get failure(): string | null {
    return this.failureText;
  }

  /** The GPUs that have reported so far (or were asked for). */
  get gpuIndices(): number[] {
    return [...this.byGpu.keys()].sort((a, b) => a - b);
  }

  /** This GPU's samples in arrival order (the live array: callers copy what they keep). */
  samples(gpu: number): readonly Sample[] {
    return this.byGpu.get(gpu) ?? [];
  }

  /** Resolves true once every GPU has a sample at or after `atMs`; false at the timeout or a failure. */
  waitForSampleAfter(atMs: number, timeoutMs: number): Promise<boolean> {
    const done = () => this.gpuIndices.length > 0 && this.gpuIndices.every((g) => (this.samples(g).at(-1)?.atMs ?? -Infinity) >= atMs);
    if (done()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = () => {
        if (done() || this.failureText !== null || this.exited) finish(done());
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      const finish = (value: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(value);
      };
      this.waiters.add(check);
    });
  }

  /** Drops samples older than `beforeMs`, keeping the last one before it (it brackets a window). */
  prune(beforeMs: number): void {
    for (const [gpu, list] of this.byGpu) {
      const keepFrom = list.findIndex((s) => s.atMs >= beforeMs);
      if (keepFrom > 1) this.byGpu.set(gpu, list.slice(keepFrom - 1));
    }
  }

  /** Stops the child (SIGTERM, then SIGKILL after a second) and waits for it to go. */
  async close(): Promise<void> {
    if (this.exited) return;
    this.stopping = true;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 1000);
    await gone;
    clearTimeout(timer);
  }

  /** Last-resort stop from a process `exit` hook: a synchronous signal, no waiting. */
  killSync(): void {
    if (this.exited) return;
    this.stopping = true;
    this.child.kill('SIGKILL');
  }

  private receive(line: string): void {
    const sample = parseSampleLine(line, performance.now(), this.options.fields);
    if (sample === null) return;
    const list = this.byGpu.get(sample.gpu);
    if (list) list.push(sample);
    else this.byGpu.set(sample.gpu, [sample]);
    this.wake();
  }

  private fail(text: string): void {
    if (this.failureText === null) this.failureText = text;
    this.wake();
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
