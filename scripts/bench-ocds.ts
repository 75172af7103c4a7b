/**
 * `npm run bench:ocds [-- --releases 1000000 --seconds 5 --concurrency 1 --limit 100]`
 *
 * The open-data feed at a nation's scale: seeds N stored releases into a fresh database (a
 * `jicai_bench_ocds` database on DATABASE_URL's server, or an in-memory PGlite when unset), starts the
 * real HTTP app on loopback and follows `GET /api/ocds/releases?after=<cursor>&limit=` from cursors at
 * several depths of the store (the start, the middle, the end), from a load generator outside the
 * server's process (with PGlite, in-memory, both share one). Prints p50 and p99 per depth, then one line
 * of JSON. Target: p99 < 50 ms at 1,000,000 releases; `--concurrency` > 1 measures pages under load.
 *
 * Seeding is the bench's shortcut, not how releases are made: the synthetic releases are written by one
 * INSERT … SELECT over generate_series per batch (the services write through recordReleases, one change
 * at a time), for processes that exist only in the feed. Twenty real tenders are then created and
 * published through the API on top, so the head, the records and the last pages are the real thing, and
 * the consistency check run at the end finds every real process with its releases.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { connectDatabase } from '../server/db/client.ts';
import { afterBench, benchApp, benchAppInProcess, benchClient, benchDatabase, benchOrg, pct } from './bench-kit.ts';

const { values: args } = parseArgs({
  options: {
    releases: { type: 'string', default: '1000000' },
    seconds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '1' },
    limit: { type: 'string', default: '100' },
    serve: { type: 'string' },
  },
});
// The server runs in a child process (`--serve <database url>`), so the load generator's own work
// (HTTP client, parsing pages) does not share the server's event loop.
if (args.serve) {
  const database = connectDatabase(args.serve, 20);
  const app = await benchAppInProcess({ url: args.serve, backend: 'postgres', database, db: database.db, stop: () => database.close() });
  console.log(`READY ${app.base}`);
  process.on('SIGTERM', () => void app.close().then(() => database.close().then(() => process.exit(0))));
  await new Promise(() => undefined);
}
const N = Number(args.releases);
const SECONDS = Number(args.seconds);
const CONCURRENCY = Number(args.concurrency);
const LIMIT = Number(args.limit);
const log = (msg: string) => console.log(`[bench:ocds] ${msg}`);

const bench = await benchDatabase('ocds', 20);
const { db } = bench;

// ---- seed ----------------------------------------------------------------------------------
const t0 = performance.now();
const BATCH = 100_000;
const PER_PROCESS = 5;
const tags = ['tender', 'tenderUpdate', 'award', 'contract', 'implementation'];
for (let from = 1; from <= N; from += BATCH) {
  const to = Math.min(N, from + BATCH - 1);
  // A process every 5 releases; each release a few hundred bytes, like a real tender/award release.
  await db.execute(sql`
    insert into jicai.ocds_releases (seq, ocid, release_id, process_kind, process_id, date, published_at, tag, release)
    select g, ocid, ocid || '-' || tag || '-' || g, 'tender', md5(ocid)::uuid, at, at, array[tag],
      json_build_object(
        'ocid', ocid, 'id', ocid || '-' || tag || '-' || g, 'date', to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'tag', json_build_array(tag), 'initiationType', 'tender', 'language', 'zh',
        'tender', json_build_object(
          'id', 'BENCH' || (g / ${PER_PROCESS}), 'title', '压测采购项目 ' || (g / ${PER_PROCESS}) || '：办公设备一批', 'status', 'active',
          'value', json_build_object('amount', (g % 1000) * 1000 + 0.5, 'currency', 'CNY'),
          'procurementMethod', 'open', 'mainProcurementCategory', 'goods',
          'tenderPeriod', json_build_object('startDate', to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                                            'endDate', to_char((at + interval '20 days') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')),
          'items', json_build_array(json_build_object('id', '1', 'description', '台式计算机', 'quantity', 10, 'unit', json_build_object('name', '台'))))
      )
    from (
      select g, 'ocds-jc2026-BENCH' || lpad((g / ${PER_PROCESS})::text, 8, '0') as ocid,
             (array${sql.raw(`['${tags.join("','")}']`)})[1 + (g % ${PER_PROCESS})] as tag,
             timestamptz '2020-01-01T00:00:00Z' + (g * interval '90 seconds') as at
      from generate_series(${from}::bigint, ${to}::bigint) g) s`);
  log(`seeded ${to.toLocaleString()} releases`);
}
await db.execute(sql`
  insert into jicai.ocds_records (ocid, process_kind, process_id, last_seq, last_published_at)
  select ocid, 'tender', md5(ocid)::uuid, max(seq), max(published_at) from jicai.ocds_releases group by ocid`);
await db.execute(sql`update jicai.ocds_release_head set seq = ${N} where id = 'head'`);
// Real processes on top, made the way the product makes them: the center creates and publishes tenders
// through the API, and the recorder the services use gives their releases the next seqs.
{
  const seeding = await benchApp(bench);
  const unit = await benchOrg(db, 'purchasing_unit', '压测开放数据单位');
  const centerOrg = await benchOrg(db, 'procurement_center', '压测开放数据采购中心');
  const center = await benchClient(db, seeding.base, centerOrg.id, ['center_staff']);
  for (let i = 0; i < 20; i++) {
    const created = await center.send('POST', '/api/tenders', {
      title: `开放数据压测项目 ${i + 1}：便携式计算机`,
      methodCode: 'open',
      purchaserOrgId: unit.id,
      kind: 'goods',
      documents: '采购需求：便携式计算机 20 台；评标方法：最低评标价法；合同条款……',
      deadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      smeExemptReason: '压测',
      intentionExemption: '压测：因不可预见的原因急需开展的采购',
      lots: [
        {
          name: '便携式计算机',
          budgetFen: 13_000_000,
          items: [{ name: '便携式计算机', quantity: 20, unit: '台' }],
          evaluationMethod: 'lowest_price',
          smeReserved: false,
          smeDeductionRate: '0.10',
        },
      ],
    });
    if (created.status !== 201) throw new Error(`tender ${created.status} ${JSON.stringify(created.body)}`);
    const published = await center.send('POST', `/api/tenders/${String(created.body!.id)}/publish`);
    if (published.status !== 200) throw new Error(`publish ${published.status} ${JSON.stringify(published.body)}`);
  }
  await seeding.close();
}
await db.execute(sql`analyze jicai.ocds_releases`);
const total = Number((await db.execute<{ n: string }>(sql`select seq as n from jicai.ocds_release_head`)).rows[0]!.n);
const seedSeconds = Math.round((performance.now() - t0) / 100) / 10;
log(`${total.toLocaleString()} releases stored in ${seedSeconds} s (${bench.backend})`);

// ---- drive ---------------------------------------------------------------------------------
let app: { base: string; close: () => Promise<void> };
if (bench.backend === 'postgres') {
  const child = spawn(process.execPath, [...process.execArgv, import.meta.filename, '--serve', bench.url], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (l) => l.startsWith('READY ') && resolve(l.slice(6)));
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  app = { base, close: async () => void child.kill('SIGTERM') };
} else {
  // An in-memory PGlite lives in this process: the server has to as well.
  app = await benchApp(bench);
}
const depths = [0, 0.1, 0.5, 0.9, 0.9999].map((f) => Math.floor(f * total));
let seed = 7;
const random = () => (seed = (seed * 1_664_525 + 1_013_904_223) >>> 0) / 2 ** 32;
const results: { depth: number; requests: number; p50: number; p99: number; releasesPerPage: number }[] = [];
const all: number[] = [];
// The floor on this machine: the same route answering an empty page at the head (no release to read or
// write), so the figures below can be read as "floor + the page's own cost".
const floorTimes: number[] = [];
for (const until = performance.now() + SECONDS * 1000; performance.now() < until;) {
  const start = performance.now();
  await fetch(`${app.base}/api/ocds/releases?after=${total}&limit=1`).then((r) => r.text());
  floorTimes.push(performance.now() - start);
}
const floor = { requests: floorTimes.length, p50: pct(floorTimes, 50), p99: pct(floorTimes, 99) };
log(`floor (empty page at the head): p50 ${floor.p50} ms, p99 ${floor.p99} ms`);
for (const depth of depths) {
  // Warm the path once, then CONCURRENCY clients for SECONDS, each following links.next from a cursor near the depth.
  await fetch(`${app.base}/api/ocds/releases?after=${depth}&limit=${LIMIT}`).then((r) => r.arrayBuffer());
  const times: number[] = [];
  let releases = 0;
  const until = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      let after = Math.min(total - 1, depth + Math.floor(random() * 1000));
      while (performance.now() < until) {
        const start = performance.now();
        const res = await fetch(`${app.base}/api/ocds/releases?after=${after}&limit=${LIMIT}`);
        const text = await res.text();
        // Timed to the last byte; parsing the page is the consumer's work, not the server's.
        times.push(performance.now() - start);
        if (res.status !== 200) throw new Error(`feed answered ${res.status}: ${text.slice(0, 200)}`);
        const body = JSON.parse(text) as { releases: unknown[]; links: { next: string | null } };
        releases += body.releases.length;
        const next = body.links.next ? Number(new URL(body.links.next).searchParams.get('after')) : null;
        // At the end of the store, start again near the depth: every request is a full or near-full page.
        after = next ?? Math.min(total - 1, depth + Math.floor(random() * 1000));
      }
    }),
  );
  all.push(...times);
  const row = {
    depth,
    requests: times.length,
    p50: pct(times, 50),
    p99: pct(times, 99),
    releasesPerPage: Math.round(releases / times.length),
  };
  results.push(row);
  log(`after=${depth.toLocaleString()}: ${row.requests} pages, p50 ${row.p50} ms, p99 ${row.p99} ms, ${row.releasesPerPage} releases/page`);
}
await app.close();
const after = await afterBench(bench.db);
await bench.stop();

const result = {
  bench: 'ocds',
  backend: bench.backend,
  releases: total,
  limit: LIMIT,
  concurrency: CONCURRENCY,
  seedSeconds,
  p50: pct(all, 50),
  p99: pct(all, 99),
  targetP99Ms: 50,
  ok: pct(all, 99) < 50,
  floor,
  depths: results,
  after,
};
console.log(JSON.stringify(result));
process.exit(after.ok ? 0 : 1);
