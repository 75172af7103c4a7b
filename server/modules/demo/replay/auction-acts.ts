import { shanghaiDate } from '../../../platform/calendar.ts';
import { ReplayError, type World } from './kit.ts';
import { demoPicture, multipartFile } from '../demo-pictures.ts';
import { Workdays } from './workdays.ts';

/**
 * The acts of the warehouse (公物仓) and its auctions, as the people in them do them through the API: a
 * unit registers a surplus asset and offers it; other units ask for it and the center decides; an asset
 * nobody took is put up by the center after its window; suppliers register with a deposit and bid at
 * their own times, some in the last minutes; the close runs at the end by the clock; the center records
 * the payment, or the payment deadline passes; a lot that did not sell is relisted. Each is a generator
 * of the story it is part of (`yield*`): it yields the time of each of its acts and acts only then.
 */

export type Acts<T> = AsyncGenerator<Date, T, void>;

export interface AssetSpec {
  categoryCode: string;
  name: string;
  description: string;
  quantity: number;
  originalValueFen: number;
  netValueFen: number;
  acquiredOn: string;
  condition: 'as_new' | 'good' | 'fair' | 'poor' | 'scrap';
  location: string;
}

export interface LotTerms {
  title: string;
  description: string;
  viewingInfo: string;
  appraisalFen: number;
  startPriceFen: number;
  reservePriceFen: number;
  incrementFen: number;
  depositFen: number;
}

/** A supplier in a lot, and the most it will bid. */
export interface Bidder {
  username: string;
  maxFen: number;
}

/** One round of a lot: who bids, how many bids in the open days, whether the end is fought over. */
export interface Round {
  bidders: Bidder[];
  bids: number;
  /** Bids in the last minutes, each moving the end (延时), until only one bidder is left. */
  war?: boolean;
  /** The winner does not pay by the deadline. */
  defaults?: boolean;
  /** A relisted round's prices (the first round's are the lot's terms). */
  startPriceFen?: number;
  reservePriceFen?: number;
}

export interface LotView {
  id: string;
  lotNo: string;
  round: number;
  status: 'open' | 'sold' | 'failed' | 'paid' | 'defaulted' | 'cancelled';
  startsAt: string;
  endsAt: string;
  startPriceFen: number;
  incrementFen: number;
  nextMinimumFen: number;
  leadingBidderCode: string | null;
  payDeadline: string | null;
}

const MINUTE = 60_000;
const ymd = (at: Date) => shanghaiDate(at).replaceAll('-', '');

/** A unit registers a surplus asset and, a little later, puts it in the warehouse for its reallocation window. */
export async function* offerAsset(world: World, w: Workdays, owner: string, asset: AssetSpec, at: Date) {
  yield at;
  const { id } = await world.call<{ id: string }>(owner, 'POST', '/api/assets', asset);
  // A photo of it (the project's own drawing), uploaded as a unit uploads one: the lot's card shows it.
  const photo = multipartFile('photo.png', await demoPicture(asset.categoryCode, asset.name.replace(/（.*$/, '')), 'image/png');
  await world.call(owner, 'POST', `/api/assets/${id}/photos`, photo.payload, { headers: photo.headers });
  yield w.between(world.rnd, new Date(at.getTime() + 10 * MINUTE), w.after(at, 1, 12))!;
  const offered = await world.call<{ offeredUntil: string }>(owner, 'POST', `/api/assets/${id}/offer`);
  return { id, offeredUntil: new Date(offered.offeredUntil) };
}

/** Another unit asks for the asset (调剂申请); returns the request's id. */
export async function* requestAsset(world: World, unit: string, assetId: string, reason: string, at: Date): Acts<string> {
  yield at;
  return (await world.call<{ id: string }>(unit, 'POST', `/api/assets/${assetId}/requests`, { reason })).id;
}

/** The center grants a request (the asset moves to that unit) or declines it with a reason. */
export async function* decide(world: World, requestId: string, decision: 'grant' | 'decline', reason: string, at: Date): Acts<void> {
  yield at;
  await world.call('center', 'POST', `/api/reallocation-requests/${requestId}/${decision}`, { reason });
}

