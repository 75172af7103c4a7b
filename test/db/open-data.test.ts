import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenders } from '../../server/db/schema/index.ts';
import { insertHistoryAuction, insertHistoryOrder, insertHistoryQuotation } from '../helpers/history-rows.ts';
import { backfillReleases, backfillReleasesOnce } from '../../server/modules/ocds/ocds.service.ts';
import { sequenceReleases } from '../../server/modules/ocds/ocds.store.ts';
import { readTable, writeCsv, writeXlsx } from '../../server/platform/tables.ts';
import { releasesNotRecorded } from '../../server/platform/consistency.ts';
import { client, createTestContext, type TestContext } from '../helpers/context.ts';
import { actor, createBudgetLine, createOrg, type Actor } from '../helpers/factories.ts';
import { errorsOf, followWholeFeed, validateRecordPackage, validateRelease, validateReleasePackage } from '../helpers/ocds.ts';
import { intentionExempt } from '../helpers/procurement.ts';

/**
 * Open data for every kind of process (e-mall orders, online quotations, disposal auctions; tenders
 * are covered with their evaluation), the feed and the bulk files against the shipped OCDS 1.1.5
 * schemas, and list exports as CSV and XLSX.
 */
let ctx: TestContext;
let purchaser: Actor;
const ids = {} as Record<'settled' | 'cancelled' | 'pending' | 'quotation' | 'sold' | 'failed', string>;
const ocids: string[] = [];
const at = (d: number) => new Date(Date.now() - d * 86_400_000);

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.database.db;
  const unit = await createOrg(db, 'purchasing_unit', { name: '开放数据测试中心', address: '北京市海淀区某路 1 号' });
  const line = await createBudgetLine(db, unit.id, 1_000_000_000);
  const [a, b, c] = await Promise.all([
    createOrg(db, 'supplier', { sizeClass: 'small' }),
    createOrg(db, 'supplier', { sizeClass: 'large' }),
    createOrg(db, 'supplier', { sizeClass: 'micro' }),
  ]);
  const base = { unitId: unit.id, budgetLineId: line.id };
  const laptop = [{ categoryCode: 'A02010105', title: '联想 昭阳 K4', unitPriceFen: 650_000, quantity: 2, certified: true }];
  const settled = await insertHistoryOrder(db, { ...base, supplierId: a.id, at: at(30), lines: laptop });
  const cancelled = await insertHistoryOrder(db, { ...base, supplierId: a.id, at: at(20), status: 'cancelled', lines: laptop });
  const pending = await insertHistoryOrder(db, { ...base, supplierId: a.id, at: at(10), status: 'pending_approval', lines: laptop });
  const q = await insertHistoryQuotation(db, {
    ...base,
    title: '激光打印机 5 台',
    categoryCode: 'A02010601',
    quantity: 5,
    ceilingFen: 1_000_000,
    createdAt: at(15),
    closedAt: at(12),
    quotes: [
      { supplierId: c.id, priceFen: 800_000, sizeClass: 'micro' },
      { supplierId: b.id, priceFen: 900_000, sizeClass: 'large' },
      { supplierId: a.id, priceFen: 950_000, sizeClass: 'small' },
    ],
    winner: 0,
  });
  const sold = await insertHistoryAuction(db, {
    unitId: unit.id,
    name: '丰田 考斯特',
    categoryCode: 'A02030501',
    appraisalFen: 8_000_000,
    startPriceFen: 8_000_000,
    closedAt: at(8),
    outcome: 'paid',
    hammerFen: 9_100_000,
    winnerId: b.id,
  });
  const failed = await insertHistoryAuction(db, {
    unitId: unit.id,
    name: '旧空调 10 台',
    categoryCode: 'A02061804',
    appraisalFen: 200_000,
    startPriceFen: 200_000,
    closedAt: at(7),
    outcome: 'failed',
  });
  Object.assign(ids, {
    settled: settled.id,
    cancelled: cancelled.id,
    pending: pending.id,
    quotation: q.quotation.id,
    sold: sold.lot.id,
    failed: failed.lot.id,
  });
  ocids.push(`ocds-jc2026-${settled.orderNo}`, `ocds-jc2026-${q.quotation.quotationNo}`, `ocds-jc2026-${sold.lot.lotNo}`);
  purchaser = await actor(ctx.app, db, 'purchaser', unit.id);
});
afterAll(() => ctx.close());

