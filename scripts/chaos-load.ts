/**
 * The chaos run's load generator, a process of its own: `tsx scripts/chaos-load.ts <world.json> <out.json>`.
 * Through the balancer, until the world's stop time: purchasers place orders (cart, then checkout with an
 * Idempotency-Key), suppliers keep replacing their sealed bids until shortly before each tender's deadline,
 * bidders raise the price on each auction lot until its bidding stops. A request that fails (no answer, or
 * a 5xx from the balancer or a replica) is counted as an error seen by the client and sent again as it was
 * (same key, same bid) until it is answered. Writes what the clients hold receipts for to out.json.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { ChaosWorld, Login } from './chaos-world.ts';

export type Kind = 'order' | 'sealedBid' | 'auctionBid';

export interface LoadResult {
  served: number;
  clientErrors: number;
  /** Requests given up after a minute past the stop time without an answer (a tier that never came back). */
  gaveUp: number;
  statuses: Record<string, number>;
  /** When each kind of write succeeded (epoch ms), for recovery times. */
  successes: Record<Kind, number[]>;
  /** When a request of each kind failed (epoch ms). */
  failures: Record<Kind, number[]>;
  orders: { orgId: string; key: string; orderIds: string[] }[];
  /** The last sealed bid each supplier holds a receipt for, per lot; `pending` is a later one never answered. */
  sealed: { tenderId: string; lotId: string; orgId: string; priceFen: number; pending: number | null }[];
  /** Accepted auction bids; `uncertain` ones were retried after a failure and then refused (maybe taken). */
  auction: { lotId: string; orgId: string; amountFen: number; uncertain: boolean }[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function loadClient(world: ChaosWorld, result: LoadResult) {
  /** One request, sent again after a failure until answered (or the give-up time passes). */
  return async (kind: Kind, who: Login, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    let retried = false;
    for (;;) {
      try {
        const r = await fetch(`${world.base}${path}`, {
          method,
          headers: {
            cookie: who.cookie,
            ...(method === 'GET' ? {} : { 'x-csrf-token': who.csrf }),
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...headers,
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(30_000),
        });
        result.served++;
        result.statuses[r.status] = (result.statuses[r.status] ?? 0) + 1;
        const json = (await r.json().catch(() => null)) as Record<string, unknown> | null;
        if (r.status < 500) return { status: r.status, body: json, retried };
      } catch {
        // No answer: the replica died mid-request or the balancer had nowhere to send it.
      }
      result.clientErrors++;
      result.failures[kind].push(Date.now());
      retried = true;
      if (Date.now() > world.stopAt + 60_000) {
        result.gaveUp++;
        return { status: 0, body: null, retried };
      }
      await sleep(200);
    }
  };
}

type Call = ReturnType<typeof loadClient>;

async function ordering(world: ChaosWorld, call: Call, result: LoadResult, p: ChaosWorld['purchasers'][number]) {
  const body = {
    budgetLineId: p.lineId,
    deliveryAddress: '北京市海淀区中关村大街 1 号',
    contactName: '张晓明',
    contactPhone: '010-62345678',
  };
  while (Date.now() < world.stopAt) {
    const added = await call('order', p.login, 'POST', '/api/cart/items', { listingId: world.listingId, quantity: 1 });
    if (added.status === 0) return;
    if (added.status !== 200) throw new Error(`cart ${added.status} ${JSON.stringify(added.body)}`);
    const key = `chaos-${randomUUID()}`;
    const placed = await call('order', p.login, 'POST', '/api/orders/checkout', body, { 'idempotency-key': key });
    if (placed.status === 0) return;
    if (placed.status !== 201) throw new Error(`checkout ${placed.status} ${JSON.stringify(placed.body)}`);
    result.successes.order.push(Date.now());
    const orderIds = (placed.body!.orders as { id: string }[]).map((o) => o.id);
    result.orders.push({ orgId: p.login.orgId, key, orderIds });
  }
}

async function sealing(world: ChaosWorld, call: Call, result: LoadResult, s: Login, i: number) {
  const mine = new Map<string, LoadResult['sealed'][number]>();
  for (let k = 0; Date.now() < world.stopAt; k++) {
    const open = world.tenders.filter((t) => Date.now() < t.deadline - 4000);
    if (!open.length) break;
    const tender = open[k % open.length]!;
    const lotId = tender.lotIds[(i + k) % tender.lotIds.length]!;
    const priceFen = 50_000_000 + ((i * 7919 + k * 104_729) % 40_000_000);
    const entry = mine.get(lotId) ?? { tenderId: tender.id, lotId, orgId: s.orgId, priceFen: 0, pending: null };
    entry.pending = priceFen;
    mine.set(lotId, entry);
    const bid = { lotId, priceFen, brand: `品牌${i}`, technicalResponse: '完全响应招标文件要求', smeDeclared: i % 2 === 0 };
    const r = await call('sealedBid', s, 'PUT', `/api/tenders/${tender.id}/bids`, bid);
    if (r.status === 200) {
      entry.priceFen = priceFen;
      entry.pending = null;
      result.successes.sealedBid.push(Date.now());
    } else if (r.status === 0) break;
    else if (r.status === 409) {
      // Refused (the deadline is near or past): taken only if an earlier attempt of it was.
      if (!r.retried) entry.pending = null;
    } else throw new Error(`bid ${r.status} ${JSON.stringify(r.body)}`);
  }
  result.sealed.push(...[...mine.values()].filter((e) => e.priceFen > 0 || e.pending !== null));
}

async function bidding(world: ChaosWorld, call: Call, result: LoadResult, b: Login, i: number) {
  const known = new Map(world.lots.map((l) => [l.id, 100_000]));
  for (let k = 0; Date.now() < world.stopAt; k++) {
    const open = world.lots.filter((l) => Date.now() < l.bidUntil);
    if (!open.length) break;
    const lot = open[(i + k) % open.length]!;
    const amountFen = known.get(lot.id)! + 100 * (1 + ((i + k) % 20));
    const r = await call('auctionBid', b, 'POST', `/api/auctions/${lot.id}/bids`, { amountFen });
    if (r.status === 201) {
      known.set(lot.id, amountFen);
      result.auction.push({ lotId: lot.id, orgId: b.orgId, amountFen, uncertain: false });
      result.successes.auctionBid.push(Date.now());
    } else if (r.status === 409 || r.status === 422 || r.status === 400) {
      // Outbid meanwhile, or leading already; after a failed attempt the bid may have been taken.
      if (r.retried) result.auction.push({ lotId: lot.id, orgId: b.orgId, amountFen, uncertain: true });
      const view = await call('auctionBid', b, 'GET', `/api/public/auctions/${lot.id}`);
      known.set(lot.id, Math.max(known.get(lot.id)!, Number(view.body?.currentPriceFen ?? 0)));
      await sleep(50);
    } else if (r.status === 0) break;
    else throw new Error(`auction bid ${r.status} ${JSON.stringify(r.body)}`);
  }
}

export async function runLoad(world: ChaosWorld): Promise<LoadResult> {
  const result: LoadResult = {
    served: 0,
    clientErrors: 0,
    gaveUp: 0,
    statuses: {},
    successes: { order: [], sealedBid: [], auctionBid: [] },
    failures: { order: [], sealedBid: [], auctionBid: [] },
    orders: [],
    sealed: [],
    auction: [],
  };
  const call = loadClient(world, result);
  await Promise.all([
    ...world.purchasers.map((p) => ordering(world, call, result, p)),
    ...world.suppliers.map((s, i) => sealing(world, call, result, s, i)),
    ...world.bidders.map((b, i) => bidding(world, call, result, b, i)),
  ]);
  return result;
}

if (process.argv[1]?.endsWith('chaos-load.ts')) {
  const [worldFile, outFile] = process.argv.slice(2) as [string, string];
  const world = JSON.parse(readFileSync(worldFile, 'utf8')) as ChaosWorld;
  const result = await runLoad(world);
  writeFileSync(outFile, JSON.stringify(result));
}
