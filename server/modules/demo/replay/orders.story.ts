import type { Story, World } from './kit.ts';
import type { Timeline } from './replay.ts';
import { approverOf, fulfil, type Fate, type Until } from './fulfilment.ts';
import { buy, everyday, findOffer, needs, type Need, type Order } from './mall.ts';
import { dayInMonth, monthsOf, officeOf, workdaysAfter, workdaysBefore, type Office } from './workdays.ts';

/**
 * The e-mall's year (#15): units buy what they need month by month, each order followed through approval,
 * confirmation, delivery, acceptance and payment; a supplier delivers late again and again; a unit splits a
 * copier purchase over a few days; laptops over the allocation standard wait for 海淀's approver; some
 * orders are cancelled, declined, returned, rejected or left unconfirmed until the deadline cancels them.
 * It ends in the present with orders at every step.
 */

/** Who buys, and how many orders a month (at least, at most). */
const roster: [buyer: string, perMonth: [number, number]][] = [
  ['purchaser', [1, 2]],
  ['unit02', [0, 2]],
  ['unit03', [0, 1]],
  ['unit04', [0, 1]],
  ['unit05', [0, 1]],
  ['unit06', [0, 1]],
  ['unit07', [0, 1]],
  ['unit10', [0, 1]],
];

/** The late supplier: 北京启明星数码科技有限公司, a micro retailer. */
const LATE = 'supplier04';

export function orderStories(world: World, t: Timeline): Story[] {
  const stories: Story[] = [];
  for (const month of monthsOf(t.start, t.now))
    for (const [buyer, [lo, hi]] of roster)
      for (let n = world.rnd.int(lo, hi); n > 0; n--) stories.push(everydayOrder(world, t, buyer, month));
  return [...stories, ...lateSupplier(world, t), ...splitPurchase(world, t), ...notable(world, t), ...present(world, t)];
}

/** One order as a unit's clerk places it on a working day of the month, and its life from there. */
async function* everydayOrder(world: World, t: Timeline, buyer: string, month: Date): Story {
  const office = await officeOf(world);
  const at = dayInMonth(office, world, month, t.now);
  if (!at) return;
  // Now and then a supplier is late; the usual otherwise.
  const fate: Fate = world.rnd.next() < 0.05 ? 'late' : 'usual';
  const choices = world.rnd.sample(everyday, 3);
  yield at;
  const order = await placeSomething(world, buyer, choices);
  if (order) yield* fulfil(world, office, order, at, { buyer, approver: approverOf(buyer), fate });
}

interface Wish {
  /** From this demo supplier only. */
  supplier?: string;
  /** This many (else the need's usual range). */
  qty?: number;
  /** Enough of it to pass the unit's approval threshold (so the order waits for the approver). */
  overThreshold?: boolean;
  /** Findings the clerk knowingly orders through (a split the approver will see, an over-standard price). */
  allow?: string[];
  /** An offer above the allocation standard, and why. */
  overStandard?: string;
}

/** The first of `choices` the clerk finds an offer for and can order without an unmeant warning; null if none. */
async function placeSomething(world: World, buyer: string, choices: Need[], wish: Wish = {}): Promise<Order | null> {
  const supplierId = wish.supplier ? (await world.orgOf(wish.supplier)).id : undefined;
  const threshold = wish.overThreshold ? await thresholdOf(world, buyer) : null;
  for (const need of choices) {
    let qty = wish.qty ?? world.rnd.int(need.qty[0], need.qty[1]);
    // (In stock for as many as the threshold could take.)
    const offer = await findOffer(world, buyer, need, threshold === null ? qty : 10, {
      ...(supplierId ? { supplierId } : {}),
      overStandard: !!wish.overStandard,
    });
    if (offer && threshold !== null) qty = Math.max(qty, Math.floor(threshold / offer.priceFen) + 1);
    const order = offer
      ? await buy(world, buyer, [{ offer, qty }], {
          line: need.line,
          allow: [...(wish.allow ?? []), ...(wish.overStandard ? ['over_standard'] : [])],
          ...(wish.overStandard ? { overStandardReason: wish.overStandard } : {}),
        })
      : null;
    if (order) return order;
  }
  return null;
}

/** The unit's approval threshold, as its organization record (GET /api/organizations/:id) shows it. */
async function thresholdOf(world: World, buyer: string): Promise<number | null> {
  const org = await world.orgOf(buyer);
  return (await world.call<{ approvalThresholdFen: number | null }>(buyer, 'GET', `/api/organizations/${org.id}`)).approvalThresholdFen;
}

/** One order placed at `at` (office hours, from the holiday calendar), then its life as `opts` says. */
async function* orderAt(
  world: World,
  at: (office: Office) => Date,
  buyer: string,
  choices: Need[],
  opts: Wish & { fate?: Fate; until?: Until; approval?: string } = {},
): Story {
  const office = await officeOf(world);
  const placedAt = at(office);
  yield placedAt;
  const order = await placeSomething(world, buyer, choices, opts);
  if (!order) return;
  yield* fulfil(world, office, order, placedAt, {
    buyer,
    approver: approverOf(buyer),
    ...(opts.fate ? { fate: opts.fate } : {}),
    ...(opts.until ? { until: opts.until } : {}),
    ...(opts.approval ? { approval: opts.approval } : {}),
  });
}