const pub = () => client(ctx.app, null);

async function packages(kind: string, id: string) {
  const rel = await pub().get(`/api/ocds/${kind}/${id}/releases`);
  expect(rel.statusCode, rel.body).toBe(200);
  const pkg = rel.json();
  expect(validateReleasePackage(pkg), errorsOf(validateReleasePackage)).toBe(true);
  for (const r of pkg.releases) expect(validateRelease(r), errorsOf(validateRelease)).toBe(true);
  const rec = await pub().get(`/api/ocds/${kind}/${id}/record`);
  const record = rec.json();
  expect(validateRecordPackage(record), errorsOf(validateRecordPackage)).toBe(true);
  return { releases: pkg.releases as { tag: string[]; [k: string]: unknown }[], compiled: record.records[0].compiledRelease };
}

/**
 * Tests that read the whole shared feed or bulk files: their time grows with what every other test file has
 * published, and on a loaded two-core machine they outlast the default 30 s without anything being wrong.
 */
const WHOLE_FEED_MS = 150_000;

describe('OCDS for every process', () => {
  it('an e-mall order: tender, award and contract when placed, confirmation, then the payment', async () => {
    const { releases, compiled } = await packages('orders', ids.settled);
    expect(releases.map((r) => r.tag)).toEqual([
      ['tender', 'award', 'contract'],
      ['contractUpdate'],
      ['implementation'], // delivered: a met milestone
      ['implementation'], // settled: the payment
    ]);
    expect(compiled).toMatchObject({
      tender: {
        procurementMethod: 'limited',
        procurementMethodDetails: '电子卖场直购（框架协议）',
        value: { amount: 13_000, currency: 'CNY' },
      },
      awards: [{ value: { amount: 13_000 } }],
      contracts: [{ status: 'terminated', implementation: { transactions: [{ value: { amount: 13_000 } }] } }],
    });
    const cancelled = await packages('orders', ids.cancelled);
    expect(cancelled.compiled.contracts[0].status).toBe('cancelled');
    // An order still awaiting the unit's approval is not a public contract yet.
    expect((await pub().get(`/api/ocds/orders/${ids.pending}/releases`)).statusCode).toBe(404);
  });

  it('an online quotation: tender, its tenderers at the close, the award and the order as contract', async () => {
    const { releases, compiled } = await packages('quotations', ids.quotation);
    // The order is the quotation's contract: its confirmation, delivery and payment follow the award.
    expect(releases.map((r) => r.tag)).toEqual([
      ['tender'],
      ['tenderUpdate'],
      ['award', 'contract'],
      ['contractUpdate'],
      ['implementation'],
      ['implementation'],
    ]);
    // The award release keeps the contract as it stood at the award; the record shows where it ended.
    expect(releases[2]).toMatchObject({ contracts: [{ status: 'pending' }] });
    expect(compiled).toMatchObject({
      tender: { status: 'complete', numberOfTenderers: 3, value: { amount: 10_000 } },
      awards: [{ value: { amount: 8_000 } }],
      contracts: [{ status: 'terminated', value: { amount: 8_000 }, implementation: { transactions: [{ value: { amount: 8_000 } }] } }],
    });
  });

  it('a disposal auction: the lot, the close, the sale and the payment; a failed lot ends unsuccessful', async () => {
    const sold = await packages('auctions', ids.sold);
    expect(sold.releases.map((r) => r.tag)).toEqual([['tender'], ['tenderUpdate'], ['award'], ['contract', 'implementation']]);
    expect(sold.compiled).toMatchObject({
      tender: { submissionMethod: ['electronicAuction'], value: { amount: 80_000 } },
      awards: [{ value: { amount: 91_000 } }],
    });
    expect(JSON.stringify(sold.compiled)).not.toContain('reserve');
    const failed = await packages('auctions', ids.failed);
    expect(failed.compiled.tender.status).toBe('unsuccessful');
    expect(failed.compiled.awards).toBeUndefined();
  });

  it('the processes list filters by kind and links each package', async () => {
    const res = await pub().get('/api/ocds/processes?kind=order&pageSize=200');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { id: string; kind: string; ocid: string; releasesUrl: string }[];
    expect(items.every((i) => i.kind === 'order')).toBe(true);
    expect(items.find((i) => i.id === ids.settled)).toMatchObject({
      ocid: ocids[0],
      releasesUrl: `/api/ocds/orders/${ids.settled}/releases`,
    });
    expect(items.some((i) => i.id === ids.pending)).toBe(false);
    expect((await pub().get('/api/ocds/processes?kind=contract')).statusCode).toBe(400);
  });

  it(
    'the feed pages through every release of every process once',
    async () => {
      const seen = await followWholeFeed((url) => pub().get(url));
      const ocidsSeen = new Set([...seen].map((key) => key.slice(0, key.indexOf('/'))));
      for (const ocid of ocids) expect(ocidsSeen.has(ocid), ocid).toBe(true);
      expect(ocidsSeen.size).toBeGreaterThan(0);
      const bad = await pub().get('/api/ocds/releases?after=bm9wZQ');
      expect(bad.statusCode).toBe(400);
      expect(bad.headers['content-type']).toContain('application/problem+json');
      expect(bad.body).toContain('after');
    },
    WHOLE_FEED_MS,
  );

  it(
    'the bulk release and record packages validate and hold every process',
    async () => {
      // Counted first: other test files publish processes while this one reads.
      const processes = (await pub().get('/api/ocds/processes?pageSize=1')).json().total as number;
      const rel = await pub().get('/api/ocds/bulk/releases.json');
      expect(rel.statusCode).toBe(200);
      expect(rel.headers['content-disposition']).toContain('jicai-ocds-releases.json');
      const pkg = rel.json();
      expect(validateReleasePackage(pkg), errorsOf(validateReleasePackage)).toBe(true);
      for (const ocid of ocids)
        expect(
          pkg.releases.some((r: { ocid: string }) => r.ocid === ocid),
          ocid,
        ).toBe(true);
      const rec = await pub().get('/api/ocds/bulk/records.json');
      const records = rec.json();
      expect(validateRecordPackage(records), errorsOf(validateRecordPackage)).toBe(true);
      expect(records.records.length).toBeGreaterThanOrEqual(processes);
      expect(new Set(records.records.map((r: { ocid: string }) => r.ocid)).size).toBe(records.records.length);
    },
    WHOLE_FEED_MS,
  );
});

