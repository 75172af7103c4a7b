/**
 * The search benchmark's load generator, run as a child process of bench-search.ts so that its CPU is
 * not the server's: `concurrency` clients draw requests from the traffic mix (Zipf over distinct
 * queries) against `base` for `seconds`, after `warmup` seconds, and send back their latencies.
 */
import { httpRequest, jsonOf } from './bench-http.ts';
import { trafficQueries, zipf } from './bench-search-traffic.ts';

interface Job {
  base: string;
  seconds: number;
  warmup: number;
  concurrency: number;
  distinct: number;
}

const pct = (sorted: number[], p: number) =>
  Math.round((sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0) * 10) / 10;

async function run(job: Job) {
  const queries = trafficQueries(job.distinct);
  const next = zipf(queries.length);
  const latencies: number[] = [];
  const filteredLatencies: number[] = [];
  // A request's first asking in this run (a cache miss, bar a concurrent one) and its repeats, apart.
  const firstLatencies: number[] = [];
  const repeatLatencies: number[] = [];
  const asked = new Set<number>();
  let errors = 0;
  let zeroHits = 0;
  let approximate = 0;
  let fuzzy = 0;
  const seen = new Set<number>();
  let measuring = false;
  const warmupEnd = performance.now() + job.warmup * 1000;
  const end = warmupEnd + job.seconds * 1000;
  let started = 0;
  await Promise.all(
    Array.from({ length: job.concurrency }, async () => {
      while (performance.now() < end) {
        if (!measuring && performance.now() >= warmupEnd) [measuring, started] = [true, performance.now()];
        const i = next();
        const query = queries[i]!;
        const first = !asked.has(i);
        asked.add(i);
        const t = performance.now();
        const res = await httpRequest(job.base + query.path);
        const body = jsonOf<{ total?: number; approximate?: boolean; fuzzy?: boolean }>(res) ?? {};
        if (!measuring) continue;
        const ms = performance.now() - t;
        latencies.push(ms);
        if (query.filtered) filteredLatencies.push(ms);
        (first ? firstLatencies : repeatLatencies).push(ms);
        seen.add(i);
        if (res.status !== 200) errors++;
        else if (!body.total) zeroHits++;
        if (body.approximate) approximate++;
        if (body.fuzzy) fuzzy++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  const filtered = filteredLatencies.sort((a, b) => a - b);
  const firstAsked = firstLatencies.sort((a, b) => a - b);
  const repeated = repeatLatencies.sort((a, b) => a - b);
  return {
    searches: sorted.length,
    seconds: Math.round(elapsed * 10) / 10,
    searchesPerSecond: Math.round(sorted.length / elapsed),
    p50Ms: pct(sorted, 50),
    p90Ms: pct(sorted, 90),
    p99Ms: pct(sorted, 99),
    maxMs: Math.round(sorted.at(-1) ?? 0),
    filtered: {
      share: Math.round((filtered.length / Math.max(1, sorted.length)) * 100) / 100,
      p50Ms: pct(filtered, 50),
      p99Ms: pct(filtered, 99),
    },
    firstAsked: { count: firstAsked.length, p50Ms: pct(firstAsked, 50), p99Ms: pct(firstAsked, 99) },
    repeated: { count: repeated.length, p50Ms: pct(repeated, 50), p99Ms: pct(repeated, 99) },
    distinctQueries: queries.length,
    distinctQueriesSeen: seen.size,
    errors,
    zeroHit: zeroHits,
    approximate,
    fuzzy,
  };
}

process.once('message', (job: Job) => {
  run(job).then(
    (result) => process.send?.(result, () => process.exit(0)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