/**
 * The center puts up an asset nobody took once its window is over: announced now, bidding from three
 * workdays on for five workdays, unless `times` (of the moment it is put up) says otherwise.
 */
export async function* putUp(
  world: World,
  w: Workdays,
  asset: { id: string; offeredUntil: Date },
  terms: LotTerms,
  times: (at: Date) => { startsAt: Date; endsAt: Date } = (at) => ({ startsAt: w.after(at, 3, 9), endsAt: w.after(at, 8, 15) }),
): Acts<LotView> {
  const at = w.next(asset.offeredUntil, Workdays.hour(world.rnd));
  yield at;
  const { startsAt, endsAt } = times(at);
  return world.call<LotView>('center', 'POST', '/api/auctions', {
    assetId: asset.id,
    ...terms,
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
  });
}

/** A failed or defaulted lot relisted by the center as the next round, at the round's (lower) prices. */
export async function* relist(world: World, w: Workdays, lot: LotView, round: Round, after: Date): Acts<LotView> {
  const at = w.after(after, world.rnd.int(1, 3), Workdays.hour(world.rnd));
  yield at;
  const startsAt = w.after(at, 3, 9);
  return world.call<LotView>('center', 'POST', `/api/auctions/${lot.id}/relist`, {
    startPriceFen: round.startPriceFen!,
    reservePriceFen: round.reservePriceFen!,
    startsAt: startsAt.toISOString(),
    endsAt: w.after(startsAt, 5, 15).toISOString(),
  });
}

/** Bidder codes of the suppliers registered on a lot, by username. */
export type Codes = Map<string, string>;

/**
 * One bid as a supplier watching the lot places it: it reads the lot and, unless it is leading or the next
 * minimum is beyond its limit, bids the minimum or a step or two above. `who`: the supplier, or, in the
 * last hours, whichever registered bidder is moved to (in the last minutes, the keenest). Returns the
 * accepted bid, or null when nobody bid.
 */
async function bidOnce(world: World, lotId: string, who: Bidder | Bidder[], codes: Codes, keenest = false) {
  const bidders = (Array.isArray(who) ? who : [who]).filter((b) => codes.has(b.username));
  if (bidders.length === 0) return null;
  const view = await world.call<LotView>(world.rnd.pick(bidders).username, 'GET', `/api/public/auctions/${lotId}`);
  if (view.status !== 'open') throw new ReplayError(`lot ${view.lotNo} is ${view.status}, not open for bids`);
  const able = bidders.filter((b) => codes.get(b.username) !== view.leadingBidderCode && b.maxFen >= view.nextMinimumFen);
  if (able.length === 0) return null;
  const bidder = keenest ? able.reduce((a, b) => (b.maxFen > a.maxFen ? b : a)) : world.rnd.pick(able);
  const room = Math.floor((bidder.maxFen - view.nextMinimumFen) / view.incrementFen);
  const amountFen = view.nextMinimumFen + Math.min(room, world.rnd.pick([0, 0, 1, 2])) * view.incrementFen;
  return world.call<{ endsAt: string }>(bidder.username, 'POST', `/api/auctions/${lotId}/bids`, { amountFen });
}

/**
 * A round's open days: each supplier registers (its deposit paid, the bank's reference given, the center
 * recording the receipt) at its own time before the middle of the bidding days, then looks in and bids at
 * its own times until `last`.
 */
