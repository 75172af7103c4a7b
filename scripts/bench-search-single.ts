/**
 * `npx tsx scripts/bench-search-single.ts [--top 300]`: the traffic mix's most popular requests, each run
 * once at a time through the PostgreSQL adapter (no cache, no HTTP) against the `jicai_bench` database
 * that `npm run bench:search` left: per-query latencies, slowest first, the load average, and the CPU
 * time spent per search by Node and by the PostgreSQL backend (read from /proc when the server is local,
 * a figure that the machine's other load disturbs far less than latencies).
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { connectDatabase } from '../server/db/client.ts';
import { searchQuerySchema } from '../contracts/catalogue.schemas.ts';
import { postgresSearch } from '../server/platform/search/postgres-search.ts';
import { trafficQueries } from './bench-search-traffic.ts';

const { values: args } = parseArgs({
  options: { top: { type: 'string', default: '300' }, db: { type: 'string', default: 'jicai_bench' } },
});
const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
url.pathname = `/${args.db}`;
const database = connectDatabase(url.toString(), 1);
const backendPid = Number((await database.pool.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid);
/** The PostgreSQL backend's CPU time (user + system, ms), when the server runs on this machine. */
const backendCpu = () => {
  try {
    const f = readFileSync(`/proc/${backendPid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return NaN;
  }
};
const search = postgresSearch(database.db, { cacheTtlMs: 0 });
const queries = trafficQueries(5000).slice(0, Number(args.top));
const cpu0 = process.cpuUsage();
const wall0 = performance.now();
const pg0 = backendCpu();
const times: { ms: number; path: string; total: number; approximate: boolean; fuzzy: boolean }[] = [];
for (const q of queries) {
  const params = Object.fromEntries(
    [...new URLSearchParams(q.path.split('?')[1]).keys()].map((k) => {
      const all = new URLSearchParams(q.path.split('?')[1]).getAll(k);
      return [k, ['brand', 'green', 'size'].includes(k) ? all : all[0]];
    }),
  );
  const query = searchQuerySchema.parse(params);
  const t = performance.now();
  const r = await search.search(query);
  times.push({
    ms: Math.round((performance.now() - t) * 10) / 10,
    path: decodeURIComponent(q.path),
    total: r.total,
    approximate: r.approximate,
    fuzzy: r.fuzzy,
  });
}
const cpu = process.cpuUsage(cpu0);
const pgCpu = backendCpu() - pg0;
const wall = performance.now() - wall0;
const sorted = [...times].sort((a, b) => a.ms - b.ms);
const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.ms;
for (const t of sorted.slice(-15).reverse())
  console.log(`${t.ms} ms  ${t.path}  total=${t.total}${t.approximate ? '~' : ''}${t.fuzzy ? ' fuzzy' : ''}`);
console.log(
  JSON.stringify({
    queries: times.length,
    p50Ms: pct(50),
    p90Ms: pct(90),
    p99Ms: pct(99),
    maxMs: sorted.at(-1)!.ms,
    cpuMsPerSearch: {
      node: Math.round((cpu.user + cpu.system) / 10 / times.length) / 100,
      postgres: Math.round((pgCpu * 100) / times.length) / 100,
    },
    wallMs: Math.round(wall),
    loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
  }),
);
await database.close();
