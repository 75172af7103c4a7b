import { bidding, decide, lapse, offerAsset, pay, putUp, relist, requestAsset, result, type AssetSpec } from './auction-acts.ts';
import { shanghaiDateTime } from '../../../platform/calendar.ts';
import { disposals, presentLots, type Disposal } from './auctions.cast.ts';
import { DAY, type Story, type World } from './kit.ts';
import type { Timeline } from './replay.ts';
import { reallocations, type Reallocation } from './warehouse.cast.ts';
import { Workdays } from './workdays.ts';

/**
 * The warehouse (公物仓) and its auctions across the year (#15), played through the API: units register
 * surplus assets and offer them; some are asked for by other units and granted by the center (the asset
 * moves, reallocation first), one request is declined; the rest wait out their 15-day window on the
 * clock and the center puts them up. Suppliers register with deposits and bid at their own times, some
 * fight over the last minutes (each bid then moves the end); the close runs when the clock passes the
 * end; winners pay. One lot fails under its reserve and is relisted lower; one winner lets the payment
 * deadline pass and loses the deposit. At the present: warehouse items open for reallocation (one asked
 * for), a lot live until a quarter of an hour from now with bids on it, and a lot announced for next week.
 */
export function auctionStories(world: World, t: Timeline): Story[] {
  return [
    ...reallocations.map((r) => reallocation(world, t, r)),
    ...disposals.map((d) => disposal(world, t, d)),
    liveLot(world, t),
    upcomingLot(world, t),
  ];
}

const MINUTE = 60_000;

/**
 * A moment in working hours on (or after) the `day`th day of the history; or `workdaysAgo` workdays
 * before the present, but not more than 12 days back (a long holiday), so that a 15-day window is open now.
 */
function firstAct(world: World, w: Workdays, t: Timeline, when: { day: number } | { workdaysAgo: number }): Date {
  const hour = Workdays.hour(world.rnd);
  if ('day' in when) return w.on(new Date(t.start.getTime() + when.day * DAY), hour);
  const back = w.after(t.now, -when.workdaysAgo, hour);
  const floor = w.on(new Date(t.now.getTime() - 12 * DAY), hour);
  return back > floor ? back : floor;
}

/**
 * The asset of a lot put up before the present: offered 20 days before the day `announced` workdays ago,
 * so that its window has passed on the clock well before the present, whatever the holidays.
 */
async function* presentAsset(world: World, w: Workdays, t: Timeline, announced: number, owner: string, asset: AssetSpec) {
  const at = w.onOrBefore(new Date(w.after(t.now, -announced, 10).getTime() - 20 * DAY), Workdays.hour(world.rnd));
  return yield* offerAsset(world, w, owner, asset, at);
}

/** An asset offered to the warehouse and asked for; granted to one unit (it moves there), or still pending. */
function reallocation(world: World, t: Timeline, r: Reallocation): Story {
  return (async function* () {
    const w = await Workdays.of(world);
    const asset = yield* offerAsset(world, w, r.owner, r.asset, firstAct(world, w, t, r.when));
    const offeredAt = await world.clock();
    const requests = new Map<string, string>();
    for (const q of r.requests) {
      // In the history `after` workdays from the offer; near the present, at some time between the two.
      const at =
        'day' in r.when
          ? w.after(offeredAt, q.after, Workdays.hour(world.rnd))
          : w.between(world.rnd, new Date(offeredAt.getTime() + 30 * MINUTE), new Date(t.now.getTime() - 30 * MINUTE));
      if (at) requests.set(q.unit, yield* requestAsset(world, q.unit, asset.id, q.reason, at));
    }
    if (r.grant)
      yield* decide(world, requests.get(r.grant.unit)!, 'grant', r.grant.reason, w.after(await world.clock(), 2, Workdays.hour(world.rnd)));
  })();
}

/**
 * An asset nobody took: its window passes on the clock (a request for it declined on the way, if any),
 * the center puts it up, and each round is bid, closed and settled: paid, or failed / defaulted and
 * relisted as the next round.
 */
function disposal(world: World, t: Timeline, d: Disposal): Story {
  return (async function* () {
    const w = await Workdays.of(world);
    const hour = () => Workdays.hour(world.rnd);
    const asset = yield* offerAsset(world, w, d.owner, d.asset, firstAct(world, w, t, d));
    if (d.declined) {
      const id = yield* requestAsset(world, d.declined.unit, asset.id, d.declined.reason, w.after(await world.clock(), 3, hour()));
      yield* decide(world, id, 'decline', d.declined.answer, w.after(await world.clock(), 2, hour()));
    }
    let lot = yield* putUp(world, w, asset, d.lot);
    const defaulters = new Set<string>();
    for (const [i, round] of d.rounds.entries()) {
      if (i > 0) lot = yield* relist(world, w, lot, round, await world.clock());
      const bidders = round.bidders.filter((b) => !defaulters.has(b.username));
      const { codes, end } = yield* bidding(world, w, lot, { ...round, bidders });
      const closed = yield* result(world, lot.id, end);
      if (closed.status === 'sold' && !round.defaults) return yield* pay(world, w, closed, await world.clock());
      if (closed.status === 'sold') {
        for (const [username, code] of codes) if (code === closed.leadingBidderCode) defaulters.add(username);
        lot = yield* lapse(world, w, closed);
      } else lot = closed;
    }
  })();
}

/**
 * The present's live lot: put up more than a week ago, bidding since four workdays ago with a few bids on
 * it, ending a quarter of an hour after the present, so a person can bid and see the end move.
 */
function liveLot(world: World, t: Timeline): Story {
  const { live } = presentLots;
  return (async function* () {
    const w = await Workdays.of(world);
    const asset = yield* presentAsset(world, w, t, 8, live.owner, live.asset);
    const lot = yield* putUp(world, w, asset, live.lot, (at) => ({
      startsAt: new Date(Math.max(w.after(t.now, -4, 9).getTime(), w.after(at, 1, 9).getTime())),
      endsAt: new Date(t.now.getTime() + 15 * MINUTE),
    }));
    yield* bidding(world, w, lot, live.round, new Date(t.now.getTime() - 10 * MINUTE));
    world.present.push(
      `拍卖中 ${lot.lotNo}「${live.lot.title}」: ends ${shanghaiDateTime(new Date(lot.endsAt))} (Beijing); a bid near its end extends it — bid as supplier (register with a deposit reference first; the center records its receipt, 登记到账)`,
    );
  })();
}

/** A lot announced before the present, bidding from two workdays after it; one supplier registered already. */
function upcomingLot(world: World, t: Timeline): Story {
  const { upcoming } = presentLots;
  return (async function* () {
    const w = await Workdays.of(world);
    const asset = yield* presentAsset(world, w, t, 4, upcoming.owner, upcoming.asset);
    const startsAt = w.after(t.now, 2, 9);
    const lot = yield* putUp(world, w, asset, upcoming.lot, () => ({ startsAt, endsAt: w.after(startsAt, 5, 15) }));
    yield* bidding(world, w, lot, upcoming.round, new Date(t.now.getTime() - 30 * MINUTE));
  })();
}
