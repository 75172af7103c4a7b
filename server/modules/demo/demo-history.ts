import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { budgetLines, categories, listingCertificates, listings, organizations, products, type SizeClass } from '../../db/schema/index.ts';
import { riskRules } from '../../../contracts/enums/risk.ts';
import type { Services } from '../../services.ts';
import {
  insertHistoryAuction,
  insertHistoryOrder,
  insertHistoryQuotation,
  insertHistoryTender,
  type HistoryBid,
  type HistoryLine,
} from './history-rows.ts';

/** A small deterministic generator: the demo's history is the same on every first start. */
function seeded(seed: number) {
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32;
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
  };
}

const DAY = 86_400_000;

/**
 * 2026's procurement so far, for the dashboards and the risk inbox to have something true to show on
 * first start: e-mall orders from the demo catalogue's own listings month by month, online quotations,
 * awarded tenders (one lot reserved for SMEs), official vehicles, disposals — and a few cases the risk
 * rules should catch (a split purchase, matching bids, a ring taking turns, a supplier late again and
 * again). Written as rows (history-rows.ts); then every risk rule runs once.
 */
export async function loadDemoHistory(db: Db, services: Services) {
  const rnd = seeded(20_260_101);
  const now = Date.now();
  const yearStart = Date.parse('2026-01-05T02:00:00Z');
  const units = await db.select().from(organizations).where(eq(organizations.kind, 'purchasing_unit')).orderBy(organizations.createdAt);
  const suppliers = await db.select().from(organizations).where(eq(organizations.kind, 'supplier')).orderBy(organizations.createdAt);
  const [center] = await db.select().from(organizations).where(eq(organizations.kind, 'procurement_center'));
  if (!units.length || suppliers.length < 6 || !center) return;
  const shelf = await db
    .select({
      supplierId: listings.supplierId,
      priceFen: listings.priceFen,
      categoryCode: products.categoryCode,
      title: sql<string>`${products.brand} || ' ' || ${products.model}`,
      greenPolicy: categories.greenPolicy,
      listingId: listings.id,
    })
    .from(listings)
    .innerJoin(products, eq(products.id, listings.productId))
    .innerJoin(categories, eq(categories.code, products.categoryCode))
    .where(and(eq(listings.status, 'active'), sql`${listings.priceFen} <= 5000000`));
  if (!shelf.length) return;
  const certified = new Set(
    (
      await db
        .selectDistinct({ id: listingCertificates.listingId })
        .from(listingCertificates)
        .where(
          inArray(
            listingCertificates.listingId,
            shelf.map((l) => l.listingId),
          ),
        )
    ).map((r) => r.id),
  );

  // One line per unit holds the history: its amount is exactly what the history committed.
  const lineOf = new Map<string, string>();
  for (const u of units) {
    const [line] = await db
      .insert(budgetLines)
      .values({
        organizationId: u.id,
        code: '2026-HIST',
        name: '2026 年已执行采购（历史数据）',
        fiscalYear: 2026,
        fundSource: '一般公共预算',
        amountFen: 0,
      })
      .onConflictDoNothing()
      .returning({ id: budgetLines.id });
    if (!line) return; // already loaded
    lineOf.set(u.id, line.id);
  }
  const at = (t: number) => new Date(Math.min(t, now - DAY));
  const statusAt = (t: number) =>
    now - t > 20 * DAY ? 'settled' : now - t > 10 * DAY ? 'accepted' : rnd.pick(['confirmed', 'shipped', 'delivered'] as const);

  // E-mall orders: each unit about three a month, one to three lines from the shelf.
  for (let t = yearStart; t < now - DAY; t += 10 * DAY) {
    for (const u of units) {
      if (rnd.next() < 0.45) continue;
      const first = rnd.pick(shelf);
      const picks = shelf.filter((l) => l.supplierId === first.supplierId);
      const lines: HistoryLine[] = [];
      for (let k = rnd.int(1, 3); k > 0; k--) {
        const l = rnd.pick(picks);
        if (lines.some((x) => x.title === l.title)) continue;
        const green = l.greenPolicy !== 'none' && certified.has(l.listingId);
        lines.push({ categoryCode: l.categoryCode, title: l.title, unitPriceFen: l.priceFen, quantity: rnd.int(1, 2), certified: green });
      }
      const when = t + rnd.int(0, 9) * DAY + rnd.int(0, 8) * 3600_000;
      if (when >= now - DAY) continue;
      await insertHistoryOrder(db, {
        unitId: u.id,
        supplierId: first.supplierId,
        budgetLineId: lineOf.get(u.id)!,
        at: at(when),
        status: statusAt(when),
        lines,
      });
    }
  }

  // Official vehicles: 9 bought this year, 2 of them new-energy (below the 30% target, as a dashboard should show).
  const carDealer = suppliers[5]!;
  for (const [i, [code, title, priceFen]] of (
    [
      ['A02030501', '大众 帕萨特 2.0T 商务版', 17_980_000],
      ['A02030501', '丰田 凯美瑞 2.5L', 17_580_000],
      ['A02030502', '比亚迪 汉 EV 冠军版', 17_380_000],
      ['A02030501', '别克 GL8 ES 陆尊', 17_990_000],
      ['A02030502', '广汽埃安 AION S', 13_980_000],
    ] as const
  ).entries()) {
    const when = yearStart + (40 + i * 45) * DAY;
    const u = units[i % units.length]!;
    await insertHistoryOrder(db, {
      unitId: u.id,
      supplierId: carDealer.id,
      budgetLineId: lineOf.get(u.id)!,
      at: at(when),
      status: statusAt(when),
      lines: [{ categoryCode: code, title, unitPriceFen: priceFen, quantity: code === 'A02030501' ? (i === 0 ? 4 : 2) : 1 }],
    });
  }

  // Online quotations, awarded to the lowest evaluated quote.
  const quote = (s: (typeof suppliers)[number], priceFen: number) => ({
    supplierId: s.id,
    priceFen,
    sizeClass: (s.sizeClass ?? 'small') as SizeClass,
  });
  for (const [i, [title, code, qty, ceiling]] of (
    [
      ['彩色激光打印机 20 台', 'A02010601', 20, 5_600_000],
      ['便携式计算机 30 台', 'A02010105', 30, 19_500_000],
      ['会议室投影仪 8 台', 'A020202', 8, 4_400_000],
      ['办公椅 120 把', 'A050103', 120, 9_600_000],
      ['空调 16 台', 'A02061804', 16, 8_000_000],
      ['碎纸机 25 台', 'A020206', 25, 2_250_000],
    ] as const
  ).entries()) {
    const u = units[(i * 2) % units.length]!;
    const closed = yearStart + (30 + i * 50) * DAY;
    const [a, b, c] = [
      suppliers[(i + 1) % suppliers.length]!,
      suppliers[(i + 3) % suppliers.length]!,
      suppliers[(i + 4) % suppliers.length]!,
    ];
    const prices = [
      Math.round((ceiling * 0.86) / qty) * qty,
      Math.round((ceiling * 0.91) / qty) * qty,
      Math.round((ceiling * 0.95) / qty) * qty,
    ];
    await insertHistoryQuotation(db, {
      unitId: u.id,
      budgetLineId: lineOf.get(u.id)!,
      title,
      categoryCode: code,
      reservedForSme: [a, b, c].every((s) => s.sizeClass !== 'large'),
      quantity: qty,
      ceilingFen: ceiling,
      createdAt: at(closed - 5 * DAY),
      closedAt: at(closed),
      quotes: [quote(a, prices[0]!), quote(b, prices[1]!), quote(c, prices[2]!)],
      winner: 0,
    });
  }

  // Tenders: awarded lots; the furniture lot reserved for SMEs; the network lots won in turn by one ring.
  const [r1, r2, r3] = [suppliers[1]!, suppliers[3]!, suppliers[2]!];
  const tendersPlan: {
    title: string;
    code: string;
    budget: number;
    unit: number;
    bids: HistoryBid[];
    winner: number;
    reserved?: boolean;
  }[] = [
    {
      title: '区教委智慧教室建设（第一批）',
      code: 'A02010103',
      budget: 480_000_000,
      unit: 0,
      bids: [quote(suppliers[5]!, 452_000_000), quote(suppliers[0]!, 438_000_000), quote(suppliers[6]!, 461_500_000)],
      winner: 1,
    },
    {
      title: '办公家具采购（专门面向中小企业）',
      code: 'A050101',
      budget: 160_000_000,
      unit: 1,
      bids: [quote(suppliers[4]!, 142_000_000), quote(suppliers[7]!, 149_800_000), quote(suppliers[2]!, 151_000_000)],
      winner: 0,
      reserved: true,
    },
    {
      title: '城管指挥中心网络设备更新',
      code: 'A02010103',
      budget: 260_000_000,
      unit: 2,
      bids: [quote(r1, 231_000_000), quote(r2, 238_000_000), quote(r3, 240_500_000)],
      winner: 0,
    },
    {
      title: '社区卫生服务中心网络改造',
      code: 'A02010103',
      budget: 190_000_000,
      unit: 1,
      bids: [quote(r1, 177_000_000), quote(r2, 171_500_000), quote(r3, 176_000_000)],
      winner: 1,
    },
    {
      title: '执法记录仪及网络接入',
      code: 'A02010103',
      budget: 120_000_000,
      unit: 2,
      bids: [quote(r1, 113_000_000), quote(r2, 112_400_000), quote(r3, 108_600_000)],
      winner: 2,
    },
    // Two bids a yuan apart, sent from one address: the rules should notice.
    {
      title: '数据中心机房运维服务',
      code: 'C1605',
      budget: 90_000_000,
      unit: 0,
      bids: [
        { ...quote(suppliers[6]!, 84_360_000), submittedIp: '111.200.13.8' },
        { ...quote(suppliers[5]!, 84_360_100), submittedIp: '111.200.13.8' },
        quote(suppliers[0]!, 86_900_000),
      ],
      winner: 0,
    },
  ];
  for (const [i, p] of tendersPlan.entries()) {
    const published = yearStart + (20 + i * 40) * DAY;
    await insertHistoryTender(db, {
      unitId: units[p.unit % units.length]!.id,
      centerId: center.id,
      title: p.title,
      categoryCode: p.code,
      budgetFen: p.budget,
      smeReserved: p.reserved ?? false,
      publishedAt: at(published),
      deadline: at(published + 21 * DAY),
      bids: p.bids,
      winner: p.winner,
      awardedAt: at(published + 28 * DAY),
    });
  }

  // Disposals: three sold, one failed.
  for (const [i, [name, code, appraisal, hammer]] of (
    [
      ['桑塔纳轿车（2012 款）', 'A02030501', 1_800_000, 2_350_000],
      ['旧电脑 40 台', 'A02010104', 1_200_000, 1_450_000],
      ['档案柜 30 组', 'A050105', 600_000, 0],
      ['依维柯客车（2014 款）', 'A02030501', 4_500_000, 5_200_000],
    ] as const
  ).entries()) {
    const closed = yearStart + (60 + i * 55) * DAY;
    await insertHistoryAuction(db, {
      unitId: units[i % units.length]!.id,
      name,
      categoryCode: code,
      appraisalFen: appraisal,
      startPriceFen: appraisal,
      closedAt: at(closed),
      outcome: hammer ? 'paid' : 'failed',
      hammerFen: hammer || undefined,
      winnerId: hammer ? suppliers[(i + 2) % suppliers.length]!.id : undefined,
    });
  }

  // A split purchase: two copier orders of ¥32,000 a week apart, each under the ¥50,000 direct-order limit.
  const splitter = units[Math.min(2, units.length - 1)]!;
  for (const d of [26, 19]) {
    await insertHistoryOrder(db, {
      unitId: splitter.id,
      supplierId: suppliers[2]!.id,
      budgetLineId: lineOf.get(splitter.id)!,
      at: at(now - d * DAY),
      status: statusAt(now - d * DAY),
      lines: [{ categoryCode: 'A020201', title: '理光 IM C3000 彩色复印机', unitPriceFen: 1_600_000, quantity: 2 }],
    });
  }
  // A supplier late to confirm, again and again.
  const late = suppliers[3]!;
  for (const d of [40, 28, 15, 6]) {
    const when = now - d * DAY;
    await insertHistoryOrder(db, {
      unitId: units[d % units.length]!.id,
      supplierId: late.id,
      budgetLineId: lineOf.get(units[d % units.length]!.id)!,
      at: at(when),
      status: statusAt(when),
      confirmDeadline: new Date(when + DAY),
      confirmedAt: new Date(when + 4 * DAY),
      lines: [{ categoryCode: 'A020206', title: '科密 C-638 碎纸机', unitPriceFen: 98_000, quantity: 3 }],
    });
  }

  // Each history line now holds exactly what its orders reserved and spent.
  await db.execute(sql`
    update jicai.budget_lines b set
      spent_fen = coalesce((select sum(o.total_fen) from jicai.orders o where o.budget_line_id = b.id and o.status in ('accepted', 'settled')), 0),
      reserved_fen = coalesce((select sum(o.total_fen) from jicai.orders o where o.budget_line_id = b.id and o.status in ('placed', 'confirmed', 'shipped', 'delivered')), 0),
      amount_fen = coalesce((select sum(o.total_fen) from jicai.orders o where o.budget_line_id = b.id and o.status not in ('cancelled', 'rejected')), 0)
    where b.code = '2026-HIST'`);

  for (const rule of riskRules) await services.risk.runRule(rule);
}