async function* openDays(world: World, w: Workdays, lot: LotView, round: Round, last: Date, codes: Codes): Acts<void> {
  const rnd = world.rnd;
  const startsAt = new Date(lot.startsAt);
  const created = await world.clock();
  const registerBy = new Date(Math.min(last.getTime(), (startsAt.getTime() + new Date(lot.endsAt).getTime()) / 2));
  const share = Math.max(1, Math.round(round.bids / round.bidders.length));
  const acts = round.bidders
    .flatMap((bidder) => {
      const registered = w.between(rnd, new Date(created.getTime() + 30 * MINUTE), registerBy);
      if (!registered) return [];
      const from = new Date(Math.max(registered.getTime() + 10 * MINUTE, startsAt.getTime()));
      const bids = w.times(rnd, from, last, rnd.int(Math.max(1, share - 1), share + 1));
      return [{ at: registered, bidder, register: true }, ...bids.map((at) => ({ at, bidder, register: false }))];
    })
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const act of acts) {
    yield act.at;
    if (act.register) {
      const depositRef = `BZJ${ymd(act.at)}${String(rnd.int(0, 999_999)).padStart(6, '0')}`;
      const reg = await world.call<{ bidderCode: string; registrationId: string; depositFen: number; depositStatus: string }>(
        act.bidder.username,
        'POST',
        `/api/auctions/${lot.id}/register`,
        { depositRef },
      );
      // 登记到账: the center records the bank receipt (the lot's deposit, arrived with the registration);
      // only then may the bidder bid.
      if (reg.depositStatus === 'pending')
        await world.call('center', 'POST', `/api/auctions/registrations/${reg.registrationId}/deposit`, {
          amountFen: reg.depositFen,
          bankRef: `YH${depositRef.slice(3)}`,
          receivedAt: act.at.toISOString(),
        });
      codes.set(act.bidder.username, reg.bidderCode);
    } else await bidOnce(world, lot.id, act.bidder, codes);
  }
}

/**
 * A round's bidding: the open days, then the last bids until nobody else will go higher. Fought over,
 * those come in the last minutes, each moving the end (延时); otherwise in the last hour or so, stopping
 * short of the extension window. `until`: the present, for a lot still running (its last day is to come).
 * Returns the bidders' codes and the (final) end.
 */
export async function* bidding(world: World, w: Workdays, lot: LotView, round: Round, until?: Date): Acts<{ codes: Codes; end: Date }> {
  const rnd = world.rnd;
  let end = new Date(lot.endsAt);
  const codes: Codes = new Map();
  const lastHours = new Date(end.getTime() - rnd.int(60, 100) * MINUTE - rnd.int(0, 59) * 1000);
  yield* openDays(world, w, lot, round, until ?? lastHours, codes);
  if (until) return { codes, end };
  let at = round.war ? new Date(end.getTime() - rnd.int(60, 240) * 1000) : lastHours;
  while (round.war || at.getTime() < end.getTime() - 6 * MINUTE) {
    yield at;
    const placed = await bidOnce(world, lot.id, round.bidders, codes, round.war);
    if (!placed) break;
    end = new Date(placed.endsAt);
    at = new Date(round.war ? end.getTime() - rnd.int(30, 200) * 1000 : at.getTime() + rnd.int(150, 720) * 1000);
  }
  return { codes, end };
}

/** Minutes after the end (the close has run by the clock), the center reads the result. */
export async function* result(world: World, lotId: string, end: Date): Acts<LotView> {
  yield new Date(end.getTime() + world.rnd.int(2, 8) * MINUTE);
  const lot = await world.call<LotView>('center', 'GET', `/api/public/auctions/${lotId}`);
  if (lot.status === 'open') throw new ReplayError(`lot ${lot.lotNo} still open after its end ${end.toISOString()}`);
  return lot;
}

/** The winner pays within days; the center records the payment and the asset is sold. */
export async function* pay(world: World, w: Workdays, lot: LotView, closed: Date): Acts<void> {
  const at = w.after(closed, world.rnd.int(1, 3), Workdays.hour(world.rnd));
  yield at;
  await world.call('center', 'POST', `/api/auctions/${lot.id}/payment`, { reference: `JK${ymd(at)}${world.rnd.int(1000, 9999)}` });
}

/**
 * The winner does not pay: the payment deadline passes on the clock (the payment-due job forfeits the
 * deposit and records a credit event), and the next working morning the center reads the lot.
 */
export async function* lapse(world: World, w: Workdays, lot: LotView): Acts<LotView> {
  const due = new Date(lot.payDeadline!);
  yield new Date(due.getTime() + 1000);
  yield w.next(due, 9 + world.rnd.next());
  const after = await world.call<LotView>('center', 'GET', `/api/public/auctions/${lot.id}`);
  if (after.status !== 'defaulted') throw new ReplayError(`lot ${lot.lotNo} is ${after.status} after its payment deadline`);
  return after;
}
