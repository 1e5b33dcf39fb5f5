import { z } from 'zod';

/**
 * The Python side of a test run. It reads `run.json` (the candidate source, the tests and a random
 * marker) and deletes it before any candidate code runs; compiles the candidate (a SyntaxError is
 * reported, not raised); executes it as module `solution` with its prints swallowed; then runs each
 * test in its own copy of the module's namespace under a per-test alarm, and prints one
 * `<marker> {json}` line per event. The candidate never sees the marker on disk, so a stray print
 * cannot pass for a result.
 */
export const HARNESS_SOURCE = String.raw`
import io, json, os, signal, sys, types

class _TestTimeout(BaseException):
    pass

def _on_alarm(signum, frame):
    raise _TestTimeout()

class _Sink(io.TextIOBase):
    """Swallows what the candidate prints, so it cannot interleave with the result lines."""
    def writable(self):
        return True
    def write(self, text):
        return len(text)

def _run(code, namespace, limit):
    # Returns the exception instead of raising it, with the alarm disarmed before anyone looks at it.
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        exec(code, namespace)
        return None
    except BaseException as error:
        return error
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)

def _describe(error):
    try:
        return str(error)[:500]
    except BaseException:
        return '(unprintable %s)' % type(error).__name__

def _failing_line(error, code):
    # The line of the test that raised, so a record says which assert failed.
    line = None
    tb = error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.startswith('<test '):
            line = tb.tb_lineno
        tb = tb.tb_next
    lines = code.splitlines()
    return lines[line - 1].strip() if line and line <= len(lines) else ''

def _classify(error, limit, test_code=None):
    if error is None:
        return {'status': 'passed'}
    if isinstance(error, _TestTimeout):
        return {'status': 'timeout', 'error': 'Timeout', 'message': 'ran over the %ss limit' % limit}
    if isinstance(error, MemoryError):
        return {'status': 'memory', 'error': 'MemoryError', 'message': _describe(error)}
    if isinstance(error, AssertionError) and test_code is not None:
        where = _failing_line(error, test_code)
        text = _describe(error)
        return {'status': 'failed', 'error': 'AssertionError', 'message': where + ': ' + text if where and text else where or text}
    return {'status': 'error', 'error': type(error).__name__, 'message': _describe(error)}

def _guarded(code, namespace, limit):
    try:
        return _run(code, namespace, limit)
    except _TestTimeout as late:
        # The alarm went off between the exec and its disarming: still a timeout.
        return late

def _main():
    with open('run.json', encoding='utf-8') as handle:
        spec = json.load(handle)
    os.unlink('run.json')
    marker = spec['marker']
    limit = spec['per_test_s']
    real_out = sys.stdout
    def emit(event):
        real_out.write(marker + ' ' + json.dumps(event) + '\n')
        real_out.flush()
    emit({'event': 'start'})
    try:
        code = compile(spec['source'], 'solution.py', 'exec')
    except (SyntaxError, ValueError) as error:
        message = str(getattr(error, 'msg', error))[:500]
        emit({'event': 'syntax', 'error': type(error).__name__, 'line': getattr(error, 'lineno', None), 'message': message})
        return
    signal.signal(signal.SIGALRM, _on_alarm)
    sys.stdout = _Sink()
    # A real module in sys.modules, as an import would make: dataclasses, pickle and typing look it up.
    module = types.ModuleType('solution')
    module.__file__ = 'solution.py'
    sys.modules['solution'] = module
    loaded = _classify(_guarded(code, module.__dict__, limit), limit)
    emit(dict(loaded, event='load', status='ok' if loaded['status'] == 'passed' else loaded['status']))
    if loaded['status'] != 'passed':
        return
    for test in spec['tests']:
        try:
            test_code = compile(test['code'], '<test %s>' % test['name'], 'exec')
        except SyntaxError as error:
            emit({'event': 'test', 'name': test['name'], 'status': 'error', 'error': 'SyntaxError', 'message': 'the test itself: ' + _describe(error)})
            continue
        outcome = _classify(_guarded(test_code, dict(module.__dict__), limit), limit, test['code'])
        emit(dict(outcome, event='test', name=test['name']))
    sys.stdout = real_out
    emit({'event': 'done'})

_main()
`;

export const HarnessEventSchema = z.discriminatedUnion('event', [
  z.object({ event: z.literal('start') }),
  z.object({ event: z.literal('syntax'), error: z.string(), line: z.number().nullable(), message: z.string() }),
  z.object({
    event: z.literal('load'),
    status: z.enum(['ok', 'timeout', 'memory', 'error']),
    error: z.string().optional(),
    message: z.string().optional(),
  }),
  z.object({
    event: z.literal('test'),
    name: z.string(),
    status: z.enum(['passed', 'failed', 'timeout', 'memory', 'error']),
    error: z.string().optional(),
    message: z.string().optional(),
  }),
  z.object({ event: z.literal('done') }),
]);

export type HarnessEvent = z.infer<typeof HarnessEventSchema>;

/**
 * The harness events in `stdout`, in order: only lines that start with this run's marker count,
 * and a marked line that does not parse is ignored like any other noise.
 */
export function parseHarnessOutput(stdout: string, marker: string): HarnessEvent[] {
  const prefix = `${marker} `;
  const events: HarnessEvent[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith(prefix)) continue;
    try {
      const parsed = HarnessEventSchema.safeParse(JSON.parse(line.slice(prefix.length)));
      if (parsed.success) events.push(parsed.data);
    } catch {
      // A truncated last line (output cap) is not an event.
    }
  }
  return events;
}
