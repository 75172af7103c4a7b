import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** `npm start` on a fresh clone: build the storefront if web/dist is missing or older than its sources (web/ and contracts/). */
const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'web/dist/index.html');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

const builtAt = fs.existsSync(dist) ? fs.statSync(dist).mtimeMs : 0;
// The storefront bundles the API contract it shares with the server (contracts/): a change there rebuilds it too.
if (builtAt < Math.max(newestMtime(path.join(root, 'web')), newestMtime(path.join(root, 'contracts')))) {
  console.log('Building the storefront (web/dist)…');
  // Always the production bundle: under vitest NODE_ENV is "test", which would make Vite build React and antd in development mode.
  const result = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production', JICAI_KEEP_OLD_ASSETS: '1' },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
