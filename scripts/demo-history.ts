/**
 * npm run demo:history -- [--seed N] — plays the demo year into an empty database, as the first
 * `npm start` does, with the seed given (the same seed gives the same world; another seed, another year
 * of the same kind), then runs every consistency check on it and exits 1 if any is broken. The database
 * is the one `npm start` would use: DATABASE_URL, or the embedded default's data in DATA_DIR (remove
 * DATA_DIR/pgdata first to replay there). Start the product on it afterwards with `npm start`.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { replayDemoWorld } from '../server/modules/demo/replay/replay.ts';
import type { Db } from '../server/db/client.ts';
import { checkConsistency } from '../server/platform/consistency.ts';
import { startRuntime } from '../server/runtime.ts';
import { jobSpecs, processors } from '../workers/registry.ts';

const args = process.argv.slice(2);
const seedAt = args.indexOf('--seed');
const seed = seedAt >= 0 ? Number(args[seedAt + 1]) : 20_260_101;
if (!Number.isSafeInteger(seed) || seed < 0) {
  console.error('--seed must be a whole number');
  process.exit(2);
}

/**
 * What a person sees of the world, without the ids and numbers that differ between replays of one seed
 * (record numbers carry the real start date): each tender's committee and lots' winners, each auction
 * round's bidder codes, winner and price, each quotation's result, the orders by status. Two replays with
 * one seed print one fingerprint.
 */
async function fingerprint(db: Db) {
  const facts = await db.execute<{ fact: string }>(sql`
    select 'tender ' || t.title || ' ' || t.status || ' 委员会 ' ||
           coalesce((select string_agg(e.name, '、' order by te.draw_position) from jicai.tender_experts te
                     join jicai.experts e on e.id = te.expert_id where te.tender_id = t.id), '—') as fact
      from jicai.tenders t
    union all
    select 'lot ' || l.title || ' 第' || l.round || '轮 ' || l.status || ' ' || coalesce(l.current_price_fen::text, '—') || ' ' ||
           coalesce((select string_agg(r.bidder_code, ',' order by r.bidder_code) from jicai.auction_registrations r
                     where r.lot_id = l.id), '—')
      from jicai.auction_lots l
    union all
    select 'quotation ' || q.title || ' ' || q.status from jicai.quotations q
    union all
    select 'orders ' || o.status || ' ' || count(*) || ' ' || sum(o.total_fen) from jicai.orders o group by o.status
    order by 1`);
  return createHash('sha256')
    .update(facts.rows.map((r) => r.fact).join('\n'))
    .digest('hex')
    .slice(0, 16);
}

const config = loadConfig({ ...process.env, DEMO_DATA: 'true', RUN_WORKERS: 'false' });
if (config.SANDBOX_ACCELERATOR) {
  console.error('A sandbox gets the demo people and catalogue without the year (see README): unset SANDBOX_ACCELERATOR.');
  process.exit(2);
}
const runtime = await startRuntime(config, { specs: jobSpecs(), seed: true });
try {
  if (!runtime.demoLoaded) {
    console.error(
      'The demo year is played into an empty database, and this one holds data. Remove DATA_DIR/pgdata (embedded) or name an empty DATABASE_URL.',
    );
    process.exitCode = 2;
  } else {
    const app = await buildApp({ ...runtime, config, webDist: '/nonexistent' });
    const work = processors({ config, db: runtime.database.db, jobs: runtime.jobs, search: runtime.search });
    const replayed = await replayDemoWorld({ app, db: runtime.database.db, jobs: runtime.jobs, processors: work, seed });
    await app.close();
    const report = await checkConsistency(runtime.database.db, { limit: 5 });
    console.log(
      JSON.stringify({
        seed,
        seconds: Math.round(replayed.ms / 100) / 10,
        requests: replayed.requests,
        deadlinesRun: replayed.deadlinesRun,
        consistent: report.ok,
        fingerprint: await fingerprint(runtime.database.db),
        broken: report.checks.filter((c) => c.count > 0).map((c) => ({ name: c.name, count: c.count, examples: c.examples })),
      }),
    );
    for (const line of replayed.present) console.log(`  ${line}`);
    process.exitCode = report.ok ? 0 : 1;
  }
} finally {
  await runtime.close();
}
