/**
 * `npm run bench:chaos`
 *
 * The production topology under load and faults, on this machine: a throwaway PostgreSQL (Debian's
 * initdb/pg_ctl in a temporary folder, its own port) and a throwaway Redis (its own port, no persistence),
 * 3 API replicas and 2 workers of `npm run cluster` behind HAProxy. A load generator in its own process
 * places orders, replaces sealed bids and raises auction bids through the balancer, retrying failed requests
 * as they were (same Idempotency-Key, same bid). Meanwhile: SIGKILL an API replica mid-bidding, SIGKILL the
 * worker running a tender opening and the one running an auction close, restart Redis (empty), restart
 * PostgreSQL (`pg_ctl restart -m immediate`). Afterwards: every deadline ran exactly once, no accepted
 * order or bid is lost or doubled, check:consistency's invariants and the audit chain hold. Prints
 * requests served, errors seen by clients and each fault's recovery time, then one line of JSON.
 * Needs haproxy, redis-server and postgresql installed (.ci/run installs them); takes about 6 minutes.
 */
import { chaosToolsPresent } from './chaos-servers.ts';
import { runChaos, type Fault } from './chaos-run.ts';
import type { ChaosPlan } from './chaos-world.ts';

const log = (msg: string) => console.log(`[bench:chaos] ${msg}`);
if (!chaosToolsPresent()) {
  console.error('✖ bench:chaos needs haproxy, redis-server and PostgreSQL binaries under /usr/lib/postgresql');
  process.exit(2);
}

const s = 1000;
const plan: ChaosPlan = {
  // Tender 1 opens during the run (a worker is killed while it does), tender 2 after Redis and PostgreSQL restarted.
  tenders: [{ deadline: 45 * s }, { deadline: 140 * s }],
  // Lot 1 closes mid-run (a worker is killed while it does), lot 2 after the restarts; lot 3 takes bids throughout.
  lots: [
    { endsAt: 80 * s, bidUntil: 12 * s },
    { endsAt: 160 * s, bidUntil: 95 * s },
    { endsAt: 3600 * s, bidUntil: 150 * s },
  ],
  stopAt: 150 * s,
  purchasers: 4,
  suppliers: 12,
  bidders: 6,
  tenderLots: 4,
};
const faults: Fault[] = [
  { kind: 'kill-api', at: 20 * s },
  { kind: 'kill-worker-opening', tender: 0 },
  { kind: 'kill-worker-close', lot: 0 },
  { kind: 'restart-redis', at: 100 * s },
  { kind: 'restart-postgres', at: 118 * s },
];

const run = await runChaos({ plan, faults, lead: 40 * s, log });
const { load, verified } = run;
for (const f of run.faults)
  log(`${f.kind} at t0+${Math.round(f.at / 100) / 10} s: ${f.detail}; recovery ${JSON.stringify(f.recoveryMs)} ms`);
log(
  `${load.served} requests served, ${load.clientErrors} errors seen by clients; orders ${verified.orders.accepted} (lost ${verified.orders.lost}, doubled ${verified.orders.doubled}), sealed bids ${verified.sealedBids.accepted} (lost ${verified.sealedBids.lost}, doubled ${verified.sealedBids.doubled}), auction bids ${verified.auctionBids.accepted} (lost ${verified.auctionBids.lost}, doubled ${verified.auctionBids.doubled}); deadlines ${verified.deadlines.ranOnce}/${verified.deadlines.deadlines} ran once`,
);
const result = {
  benchmark: 'chaos',
  topology: { apis: 3, workers: 2, balancer: 'haproxy' },
  seconds: run.seconds,
  requestsServed: load.served,
  clientErrors: load.clientErrors,
  gaveUp: load.gaveUp,
  statuses: load.statuses,
  faults: run.faults.map((f) => ({
    kind: f.kind,
    atS: Math.round(f.at / 100) / 10,
    caughtMidWork: f.caughtMidWork,
    recoveryMs: f.recoveryMs,
  })),
  orders: verified.orders,
  sealedBids: verified.sealedBids,
  auctionBids: verified.auctionBids,
  deadlines: verified.deadlines,
  allSettled: run.allSettled,
  after: verified.after,
  ok: run.ok,
};
console.log(JSON.stringify(result));
process.exit(run.ok ? 0 : 1);
