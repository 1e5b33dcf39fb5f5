import { TransportError } from './backend.ts';
import { errorForStatus, type ErrorContext } from './errors.ts';

/**
 * The `fetch` handed to the `ollama` client. The client skips NDJSON lines it cannot parse (with a
 * console warning) and prints progress text for non-JSON error bodies; a benchmark must instead
 * record both as failures, quietly. So this wrapper turns HTTP error statuses into TransportErrors
 * before the client sees them, checks every streamed line, and applies our deadline and abort.
 */
export function guardedOllamaFetch(context: Omit<ErrorContext, 'phase'>, signal: AbortSignal, baseFetch: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const signals = init?.signal ? [signal, init.signal] : [signal];
    const response = await baseFetch(input, { ...init, signal: AbortSignal.any(signals) });
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      throw errorForStatus(response.status, errorText(text), { ...context, phase: 'request' }, response.headers.get('retry-after'));
    }
    if (!response.body || !(response.headers.get('content-type') ?? '').includes('ndjson')) return response;
    const checker = new NdjsonChecker();
    const decoder = new TextDecoder();
    const guard = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        const problem = checker.push(decoder.decode(chunk, { stream: true }));
        if (problem) controller.error(toError(problem));
        else controller.enqueue(chunk);
      },
      flush(controller) {
        const problem = checker.push(decoder.decode()) ?? checker.end();
        if (problem) controller.error(toError(problem));
      },
    });
    return new Response(response.body.pipeThrough(guard), { status: response.status, statusText: response.statusText, headers: response.headers });
  };

  function toError(problem: NdjsonProblem): TransportError {
    const failureClass = problem.kind === 'bad_json' ? 'malformed_response' : 'stream_cut';
    const what = problem.kind === 'bad_json' ? `a streamed line is not JSON: ${problem.line.slice(0, 80)}` : `server error mid-stream: ${problem.line}`;
    return new TransportError(failureClass, `${context.url}: ${what}`, true);
  }
}

/** A problem in an NDJSON stream: a line that does not parse, or Ollama's in-stream `{"error": ...}`. */
export type NdjsonProblem = { kind: 'bad_json'; line: string } | { kind: 'server_error'; line: string };

/** Splits streamed text into lines and checks each one; pure, fed piece by piece. */
export class NdjsonChecker {
  private buffer = '';

  /** Adds streamed text; returns the first problem in the lines it completed, if any. */
  push(text: string): NdjsonProblem | null {
    this.buffer += text;
    const lines = this.buffer.split('\n');
    this.buffer = lines.pop() ?? '';
    for (const line of lines) {
      const problem = checkLine(line);
      if (problem) return problem;
    }
    return null;
  }

  /** At end of stream: the unterminated last line, if any, must parse too. */
  end(): NdjsonProblem | null {
    const rest = this.buffer;
    this.buffer = '';
    return checkLine(rest);
  }
}

function checkLine(line: string): NdjsonProblem | null {
  if (line.trim() === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: 'bad_json', line };
  }
  if (value && typeof value === 'object' && 'error' in value) {
    return { kind: 'server_error', line: String((value as { error: unknown }).error) };
  }
  return null;
}

/** Ollama's error bodies are `{"error": "..."}`; a proxy in front may send plain text or HTML. */
function errorText(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    if (typeof parsed.error === 'string') return parsed.error;
  } catch {
    // not JSON: fall through to the raw text
  }
  return body.replace(/<[^>]*>/g, ' ').slice(0, 200);
}
