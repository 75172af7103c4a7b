import { describe, expect, it } from 'vitest';
import { runChaos } from '../../scripts/chaos-run.ts';
import { chaosToolsPresent } from '../../scripts/chaos-servers.ts';

/**
 * A short `npm run bench:chaos`: 2 API replicas and 2 workers behind HAProxy on a throwaway PostgreSQL
 * (initdb/pg_ctl in a temporary folder) and a throwaway Redis; while the load generator (its own process)
 * orders, seals bids and bids at auction through the balancer, an API replica is SIGKILLed mid-bidding and
 * the worker running a tender opening is SIGKILLed. Skipped where haproxy, redis-server or PostgreSQL's
 * binaries are absent (`.ci/run` installs them).
 */
const s = 1000;

describe.skipIf(!chaosToolsPresent())('processes killed under load', () => {
  it('loses and doubles no accepted order or bid, and runs the opening exactly once, when an API replica and the worker opening a tender are SIGKILLed', async () => {
    const run = await runChaos({
      apis: 2,
      plan: {
        tenders: [{ deadline: 14 * s }],
        lots: [{ endsAt: 3600 * s, bidUntil: 20 * s }],
        stopAt: 20 * s,
        purchasers: 2,
        suppliers: 4,
        bidders: 3,
        tenderLots: 2,
      },
      faults: [
        { kind: 'kill-api', at: 5 * s },
        { kind: 'kill-worker-opening', tender: 0 },
      ],
      lead: 15 * s,
      // A dead worker's job is taken up again within about twice this (30 s by default).
      env: { JOB_STALL_SECONDS: '4' },
    });
    const { verified } = run;
    const summary = {
      served: run.load.served,
      clientErrors: run.load.clientErrors,
      faults: run.faults,
      orders: verified.orders,
      sealed: verified.sealedBids,
      auction: verified.auctionBids,
      deadlines: verified.deadlines,
    };
    console.log(JSON.stringify(summary));
    expect(run.load.served).toBeGreaterThan(50);
    expect({ orders: verified.orders.lost, sealed: verified.sealedBids.lost, auction: verified.auctionBids.lost }).toEqual({
      orders: 0,
      sealed: 0,
      auction: 0,
    });
    expect({ orders: verified.orders.doubled, sealed: verified.sealedBids.doubled, auction: verified.auctionBids.doubled }).toEqual({
      orders: 0,
      sealed: 0,
      auction: 0,
    });
    expect(verified.orders.accepted).toBeGreaterThan(0);
    expect(verified.sealedBids.accepted).toBeGreaterThan(0);
    expect(verified.auctionBids.accepted).toBeGreaterThan(0);
    expect(verified.deadlines).toMatchObject({ deadlines: 1, ranOnce: 1, ranTwice: 0, notRun: 0, overdueJobs: 0 });
    expect(verified.after.consistency.broken).toEqual([]);
    expect(verified.after.auditChain.ok).toBe(true);
    // After the replica died, every kind of request succeeded again.
    const apiKill = run.faults.find((f) => f.kind === 'kill-api')!;
    for (const kind of ['order', 'sealedBid', 'auctionBid'] as const) expect(apiKill.recoveryMs[kind], kind).not.toBeNull();
    // The worker was killed inside the opening's transaction; another worker opened the tender afterwards.
    const workerKill = run.faults.find((f) => f.kind === 'kill-worker-opening')!;
    expect(workerKill.caughtMidWork).toBe(true);
    expect(workerKill.recoveryMs.deadline).toBeGreaterThan(0);
    expect(run.ok).toBe(true);
  }, 300_000);
});
