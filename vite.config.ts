import { createReadStream } from 'node:fs';
import { cp, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const repoRoot = path.dirname(fileURLToPath(import.meta.url));

async function isDirectory(dir: string): Promise<boolean> {
  return stat(dir).then(
    (info) => info.isDirectory(),
    () => false,
  );
}

/**
 * Puts the exporter's data/ folder (or `LEDGERBENCH_DATA`) into the site: served at `data/` in
 * dev, copied to `<outDir>/data/` on build, so the built site carries its own surfaces.
 */
function ledgerbenchData(): Plugin {
  const dataDir = path.resolve(process.env.LEDGERBENCH_DATA ?? path.join(repoRoot, 'data'));
  let outDir = '';
  return {
    name: 'ledgerbench-data',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use('/data', (req, res, next) => {
        const relative = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
        const file = path.join(dataDir, relative);
        // Never serve outside the data folder, whatever `..` the request carries.
        if (!file.startsWith(dataDir + path.sep)) return next();
        stat(file).then(
          (info) => {
            if (!info.isFile()) return next();
            res.setHeader('Content-Type', 'application/json; charset=utf-8');
            createReadStream(file).pipe(res);
          },
          () => {
            res.statusCode = 404;
            res.end('not found');
          },
        );
      });
    },
    async writeBundle() {
      if (!(await isDirectory(dataDir))) {
        this.warn(`no data folder at ${dataDir}: the site will say so; run npx ledgerbench export first`);
        return;
      }
      await cp(dataDir, path.join(outDir, 'data'), { recursive: true });
    },
  };
}

// A relative base lets the same build serve at `/` and under any sub-path (GitHub Pages project sites).
export default defineConfig({
  root: 'ui',
  base: './',
  publicDir: false,
  // Hash routing needs no HTML fallback, and without one a missing data file is a real 404.
  appType: 'mpa',
  plugins: [ledgerbenchData()],
  build: { outDir: '../dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 1200 },
  preview: { host: '127.0.0.1' },
});
