import { defineConfig } from 'vite';

// A relative base lets the same build serve at `/` and under any sub-path (GitHub Pages project sites).
export default defineConfig({
  root: 'ui',
  base: './',
  publicDir: false,
  build: { outDir: '../dist', emptyOutDir: true, target: 'es2022' },
  preview: { host: '127.0.0.1' },
});
