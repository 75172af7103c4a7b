// One browser-test server start at a time across the run's worker processes.
//
// Every e2e file calls startTestServer(), which builds web/dist when it is missing or stale and loads
// the demo data into the run's shared database. Two files starting together would run two vite builds
// into the same directory (one fails) and race to insert the same demo users. Holding a lock while
// starting makes the first file build and load, and the next ones find both done.
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';
import { startTestServer } from '../helpers/server.ts';

const staleAfterMs = 5 * 60_000;

/** Named after the run's database, so two separate runs never wait for each other. */
function lockPath(): string {
  const key = inject('databaseUrl').replace(/[^a-zA-Z0-9]+/g, '_').slice(-80);
  return path.join(os.tmpdir(), `jicai-e2e-start-${key}.lock`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A lock left by a process that died, or held far longer than any build takes. */
async function stale(dir: string): Promise<boolean> {
  try {
    const pid = Number(await readFile(path.join(dir, 'pid'), 'utf8'));
    if (Number.isInteger(pid) && pid > 0 && !alive(pid)) return true;
    return Date.now() - (await stat(dir)).mtimeMs > staleAfterMs;
  } catch {
    return false;
  }
}

async function acquire(dir: string): Promise<void> {
  for (;;) {
    try {
      await mkdir(dir);
      await writeFile(path.join(dir, 'pid'), String(process.pid));
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await stale(dir)) await rm(dir, { recursive: true, force: true });
      else await sleep(250);
    }
  }
}

export async function startE2eServer(): Promise<{ url: string; close(): Promise<void> }> {
  const dir = lockPath();
  await acquire(dir);
  try {
    return await startTestServer();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
