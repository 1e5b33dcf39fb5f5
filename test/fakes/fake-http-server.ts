import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A fault the fake model servers inject into one generation request. Each mimics what a real
 * server or network does, at the same layer: an HTTP status with the server's own error body,
 * a socket destroyed mid-stream, a line that is not JSON, a listener that stops accepting.
 */
export type Fault =
  /** An HTTP error status with the server's error JSON (429 adds `Retry-After`). */
  | { kind: 'http_status'; status: number; message?: string; retryAfterS?: number }
  /** The model is not on the server: 404 with the server's own "not found" body. */
  | { kind: 'model_not_found' }
  /** Headers withheld for `ms`: a client timeout shorter than that fires first. */
  | { kind: 'delay'; ms: number }
  /** The stream sends `afterChunks` chunks, then goes quiet for `ms` before carrying on. */
  | { kind: 'stall'; afterChunks: number; ms: number }
  /** After `afterChunks` good chunks, a line that is cut mid-JSON, then the stream carries on. */
  | { kind: 'malformed'; afterChunks?: number }
  /** After `afterChunks` chunks the socket is destroyed (a crashed server or dropped link). */
  | { kind: 'cut'; afterChunks: number }
  /** After `afterChunks` chunks the response ends cleanly but without the final done/usage chunk. */
  | { kind: 'end_early'; afterChunks: number }
  /** The socket is destroyed before any response byte. */
  | { kind: 'reset' }
  /** The listener closes for `ms` (this request is reset; new connections are refused), then reopens on the same port. */
  | { kind: 'down'; ms: number };

/** What a fake saw of one generation request. */
export interface SeenRequest {
  index: number;
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

/** Chooses a fault for a generation request (by index, prompt, body...); null for a clean answer. */
export type FaultPlan = (request: SeenRequest) => Fault | null | undefined;

export interface FakeHttpServer {
  readonly port: number;
  readonly origin: string;
  /** Stops listening, destroys open sockets, and resolves once the port is free. */
  close(): Promise<void>;
  /** Stops listening for `ms` (connections are refused), then listens again on the same port. */
  goDown(ms: number): Promise<void>;
}

/** Starts `handler` on 127.0.0.1 at a random port; every socket is tracked so `close()` really stops. */
export async function startHttpServer(handler: http.RequestListener): Promise<FakeHttpServer> {
  const sockets = new Set<Socket>();
  const server = http.createServer(handler);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await listen(server, 0);
  const port = (server.address() as AddressInfo).port;
  let closed = false;
  let downTimer: NodeJS.Timeout | undefined;

  const stop = async () => {
    for (const socket of sockets) socket.destroy();
    if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    async close() {
      closed = true;
      clearTimeout(downTimer);
      await stop();
    },
    async goDown(ms) {
      await stop();
      downTimer = setTimeout(() => {
        if (!closed) listen(server, port).catch(() => undefined);
      }, ms);
    },
  };
}

function listen(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Reads a request body as JSON (undefined when empty, the raw text when it is not JSON). */
export async function readJsonBody(request: http.IncomingMessage): Promise<unknown> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  const text = Buffer.concat(parts).toString('utf8');
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function sendJson(response: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Splits a reply into the pieces a server would stream, one "token" each: a word with the
 * whitespace before it. Joined back they give the reply exactly.
 */
export function splitTokens(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [];
}

/** A fault queue plus an optional plan: queued faults are used first, one per generation request. */
export class FaultSource {
  private readonly queue: Fault[] = [];
  constructor(private readonly plan?: FaultPlan) {}
  enqueue(fault: Fault, times = 1): void {
    for (let i = 0; i < times; i++) this.queue.push(fault);
  }
  clear(): void {
    this.queue.length = 0;
  }
  next(request: SeenRequest): Fault | null {
    return this.queue.shift() ?? this.plan?.(request) ?? null;
  }
}

/**
 * Applies the faults that act before or instead of a response. Returns true when the request
 * was consumed (the caller must not answer it).
 */
export async function applyPreResponseFault(fault: Fault | null, request: http.IncomingMessage, server: FakeHttpServer): Promise<boolean> {
  if (!fault) return false;
  switch (fault.kind) {
    case 'reset':
      request.socket.destroy();
      return true;
    case 'down':
      request.socket.destroy();
      await server.goDown(fault.ms);
      return true;
    case 'delay':
      await sleep(fault.ms);
      return request.socket.destroyed;
    default:
      return false;
  }
}

/** How one streamed response is written: body chunks, then the closing chunk(s), each already framed. */
export interface StreamPlan {
  chunks: string[];
  /** The final done/usage chunk(s) and any terminator (`data: [DONE]`). */
  tail: string[];
  /** A framed line that is cut off mid-JSON, used by the `malformed` fault. */
  malformed: string;
  chunkDelayMs: number;
  firstChunkDelayMs: number;
}

/** Writes a stream with the mid-stream faults applied; the headers are the caller's. */
export async function writeStream(response: http.ServerResponse, plan: StreamPlan, fault: Fault | null): Promise<void> {
  const all = [...plan.chunks, ...plan.tail];
  // Streaming servers send their headers at once; the client's time to first byte depends on it.
  response.flushHeaders();
  for (let i = 0; i < all.length; i++) {
    if (response.destroyed) return;
    if (fault?.kind === 'cut' && i === fault.afterChunks) {
      // Let the chunks already written reach the client first, as with a real crash mid-stream.
      await new Promise<void>((resolve) => response.write('', () => resolve()));
      await sleep(10);
      response.socket?.destroy();
      return;
    }
    if (fault?.kind === 'end_early' && i === Math.min(fault.afterChunks, plan.chunks.length)) {
      response.end();
      return;
    }
    if (fault?.kind === 'malformed' && i === (fault.afterChunks ?? 0)) response.write(plan.malformed);
    if (fault?.kind === 'stall' && i === fault.afterChunks) await sleep(fault.ms);
    const delay = i === 0 ? plan.firstChunkDelayMs : plan.chunkDelayMs;
    if (delay > 0) await sleep(delay);
    if (response.destroyed) return;
    response.write(all[i]);
  }
  response.end();
}
