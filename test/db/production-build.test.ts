import { execFile, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../scripts/cluster.ts';

/**
 * What the production image runs: the server and worker compiled to JavaScript by `npm run build`, started
 * with `node` (no TypeScript loader), with NODE_ENV=production's required secrets and safe defaults, on the
 * run's PostgreSQL and Redis. (No Docker engine runs here; this is the image's command without the image.)
 */
const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const out = path.join(root, `.build-${process.pid}`);
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jicai-prod-'));
const runs = inject('databaseBackend') === 'postgres' && inject('redisUrl') !== null;

// A database of its own: the production worker's reconciler runs every due deadline it finds, and this
// deployment has keys of its own, so it must not share the suite's database. Trust authentication here
// ignores the password; production refuses a URL without a strong one.
const databaseName = `jicai_prod_${process.pid}`;
const databaseUrl = (() => {
  const url = new URL(inject('databaseUrl'));
  url.pathname = `/${databaseName}`;
  url.password = 'Long-random-db-password-2026';
  return url.toString();
})();
async function adminQuery(text: string) {
  const admin = new pg.Client({ connectionString: inject('databaseUrl') });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}
const productionEnv = () => ({
  PATH: process.env.PATH,
  NODE_ENV: 'production',
  DATABASE_URL: databaseUrl,
  REDIS_URL: inject('redisUrl') ?? '',
  SEAL_KEY: randomBytes(32).toString('base64'),
  AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
  QUEUE_PREFIX: `prod-${process.pid}`,
  DATA_DIR: dataDir,
  LOG_LEVEL: 'warn',
});

beforeAll(async () => {
  if (!runs) return;
  await adminQuery(`drop database if exists ${databaseName} with (force)`);
  await adminQuery(`create database ${databaseName} template template0 encoding 'UTF8' lc_ctype 'C.UTF-8' lc_collate 'C.UTF-8'`);
  await run('npx', ['tsx', 'scripts/build-server.ts', out], { cwd: root });
}, 120_000);
afterAll(async () => {
  rmSync(out, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
  if (runs) await adminQuery(`drop database if exists ${databaseName} with (force)`);
});

describe.skipIf(!runs)('the production build', () => {
  it('runs the compiled server and worker with node: ready, the storefront served, no demo data', async () => {
    const port = await freePort();
    const env = { ...productionEnv(), PORT: String(port), RUN_WORKERS: 'false' };
    const server = spawn(process.execPath, [path.join(out, 'server/main.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const worker = spawn(process.execPath, [path.join(out, 'workers/main.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    for (const child of [server, worker]) {
      child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    }
    try {
      let ready = false;
      for (let i = 0; i < 240 && !ready && server.exitCode === null; i++) {
        ready = await fetch(`http://127.0.0.1:${port}/api/health/ready`)
          .then((r) => r.status === 200)
          .catch(() => false);
        if (!ready) await new Promise((r) => setTimeout(r, 250));
      }
      expect(ready, output).toBe(true);
      const home = await fetch(`http://127.0.0.1:${port}/`, { headers: { accept: 'text/html' } });
      expect(home.headers.get('content-type')).toContain('text/html');
      expect(output).not.toContain('Demo logins');
      expect(worker.exitCode, output).toBeNull();
    } finally {
      for (const child of [server, worker]) child.kill('SIGTERM');
      await Promise.all([server, worker].map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    }
  });

  it('imports at run time only packages the image installs (package.json dependencies, not devDependencies)', () => {
    const dependencies = Object.keys(
      (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: object }).dependencies,
    );
    const imported = new Set<string>();
    for (const file of ['server/main.js', 'workers/main.js']) {
      const text = readFileSync(path.join(out, file), 'utf8');
      for (const m of text.matchAll(/(?:from |import\()"([^".][^"]*)"/g)) {
        const spec = m[1]!;
        if (spec.startsWith('node:')) continue;
        imported.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
      }
    }
    expect(imported.size).toBeGreaterThan(10);
    expect([...imported].filter((p) => !dependencies.includes(p))).toEqual([]);
  });

  it('refuses to start in production on a weak secret, naming it', async () => {
    const env = { ...productionEnv(), DATABASE_URL: databaseUrl.replace('Long-random-db-password-2026', 'jicai') };
    const result = await run(process.execPath, [path.join(out, 'server/main.js')], { cwd: root, env }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('DATABASE_URL');
  });
});