type Rel = { id: string; ocid: string; date: string; tag: string[]; tender?: { tenderPeriod?: { endDate: string } } };
const local = (url: string) => url.replace(/^https?:\/\/[^/]+/, '');

/** Follows the feed from a cursor to its end: every release it returns, and where to resume. */
async function follow(from: string) {
  const releases: Rel[] = [];
  let url: string | null = from;
  let resume = from;
  for (let pages = 0; url && pages < 5000; pages++) {
    const res = await pub().get(local(url));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    // Polling at the end answers an empty page ("nothing yet"), which a release package cannot be.
    if (body.releases.length) expect(validateReleasePackage(body), errorsOf(validateReleasePackage)).toBe(true);
    releases.push(...(body.releases as Rel[]));
    resume = body.links.resume;
    url = body.links.next;
  }
  return { releases, resume };
}

describe('the release store: releases written when things happen', () => {
  const token = `od${randomBytes(3).toString('hex')}`;
  let center: Actor;
  const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
  async function publishedTender() {
    const unitId = (await createOrg(ctx.database.db, 'purchasing_unit')).id;
    center ??= await actor(ctx.app, ctx.database.db, 'center_staff');
    const res = await center.http.post('/api/tenders', {
      title: `${token} 档案密集架采购`,
      methodCode: 'open',
      ...intentionExempt,
      purchaserOrgId: unitId,
      kind: 'goods',
      description: '档案馆密集架更新',
      documents: '第一章 投标邀请……第二章 采购需求：密集架 40 列……',
      deadline: inDays(21),
      smeExemptReason: '采购标的为标准化通用设备，由市场主流品牌生产，不宜专门面向中小企业',
      lots: [
        {
          name: '密集架',
          budgetFen: 80_000_000,
          items: [{ name: '手动密集架', quantity: 40, unit: '列', specs: '冷轧钢板' }],
          evaluationMethod: 'lowest_price',
          smeReserved: false,
          smeDeductionRate: '0.10',
          bidBondFen: 0,
        },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const published = await center.http.post(`/api/tenders/${res.json().id}/publish`);
    expect(published.statusCode, published.body).toBe(200);
    return published.json() as { id: string; tenderNo: string; deadline: string };
  }

  it(
    'a deadline moved after the first release leaves that release as published, in the feed, the record and the bulk file',
    async () => {
      const t = await publishedTender();
      const ocid = `ocds-jc2026-${t.tenderNo}`;
      const before = await packages('tenders', t.id);
      expect(before.releases.map((r) => r.tag)).toEqual([['tender']]);
      const first = before.releases[0] as unknown as Rel;
      expect(first.tender!.tenderPeriod!.endDate).toBe(t.deadline);
      // Time passes (the deadline comes within the 15-day cut-off), then the documents change: the deadline moves.
      await ctx.database.db
        .update(tenders)
        .set({ deadline: sql`now() + interval '5 days'` })
        .where(eq(tenders.id, t.id));
      const amended = await center.http.post(`/api/tenders/${t.id}/clarifications`, {
        answer: '采购需求第二章修改：密集架改为 42 列。',
        documents: '第一章 投标邀请……第二章 采购需求：密集架 42 列……',
      });
      expect(amended.statusCode, amended.body).toBe(200);
      const moved = amended.json().deadline as string;
      expect(moved).not.toBe(t.deadline);

      const after = await packages('tenders', t.id);
      expect(after.releases.map((r) => r.tag)).toEqual([['tender'], ['tenderAmendment']]);
      expect(after.releases[0]).toEqual(first);
      expect(after.releases[1]).toMatchObject({
        id: `${ocid}-amendment-1`,
        tender: { tenderPeriod: { endDate: moved }, amendments: [{ id: '1', amendsReleaseID: first.id, rationale: '招标文件修改' }] },
      });
      expect(after.compiled.tender.tenderPeriod.endDate).toBe(moved);
      expect(after.compiled.tender.amendments).toHaveLength(1);
      // The record links both releases at their own dates.
      const record = (await pub().get(`/api/ocds/tenders/${t.id}/record`)).json().records[0];
      expect(record.releases.map((r: { date: string }) => r.date)).toEqual([first.date, after.releases[1]!.date]);

      const feed = (await follow('/api/ocds/releases?limit=100')).releases.filter((r) => r.ocid === ocid);
      expect(feed).toEqual(after.releases);
      const bulk = (await pub().get('/api/ocds/bulk/releases.json')).json().releases.filter((r: Rel) => r.ocid === ocid);
      expect(bulk).toEqual(after.releases);
      // The month's bulk file, listed in the bulk index, holds them too.
      const index = (await pub().get('/api/ocds/bulk/index.json')).json();
      const month = (index.months as { period: string; url: string; releases: number; firstSeq: number; lastSeq: number }[]).at(-1)!;
      expect(month.releases).toBe(month.lastSeq - month.firstSeq + 1);
      const monthly = await pub().get(local(month.url));
      expect(monthly.statusCode).toBe(200);
      expect(monthly.headers['content-disposition']).toContain(`jicai-ocds-releases-${month.period}.json`);
      expect(validateReleasePackage(monthly.json()), errorsOf(validateReleasePackage)).toBe(true);
      expect(monthly.json().releases.filter((r: Rel) => r.ocid === ocid)).toEqual(after.releases);
      expect((await pub().get('/api/ocds/bulk/releases/2001-01')).statusCode).toBe(404);
      expect((await pub().get('/api/ocds/bulk/releases/2026-13')).statusCode).toBe(400);
      // The store itself refuses to rewrite a release.
      const refused = await ctx.database.db
        .execute(sql`update jicai.ocds_releases set tag = '{tender}' where ocid = ${ocid}`)
        .catch((e: Error) => e);
      expect(String((refused as Error).cause ?? refused)).toMatch(/append-only/);
    },
    WHOLE_FEED_MS,
  );

  it('the backfill gives a process from before the store its releases once', async () => {
    // A tender published by a row write, as databases from before the release store hold them.
    center ??= await actor(ctx.app, ctx.database.db, 'center_staff');
    const res = await center.http.post('/api/tenders', {
      title: `${token} 历史项目（无发布记录）`,
      methodCode: 'open',
      ...intentionExempt,
      purchaserOrgId: (await createOrg(ctx.database.db, 'purchasing_unit')).id,
      kind: 'goods',
      description: '存量项目',
      documents: '第一章 投标邀请……第二章 采购需求：钢制书柜 10 组……',
      deadline: inDays(21),
      smeExemptReason: '采购标的为标准化通用设备，由市场主流品牌生产，不宜专门面向中小企业',
      lots: [
        {
          name: '书柜',
          budgetFen: 5_000_000,
          items: [{ name: '书柜', quantity: 10, unit: '组', specs: '钢制' }],
          evaluationMethod: 'lowest_price',
          smeReserved: false,
          smeDeductionRate: '0.10',
          bidBondFen: 0,
        },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    await ctx.database.db
      .update(tenders)
      .set({ status: 'bidding', publishedAt: sql`now()` })
      .where(eq(tenders.id, id));
    expect((await pub().get(`/api/ocds/tenders/${id}/releases`)).statusCode).toBe(404);
    expect(await backfillReleases(ctx.database.db)).toBeGreaterThanOrEqual(1);
    const { releases } = await packages('tenders', id);
    expect(releases.map((r) => r.tag)).toEqual([['tender']]);
    await backfillReleases(ctx.database.db);
    expect((await packages('tenders', id)).releases).toEqual(releases);
  });

  it('start-up runs the backfill once per database: the head row marks it done, and a marked database is not searched again', async () => {
    const db = ctx.database.db;
    center ??= await actor(ctx.app, db, 'center_staff');
    // A tender published by a row write, as databases from before the release store hold them.
    const unpublishedTender = async (title: string) => {
      const res = await center.http.post('/api/tenders', {
        title: `${token} ${title}`,
        methodCode: 'open',
        ...intentionExempt,
        purchaserOrgId: (await createOrg(db, 'purchasing_unit')).id,
        kind: 'goods',
        description: '存量项目',
        documents: '第一章 投标邀请……第二章 采购需求：钢制文件柜 20 组……',
        deadline: inDays(21),
        smeExemptReason: '采购标的为标准化通用设备，由市场主流品牌生产，不宜专门面向中小企业',
        lots: [
          {
            name: '文件柜',
            budgetFen: 3_000_000,
            items: [{ name: '文件柜', quantity: 20, unit: '组', specs: '钢制' }],
            evaluationMethod: 'lowest_price',
            smeReserved: false,
            smeDeductionRate: '0.10',
            bidBondFen: 0,
          },
        ],
      });
      expect(res.statusCode, res.body).toBe(201);
      const id = res.json().id as string;
      await db
        .update(tenders)
        .set({ status: 'bidding', publishedAt: sql`jicai.now()` })
        .where(eq(tenders.id, id));
      expect((await pub().get(`/api/ocds/tenders/${id}/releases`)).statusCode).toBe(404);
      return id;
    };
    const marked = async () =>
      (await db.execute<{ at: Date | null }>(sql`select backfilled_at as at from jicai.ocds_release_head where id = 'head'`)).rows[0]!.at;

    // A database the backfill has not run on yet: it runs, records the missing releases and marks itself done.
    await db.execute(sql`update jicai.ocds_release_head set backfilled_at = null where id = 'head'`);
    const before = await unpublishedTender('存量项目（首次启动）');
    expect(await backfillReleasesOnce(db)).toBeGreaterThanOrEqual(1);
    expect((await packages('tenders', before)).releases.map((r) => r.tag)).toEqual([['tender']]);
    expect(await marked()).not.toBeNull();

    // Marked: the next start does nothing, not even the search for processes without releases.
    const after = await unpublishedTender('存量项目（再次启动）');
    expect(await backfillReleasesOnce(db)).toBe(0);
    expect((await pub().get(`/api/ocds/tenders/${after}/releases`)).statusCode).toBe(404);
    // The backfill itself, called directly, still finds it.
    expect(await backfillReleases(db)).toBeGreaterThanOrEqual(1);
    expect((await packages('tenders', after)).releases.map((r) => r.tag)).toEqual([['tender']]);
  });

  it(
    'a consumer following the cursor sees every release once, and the new release of an old process next',
    async () => {
      const old = await publishedTender();
      const ocid = `ocds-jc2026-${old.tenderNo}`;
      const start = await follow('/api/ocds/releases?limit=100');
      const seen = new Map<string, number>();
      for (const r of start.releases) seen.set(`${r.ocid} ${r.id}`, (seen.get(`${r.ocid} ${r.id}`) ?? 0) + 1);
      expect(start.releases.filter((r) => r.ocid === ocid).map((r) => r.tag)).toEqual([['tender']]);
      // At the end of the feed, the product changes the old process: the center cancels the tender.
      const cancelled = await center.http.post(`/api/tenders/${old.id}/cancel`, { reason: '采购需求发生重大变化，终止本次采购' });
      expect(cancelled.statusCode, cancelled.body).toBe(200);
      // Other test files publish meanwhile: the next pages hold their releases too, and this one exactly once.
      const next = await follow(start.resume);
      for (const r of next.releases) seen.set(`${r.ocid} ${r.id}`, (seen.get(`${r.ocid} ${r.id}`) ?? 0) + 1);
      const mine = next.releases.filter((r) => r.ocid === ocid);
      expect(mine.map((r) => [r.id, r.tag])).toEqual([[`${ocid}-cancellation`, ['tenderCancellation']]]);
      expect(mine[0]).toMatchObject({ tender: { status: 'cancelled', lots: [{ id: '1', status: 'cancelled' }] } });
      expect([...seen.values()].every((n) => n === 1)).toBe(true);
      // Nothing more for this process after it: the feed moves on, the record ends cancelled.
      expect((await follow(next.resume)).releases.filter((r) => r.ocid === ocid)).toEqual([]);
      const { compiled } = await packages('tenders', old.id);
      expect(compiled.tender.status).toBe('cancelled');
      // Records changed since the cancellation hold this one, compiled from the stored releases.
      const since = encodeURIComponent(new Date(Date.parse(mine[0]!.date) - 1000).toISOString());
      let changed: { ocid: string }[] = [];
      let url: string | null = `/api/ocds/records?changedSince=${since}&limit=100`;
      while (url) {
        const res = await pub().get(local(url));
        expect(res.statusCode, res.body).toBe(200);
        expect(validateRecordPackage(res.json()), errorsOf(validateRecordPackage)).toBe(true);
        changed = changed.concat(res.json().records);
        url = res.json().links.next;
      }
      expect(changed.filter((r) => r.ocid === ocid)).toHaveLength(1);
      expect((await pub().get('/api/ocds/records?changedSince=yesterday')).statusCode).toBe(400);
    },
    WHOLE_FEED_MS,
  );
});

describe('the release sequence', () => {
  it('stays gap-free in commit order under concurrent writers, a rolled-back one included', async () => {
    const db = ctx.database.db;
    const unit = await createOrg(db, 'purchasing_unit');
    const supplier = await createOrg(db, 'supplier', { sizeClass: 'micro' });
    const line = await createBudgetLine(db, unit.id, 1_000_000_000);
    const order = (i: number) => ({
      unitId: unit.id,
      supplierId: supplier.id,
      budgetLineId: line.id,
      at: at(40 + i),
      lines: [{ categoryCode: 'A02010601', title: `打印机 ${i}`, unitPriceFen: 200_000, quantity: 1 }],
    });
    const outcomes = await Promise.allSettled([
      ...Array.from({ length: 12 }, (_, i) =>
        db.transaction(async (tx) => {
          await insertHistoryOrder(tx, order(i));
          // Every third writer appended its releases, then rolls back: none of them may be sequenced.
          if (i % 3 === 0) throw new Error('rolled back on purpose');
        }),
      ),
      // Sequencers run while the writers commit: each sequences what it sees committed.
      ...Array.from({ length: 3 }, () => sequenceReleases(db)),
    ]);
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(4);
    await sequenceReleases(db);
    expect((await db.execute(sql`select count(*)::int as n from jicai.ocds_pending`)).rows[0]).toEqual({ n: 0 });
    // One snapshot: what is visible is always a prefix of the sequence, whoever else is writing.
    const [row] = (
      await db.execute<{ n: string; max: string; head: string }>(
        sql`select count(*) as n, coalesce(max(seq), 0) as max, (select seq from jicai.ocds_release_head) as head from jicai.ocds_releases`,
      )
    ).rows;
    // published_at never decreases along seq.
    const [order_] = (
      await db.execute<{ bad: string }>(
        sql`select count(*) as bad from (select published_at < lag(published_at) over (order by seq) as down from jicai.ocds_releases) x where down`,
      )
    ).rows;
    expect(Number(order_!.bad)).toBe(0);
    expect(Number(row!.n)).toBe(Number(row!.max));
    expect(Number(row!.head)).toBe(Number(row!.max));
  });
});

describe('lifecycles that end', () => {
  it('every process that reached its end is published ending there, across the whole shared database', async () => {
    // The list first, then the bulk file: a process in an end state in the list had its release committed
    // with that change, so the bulk read after it holds it. End states never change again.
    const live = new Map<string, { kind: string; status: string }>();
    for (let page = 1; ; page++) {
      const res = (await pub().get(`/api/ocds/processes?pageSize=200&page=${page}`)).json();
      for (const p of res.items as { kind: string; ocid: string; status: string }[]) live.set(p.ocid, p);
      if (page * 200 >= res.total) break;
    }
    const records = (await pub().get('/api/ocds/bulk/records.json')).json().records as {
      ocid: string;
      compiledRelease: {
        tender: { status: string; lots?: { status: string }[] };
        awards?: { status: string }[];
        contracts?: { status: string }[];
      };
    }[];
    const expected: Record<string, Record<string, string>> = {
      tender: { contracted: 'complete', cancelled: 'cancelled', failed: 'unsuccessful' },
      quotation: { awarded: 'complete', cancelled: 'cancelled', failed: 'unsuccessful' },
      auction: { paid: 'complete', sold: 'complete', defaulted: 'complete', failed: 'unsuccessful' },
    };
    const wrong: string[] = [];
    let checked = 0;
    for (const { ocid, compiledRelease: c } of records) {
      const p = live.get(ocid);
      if (!p) continue;
      const want = expected[p.kind]?.[p.status];
      if (want) {
        checked++;
        if (c.tender.status !== want) wrong.push(`${ocid} ${p.kind} ${p.status}: tender ${c.tender.status}`);
        if (p.status === 'cancelled' && c.tender.lots?.some((l) => !['cancelled', 'complete'].includes(l.status)))
          wrong.push(`${ocid} cancelled with a lot still open`);
      }
      if (p.kind === 'order' && p.status === 'settled' && c.contracts?.[0]?.status !== 'terminated') wrong.push(`${ocid} settled order`);
      if (p.kind === 'order' && p.status === 'cancelled' && c.contracts?.[0]?.status !== 'cancelled') wrong.push(`${ocid} cancelled order`);
      // Refused at delivery acceptance (验收不合格): the signed contract ended, not left active.
      if (p.kind === 'order' && p.status === 'rejected' && c.contracts?.[0]?.status !== 'terminated') wrong.push(`${ocid} rejected order`);
      if (p.kind === 'auction' && p.status === 'defaulted' && c.awards?.[0]?.status !== 'cancelled') wrong.push(`${ocid} defaulted award`);
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(0);
  });

  it("every release a published process's state yields was published with its change, across the whole shared database", async () => {
    // Each change records its release in its own transaction: whatever other files have committed by now,
    // the store holds every release their processes' rows yield (npm run check:consistency's ocds.releases-recorded).
    expect(await releasesNotRecorded(ctx.database.db)).toEqual([]);
  });
});

describe('list exports', () => {
  it("exports the caller's list with its filters as CSV and XLSX, amounts in yuan", async () => {
    const csv = await purchaser.http.get(`/api/export?path=${encodeURIComponent('/api/orders?status=settled')}&format=csv`);
    expect(csv.statusCode, csv.body).toBe(200);
    const rows = await readTable(csv.rawPayload);
    expect(rows).toHaveLength(2); // the settled order and the quotation's
    expect(rows.map((r) => r['订单编号'])).toEqual(expect.arrayContaining([expect.stringMatching(/^DD/)]));
    expect(rows.some((r) => r['金额（元）'] === '13000.00')).toBe(true);
    const xlsx = await purchaser.http.get(`/api/export?path=${encodeURIComponent('/api/orders')}&format=xlsx&filename=我的订单`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain(encodeURIComponent('我的订单.xlsx'));
    expect(await readTable(xlsx.rawPayload)).toHaveLength(4);
    // An empty list still has its header row, from the list's own response schema.
    const none = await purchaser.http.get(`/api/export?path=${encodeURIComponent('/api/orders?q=ZZ-NO-SUCH-ORDER')}&format=csv`);
    expect(none.statusCode, none.body).toBe(200);
    const text = none.rawPayload.toString('utf8').replace(/^\uFEFF/, '');
    expect(text.split('\r\n')[0]).toContain('订单编号');
    expect(text.trim().split('\r\n')).toHaveLength(1);
  });

  it('writes text as text: a formula-looking cell is guarded in CSV and kept as typed in XLSX', async () => {
    const columns = [{ key: 'note', label: '备注' }];
    const rows = [{ note: '=HYPERLINK("http://evil","x")' }];
    expect(writeCsv(columns, rows).toString('utf8')).toContain(`"'=HYPERLINK(""http://evil"",""x"")"`);
    const sheet = await readTable(await writeXlsx('t', columns, rows));
    expect(sheet[0]!['备注']).toBe('=HYPERLINK("http://evil","x")');
  });

  it('refuses what the caller may not list, and paths that are not lists', async () => {
    const supplier = await actor(ctx.app, ctx.database.db, 'supplier');
    expect((await supplier.http.get(`/api/export?path=${encodeURIComponent('/api/risk/alerts')}`)).statusCode).toBe(403);
    expect((await pub().get(`/api/export?path=${encodeURIComponent('/api/orders')}`)).statusCode).toBe(401);
    const notList = await purchaser.http.get(`/api/export?path=${encodeURIComponent('/api/auth/me')}`);
    expect(notList.statusCode).toBe(400);
    expect(notList.json().errors ?? notList.json().fields ?? notList.body).toBeTruthy();
    expect((await purchaser.http.get(`/api/export?path=${encodeURIComponent('https://evil.example/x')}`)).statusCode).toBe(400);
    expect((await purchaser.http.get(`/api/export?path=${encodeURIComponent('/api/export?path=/api/orders')}`)).statusCode).toBe(400);
  });

  it('public lists export without a login', async () => {
    const res = await pub().get(`/api/export?path=${encodeURIComponent('/api/ocds/processes?kind=auction')}&format=csv`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('丰田 考斯特');
  });
});
