import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** How the fake answers: as a static file server does, or with one of the faults a real one shows. */
export type LedgerServerMode = 'normal' | 'ignore-range' | 'hang' | 'stall';

/** What the fake saw of one request. */
export interface LedgerRequest {
  path: string;
  range: string | null;
  ifNoneMatch: string | null;
}

/**
 * A loopback static file server for ledgers, answering as nginx, S3 or GitHub Pages do: a strong
 * ETag (hash of the bytes), `Range: bytes=N-` as 206 with Content-Range (416 with `bytes *\/LEN`
 * past the end), `If-None-Match` as 304, 404 for a path it does not hold. `mode` injects a
 * server that ignores Range (200 with the whole file), one that never answers, or one that
 * stalls halfway through a body (headers and half the bytes sent, then silence).
 */
export async function startLedgerServer(): Promise<{
  url: string;
  files: Map<string, Buffer>;
  requests: LedgerRequest[];
  setMode(mode: LedgerServerMode): void;
  close(): Promise<void>;
}> {
  const files = new Map<string, Buffer>();
  const requests: LedgerRequest[] = [];
  const sockets = new Set<Socket>();
  let mode: LedgerServerMode = 'normal';
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const range = req.headers.range ?? null;
    const ifNoneMatch = (req.headers['if-none-match'] as string | undefined) ?? null;
    requests.push({ path, range, ifNoneMatch });
    if (mode === 'hang') return;
    const body = files.get(path);
    if (body === undefined) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
    if (ifNoneMatch === etag) {
      res.writeHead(304, { ETag: etag }).end();
      return;
    }
    const start = mode !== 'ignore-range' && range !== null ? Number(/^bytes=(\d+)-$/.exec(range)?.[1] ?? Number.NaN) : Number.NaN;
    if (Number.isNaN(start)) {
      res.writeHead(200, { ETag: etag, 'Content-Length': body.byteLength, 'Accept-Ranges': mode === 'normal' ? 'bytes' : 'none' }).end(body);
      return;
    }
    if (start >= body.byteLength) {
      res.writeHead(416, { 'Content-Range': `bytes */${body.byteLength}` }).end();
      return;
    }
    const part = body.subarray(start);
    res.writeHead(206, { ETag: etag, 'Content-Length': part.byteLength, 'Content-Range': `bytes ${start}-${body.byteLength - 1}/${body.byteLength}` });
    if (mode === 'stall') res.write(part.subarray(0, Math.floor(part.byteLength / 2)));
    else res.end(part);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    files,
    requests,
    setMode(next) {
      mode = next;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
