/**
 * `npm run bench:reference [-- --seconds 15 --clients 16]`: the physical references that the product's
 * benchmarks are judged against, measured by pgbench on DATABASE_URL's server at the same moment: a
 * `jicai_bench_pgbench` database at scale 10, then 16 clients running select-only, TPC-B (the default
 * script) and one hot row updated by every client. Prints each rate and one JSON line (with the load
 * average, so that two runs can be compared). Needs pgbench (Debian: postgresql-client).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { z } from 'zod';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '15' },
    clients: { type: 'string', default: '16' },
    scale: { type: 'string', default: '10' },
  },
});
const args = z
  .object({
    seconds: z.coerce.number().int().min(1).max(600),
    clients: z.coerce.number().int().min(1).max(256),
    scale: z.coerce.number().int().min(1).max(1000),
  })
  .parse(values);
const env = z.object({ DATABASE_URL: z.string().url() }).safeParse(process.env);
if (!env.success) {
  console.error('[bench:reference] DATABASE_URL must name a PostgreSQL server (pgbench cannot run on PGlite)');
  process.exit(2);
}
const target = new URL(env.data.DATABASE_URL);
const admin = new pg.Client({ connectionString: env.data.DATABASE_URL });
await admin.connect();
await admin.query('drop database if exists jicai_bench_pgbench with (force)');
await admin.query('create database jicai_bench_pgbench');
target.pathname = '/jicai_bench_pgbench';
const url = target.toString();
const log = (msg: string) => console.log(`[bench:reference] ${msg}`);

execFileSync('pgbench', ['-i', '-q', '-s', String(args.scale), url], { stdio: 'ignore' });
const hotRow = path.join(tmpdir(), 'jicai-pgbench-hot-row.sql');
writeFileSync(hotRow, 'update pgbench_accounts set abalance = abalance + 1 where aid = 1;\n');

function run(label: string, extra: string[]) {
  const out = execFileSync(
    'pgbench',
    ['-n', '-c', String(args.clients), '-j', '2', '-T', String(args.seconds), '-M', 'prepared', ...extra, url],
    { encoding: 'utf8' },
  );
  const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? NaN);
  const latency = Number(/latency average = ([\d.]+) ms/.exec(out)?.[1] ?? NaN);
  log(`${label}: ${Math.round(tps)} tps, average latency ${latency} ms`);
  return { tps: Math.round(tps), latencyAvgMs: latency };
}

const selectOnly = run('select-only', ['-S']);
const tpcb = run('TPC-B', []);
const hot = run('one hot row updated', ['-f', hotRow]);
await admin.query('drop database if exists jicai_bench_pgbench with (force)');
await admin.end();
console.log(
  JSON.stringify({
    benchmark: 'reference',
    tool: 'pgbench',
    scale: args.scale,
    clients: args.clients,
    seconds: args.seconds,
    selectOnly,
    tpcb,
    hotRow: hot,
    loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
  }),
);
