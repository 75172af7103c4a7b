/**
 * `npm run build` (first half): the API server and the worker compiled to JavaScript for production, one
 * ES module each in build/ (build/server/main.js, build/workers/main.js, and build/scripts/admin-create.js,
 * the first admin of an installation), npm packages left as imports.
 * Production runs them with `node`, no TypeScript loader. Types are checked by `npm run typecheck`; this
 * only translates. The storefront is built by Vite (the second half).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const outdir = process.argv[2] ? path.resolve(process.argv[2]) : path.join(root, 'build');

const result = await build({
  absWorkingDir: root,
  entryPoints: ['server/main.ts', 'workers/main.ts', 'scripts/admin-create.ts'],
  outdir,
  outbase: '.',
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  metafile: true,
});
const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.js'));
for (const [file, info] of outputs) console.log(`${path.relative(root, path.resolve(root, file))}  ${(info.bytes / 1024).toFixed(0)} KiB`);

// The embedded database's thread is a script of its own (server/platform/embedded-postgres.thread.mjs): each
// bundle that can start the embedded default finds it beside itself.
for (const dir of ['server', 'scripts']) {
  await fs.copyFile(
    path.join(root, 'server/platform/embedded-postgres.thread.mjs'),
    path.join(outdir, dir, 'embedded-postgres.thread.mjs'),
  );
}