/**
 * 履约逾期: over the last three months 启明星数码 delivers five orders late, to five units, and lets one
 * go unconfirmed until the deadline cancels it — what the late-supplier rule looks for.
 */
function lateSupplier(world: World, t: Timeline): Story[] {
  const sells = [needs.printers, needs.monitors, needs.shredders, needs.scanners, needs.multifunction, needs.desktops];
  const plan: [buyer: string, workdaysBack: number, fate: Fate][] = [
    ['unit02', 58, 'late'],
    ['unit07', 47, 'late'],
    ['purchaser', 36, 'late'],
    ['unit10', 27, 'unconfirmed'],
    ['unit03', 21, 'late'],
    ['unit04', 9, 'late'],
  ];
  return plan.map(([buyer, back, fate]) =>
    orderAt(world, (office) => workdaysBefore(office, t.now, back, 10.5), buyer, world.rnd.sample(sells, sells.length), {
      fate,
      supplier: LATE,
    }),
  );
}

/**
 * 拆分采购: 海淀区教委 buys copiers two at a time, three orders in five days, each under the ¥50,000 direct-order
 * limit and together well over it. From the second on, checkout finds the split and the order waits for the
 * approver, who lets it through; the split-purchase rule finds the three.
 */
function splitPurchase(world: World, t: Timeline): Story[] {
  const first = (office: Office) => workdaysBefore(office, t.now, 50, 10);
  const approval = '各科室分别申报的复印机更新需求，经核实同意';
  return [first, (o: Office) => workdaysAfter(o, first(o), 2, 14.5), (o: Office) => workdaysAfter(o, first(o), 4, 11)].map((at) =>
    orderAt(world, at, 'purchaser', [needs.copiers], { qty: 2, allow: ['split_purchase'], approval }),
  );
}

/** Orders worth a look, spread over the year: one over a threshold, one over the standard, and the ones that do not go as planned. */
function notable(world: World, t: Timeline): Story[] {
  const monthsIn = (n: number) => (office: Office) => workdaysAfter(office, t.start, n * 21, 10);
  const some = [needs.printers, needs.chairs, needs.cabinets, needs.shredders];
  const laptopReason = '信息中心图形处理与视频剪辑岗位，标准配置无法满足软件运行要求';
  return [
    // Over the allocation standard: a reason at checkout, then 海淀's approver decides.
    orderAt(world, monthsIn(4), 'purchaser', [needs.laptops], { qty: 2, overStandard: laptopReason, approval: '理由充分，同意超标准配置' }),
    // Desks for more than 西城区人民法院's ¥30,000 approval threshold: its approver lets them through.
    orderAt(world, monthsIn(2), 'unit04', [needs.desks], { qty: 6, overThreshold: true }),
    orderAt(world, monthsIn(3), 'unit03', some, { fate: 'unconfirmed' }),
    orderAt(world, monthsIn(5), 'unit07', some, { fate: 'cancelled' }),
    orderAt(world, monthsIn(6), 'unit10', some, { fate: 'declined' }),
    // Desktops for more than 东城区图书馆's ¥20,000 approval threshold: its approver returns them.
    orderAt(world, monthsIn(7), 'unit05', [needs.desktops], { qty: 4, overThreshold: true, fate: 'returned' }),
    orderAt(world, monthsIn(8), 'unit06', some, { fate: 'rejected' }),
  ];
}

/**
 * The present: an order at each step, waiting for the next one — for the approver (two: 海淀's laptops over
 * the standard, and 海淀区第一实验小学's desktops over its threshold), for the supplier to confirm, to ship, to
 * deliver, for the unit to accept, and accepted, to be paid.
 */
function present(world: World, t: Timeline): Story[] {
  const back = (n: number, hour: number) => (office: Office) => workdaysBefore(office, t.now, n, hour);
  const some = [needs.printers, needs.monitors, needs.chairs, needs.desks, needs.shredders];
  const laptopReason = '财政监督检查现场取证用高性能便携机，标准配置续航与性能不足';
  return [
    orderAt(world, back(0, 9.5), 'purchaser', [needs.laptops], { qty: 2, overStandard: laptopReason, until: 'pending_approval' }),
    orderAt(world, back(0, 10), 'unit06', [needs.desktops], { qty: 4, overThreshold: true, until: 'pending_approval' }),
    orderAt(world, back(0, 11), 'purchaser', some, { until: 'placed' }),
    orderAt(world, back(1, 10), 'unit02', some, { until: 'confirmed' }),
    orderAt(world, back(3, 10), 'unit03', some, { until: 'shipped' }),
    orderAt(world, back(6, 10), 'unit07', some, { until: 'delivered' }),
    orderAt(world, back(10, 10), 'purchaser', some, { until: 'accepted' }),
  ];
}
