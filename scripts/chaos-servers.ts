/**
 * Throwaway servers for the chaos run (`npm run bench:chaos`, test/db/chaos.test.ts): a PostgreSQL
 * cluster made with Debian's own `initdb`/`pg_ctl` in a temporary folder on a port of its own, and a
 * Redis without persistence on a port of its own. Neither touches the machine's shared servers, so
 * the run may crash and restart them at will.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './cluster.ts';

/** Debian's PostgreSQL binaries (the newest installed major), or null where none is installed. */
export function postgresBin(): string | null {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const majors = readdirSync(base)
    .filter((v) => existsSync(path.join(base, v, 'bin/initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] ? path.join(base, majors[0], 'bin') : null;
}

export const chaosToolsPresent = () =>
  postgresBin() !== null && spawnSync('haproxy', ['-v']).status === 0 && spawnSync('redis-server', ['--version']).status === 0;

/** PostgreSQL refuses to run as root: as root, its tools run as the `postgres` user. */
function asPostgres(cmd: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

function run(cmd: string, args: string[]) {
  const [c, a] = asPostgres(cmd, args);
  const r = spawnSync(c, a, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
}

export interface ThrowawayPostgres {
  url: string;
  /** `pg_ctl restart -m immediate`: a crash of every backend and recovery from the WAL. */
  restartImmediate(): void;
  stop(): void;
}

export async function throwawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = postgresBin();
  if (!bin) throw new Error('no PostgreSQL binaries under /usr/lib/postgresql (apt-get install postgresql)');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jicai-chaos-pg-'));
  if (process.getuid?.() === 0) chownSync(dir, Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim()), 0);
  const data = path.join(dir, 'data');
  const port = await freePort();
  run(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale', 'C.UTF-8', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c full_page_writes=off`;
  const ctl = (...args: string[]) => run(path.join(bin, 'pg_ctl'), ['-D', data, '-l', path.join(dir, 'log'), '-w', '-t', '60', ...args]);
  ctl('-o', options, 'start');
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    restartImmediate: () => ctl('-m', 'immediate', '-o', options, 'restart'),
    stop: () => {
      try {
        ctl('-m', 'immediate', 'stop');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export interface ThrowawayRedis {
  url: string;
  /** Kills Redis (SIGKILL) and starts it again empty on the same port: every queued message is lost. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

async function listening(port: number, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => (s.end(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`redis on ${port} did not come up`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function throwawayRedis(): Promise<ThrowawayRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
      {
        stdio: 'ignore',
      },
    );
    await listening(port);
  };
  const kill = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode) return;
    await new Promise<void>((resolve) => (c.once('exit', () => resolve()), c.kill('SIGKILL')));
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    restart: async () => (await kill(), await start()),
    stop: kill,
  };
}
