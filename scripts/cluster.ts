/**
 * `npm run cluster -- --api 3 --workers 2 --port 8080`: the production topology on one machine. N API
 * replicas (no workers inside) and M worker processes on the PostgreSQL and Redis named by DATABASE_URL
 * and REDIS_URL, behind HAProxy (Debian's package; `.ci/run` installs it) that balances round-robin and
 * takes a replica out of rotation while its /api/health/ready fails. Ctrl-C stops everything.
 *
 * The first replica starts alone (it migrates and, with DEMO_DATA, loads the demo world into an empty
 * database); the others and the workers start once it is ready. Every replica shares DATA_DIR (the seal
 * key and audit signing key files) and the database, which holds sessions, uploads and job state; Redis
 * holds the queue and the rate-limit counters. Nothing a request needs lives in one process.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');

export interface ClusterOptions {
  apis: number;
  workers: number;
  /** Port of the balancer (0: any free port). */
  port: number;
  /** Environment for every process (DATABASE_URL and REDIS_URL required). */
  env: NodeJS.ProcessEnv;
  /** Where process output goes: 'inherit' for the command, 'ignore' for tests, or a file descriptor (a log file). */
  output?: 'inherit' | 'ignore' | number;
}

export interface Cluster {
  url: string;
  apiUrls: string[];
  api: ChildProcess[];
  workers: ChildProcess[];
  balancer: ChildProcess;
  /** Starts `api<n>` or `worker<n>` again (after a crash or a SIGKILL) in the same slot, on the same port. */
  respawn(name: string): ChildProcess;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, timeoutMs: number, exited: () => string | null): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const gone = exited();
    if (gone) throw new Error(gone);
    const ok = await fetch(url)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) return;
    if (Date.now() > until) throw new Error(`${url} not ready after ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The database URL with the process's name as PostgreSQL's application_name. */
function named(databaseUrl: string, name: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('application_name', name);
  return url.toString();
}

export function haproxyConfig(port: number, apiPorts: number[]): string {
  return [
    'global',
    '  maxconn 4096',
    'defaults',
    '  mode http',
    '  option httplog',
    '  timeout connect 5s',
    '  timeout client 60s',
    '  timeout server 60s',
    // Server-sent events (live auctions) stay open: the tunnel timeout covers them.
    '  timeout tunnel 1h',
    '  retries 2',
    // A request that failed to reach a replica (killed, restarting) is sent to another.
    '  option redispatch',
    // The client's address for the replicas (rate limits, audit origin; /metrics refuses proxied requests).
    '  option forwardfor',
    'frontend jicai',
    `  bind 127.0.0.1:${port}`,
    '  default_backend api',
    'backend api',
    '  balance roundrobin',
    '  option httpchk GET /api/health/ready',
    '  http-check expect status 200',
    // Which replica answered, for operators (and the cluster test).
    '  http-response set-header X-Served-By %s',
    ...apiPorts.map((p, i) => `  server api${i + 1} 127.0.0.1:${p} check inter 1s fall 2 rise 1`),
    '',
  ].join('\n');
}

export async function startCluster(opts: ClusterOptions): Promise<Cluster> {
  if (!opts.env.DATABASE_URL || !opts.env.REDIS_URL) {
    throw new Error('DATABASE_URL and REDIS_URL: the cluster runs on a PostgreSQL server and Redis (the embedded default is one process)');
  }
  if (spawnSync('haproxy', ['-v']).status !== 0) throw new Error('haproxy is not installed (apt-get install haproxy)');
  const build = spawnSync('npx', ['tsx', 'scripts/ensure-web.ts'], { cwd: root, stdio: opts.output === 'inherit' ? 'inherit' : 'ignore' });
  if (build.status !== 0) throw new Error('building the storefront failed');

  const stdio = opts.output ?? 'ignore';

  const children: ChildProcess[] = [];
  const exits = new Map<ChildProcess, string>();
  const start = (name: string, script: string, env: NodeJS.ProcessEnv) => {
    // application_name names the process in pg_stat_activity (which replica or worker holds a transaction).
    // Node itself with tsx's loader (not the tsx command, which runs Node as a child of its own): the pid is
    // the server's, so a SIGKILL kills the server and not a wrapper that leaves it running.
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: root,
      env: { ...opts.env, DATABASE_URL: named(opts.env.DATABASE_URL!, `jicai-${name}`), ...env },
      stdio: ['ignore', stdio, stdio],
    });
    child.once('exit', (code, signal) => exits.set(child, `${name} exited (${signal ?? code})`));
    children.push(child);
    return child;
  };
  const firstExit = () => {
    for (const c of children) if (exits.has(c)) return exits.get(c)!;
    return null;
  };
  // The balancer's config folder, removed with the processes.
  let configDir: string | null = null;
  const stop = async () => {
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (exits.has(c) || c.exitCode !== null) return resolve();
            const kill = setTimeout(() => c.kill('SIGKILL'), 10_000);
            c.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            c.kill('SIGTERM');
          }),
      ),
    );
    if (configDir) rmSync(configDir, { recursive: true, force: true });
  };

  try {
    const apiPorts = await Promise.all(Array.from({ length: opts.apis }, () => freePort()));
    const apiUrls = apiPorts.map((p) => `http://127.0.0.1:${p}`);
    const apiEnv = (port: number) => ({ PORT: String(port), HOST: '127.0.0.1', RUN_WORKERS: 'false' });
    const api = [start('api1', 'server/main.ts', apiEnv(apiPorts[0]!))];
    await waitFor(`${apiUrls[0]}/api/health/ready`, 180_000, firstExit);
    for (let i = 1; i < opts.apis; i++) api.push(start(`api${i + 1}`, 'server/main.ts', { ...apiEnv(apiPorts[i]!), DEMO_DATA: 'false' }));
    const workers = Array.from({ length: opts.workers }, (_, i) => start(`worker${i + 1}`, 'workers/main.ts', {}));
    await Promise.all(apiUrls.slice(1).map((u) => waitFor(`${u}/api/health/ready`, 180_000, firstExit)));

    const port = opts.port || (await freePort());
    const dir = (configDir = mkdtempSync(path.join(os.tmpdir(), 'jicai-haproxy-')));
    const cfg = path.join(dir, 'haproxy.cfg');
    writeFileSync(cfg, haproxyConfig(port, apiPorts));
    const balancer = spawn('haproxy', ['-db', '-f', cfg], { stdio: ['ignore', stdio, stdio] });
    balancer.once('exit', (code, signal) => exits.set(balancer, `haproxy exited (${signal ?? code})`));
    children.push(balancer);
    const url = `http://127.0.0.1:${port}`;
    await waitFor(`${url}/api/health/ready`, 30_000, firstExit);
    const respawn = (name: string) => {
      const n = Number(name.replace(/^\D+/, '')) - 1;
      if (name.startsWith('api') && api[n])
        return (api[n] = start(name, 'server/main.ts', { ...apiEnv(apiPorts[n]!), DEMO_DATA: 'false' }));
      if (name.startsWith('worker') && workers[n]) return (workers[n] = start(name, 'workers/main.ts', {}));
      throw new Error(`no process ${name}`);
    };
    return { url, apiUrls, api, workers, balancer, respawn, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 0) {
    console.error(`--${name} must be a whole number`);
    process.exit(2);
  }
  return value;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const apis = Math.max(1, arg('api', 3));
  const workers = arg('workers', 2);
  const port = arg('port', 8080);
  try {
    const cluster = await startCluster({ apis, workers, port, env: process.env, output: 'inherit' });
    console.log(
      [
        '',
        `  集采 Jicai cluster: ${apis} API replica(s) and ${workers} worker(s) behind HAProxy`,
        `  Storefront  ${cluster.url}/`,
        `  Replicas    ${cluster.apiUrls.join('  ')}`,
        '  Ctrl-C stops every process.',
        '',
      ].join('\n'),
    );
    const shutdown = () => void cluster.stop().then(() => process.exit(0));
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
  } catch (error) {
    console.error(`✖ ${(error as Error).message}`);
    process.exit(1);
  }
}
