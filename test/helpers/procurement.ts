import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { auctionLots, experts, quotations, scheduledJobs, tenders, type organizations } from '../../server/db/schema/index.ts';
import { auctionJobs } from '../../server/modules/auctions/auctions.service.ts';
import { quotationJobs } from '../../server/modules/quotations/quotations.service.ts';
import { tenderJobs } from '../../server/modules/tenders/tenders.service.ts';
import { postgresSearch } from '../../server/platform/search/postgres-search.ts';
import { createServices } from '../../server/services.ts';
import { client, createTestContext, login, type TestContext } from './context.ts';
import { actor, createBudgetLine, createOrg, createUser, TEST_PASSWORD, type Actor } from './factories.ts';
import { runDueJob, startJobWorkers, waitFor } from './jobs.ts';

/**
 * The setup that the quotation, tender, receipt and expert tests share: the parties, a published tender,
 * the deadlines passing, the committee drawn. Each file still names its rows with its own token, so files
 * running at once on the shared database never see each other's.
 */

/** The app on the run's database with every job's worker running, the services, and a center staff member. */
export async function procurementContext() {
  const ctx = await createTestContext();
  const services = createServices({ config: ctx.config, db: ctx.database.db, jobs: ctx.jobs, search: postgresSearch(ctx.database.db) });
  await startJobWorkers(ctx);
  const center = await actor(ctx.app, ctx.database.db, 'center_staff');
  return { ctx, services, center };
}

/** A supplier organization (with these columns) and a logged-in client of one of its users. */
export async function supplierClient(ctx: TestContext, org: Partial<typeof organizations.$inferInsert> = {}) {
  const created = await createOrg(ctx.database.db, 'supplier', org);
  const user = await createUser(ctx.database.db, created.id, ['supplier']);
  return { org: created, http: client(ctx.app, await login(ctx.app, user.username, TEST_PASSWORD)) };
}

/** A purchasing unit with one budget line of `budgetFen` and a logged-in purchaser of it. */
export async function unitWithLine(ctx: TestContext, budgetFen: number) {
  const org = await createOrg(ctx.database.db, 'purchasing_unit');
  const line = await createBudgetLine(ctx.database.db, org.id, budgetFen);
  const purchaser = await actor(ctx.app, ctx.database.db, 'purchaser', org.id);
  return { org, line, purchaser };
}

/**
 * 采购意向公开 (财库〔2020〕10号): a tender or quotation starts under an intention published ≥ 30 days earlier,
 * or a stated exemption. On the shared database the clock cannot move back, so the bodies below state the
 * circular's emergency exemption by default; a test on a database of its own publishes the intention first
 * (`publishIntention`, then moves the clock 30 days) and passes `{ intentionId, intentionExemption: undefined }`.
 */
export const intentionExempt = { intentionExemption: '因不可预见的原因急需开展的采购项目（测试）' } as const;

/** Publishes the unit's procurement intention through the API as its purchaser (201): the intention. */
export async function publishIntention(purchaser: Actor, extra: Record<string, unknown> = {}) {
  const res = await purchaser.http.post('/api/intentions', {
    itemName: '台式计算机',
    categoryCode: 'A02010104',
    budgetFen: 300_000_000,
    expectedMonth: '2026-06',
    smeReservation: 'none',
    description: '办公计算机更新，约 500 台',
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; publishedAt: string };
}

/** An online quotation's requirement as a unit posts it: a service, ceiling ¥60,000.00, deadline in 4 days. */
export const quotationRequirement = (token: string, budgetLineId: string, extra: Record<string, unknown> = {}) => ({
  title: `${token} 机房运维服务`,
  categoryCode: 'C1605',
  requirements: '信息机房 7×24 运行维护，含巡检与故障处理',
  quantity: 10,
  ceilingFen: 6_000_000,
  deliveryDays: 10,
  deliveryAddress: '北京市海淀区中关村大街 1 号',
  contactName: '张晓明',
  contactPhone: '010-62345678',
  budgetLineId,
  smeDeductionRate: '0.10',
  deadline: new Date(Date.now() + 4 * 86_400_000).toISOString(),
  ...intentionExempt,
  ...extra,
});

/** An open goods tender with one lowest-price lot, as center staff post it; `lot` and `extra` override fields. */
export const goodsTender = (
  purchaserOrgId: string,
  title: string,
  { lot = {}, ...extra }: { lot?: Record<string, unknown> } & Record<string, unknown> = {},
) => ({
  title,
  methodCode: 'open',
  purchaserOrgId,
  kind: 'goods',
  description: '办公计算机更新',
  documents: '第一章 投标邀请……第二章 采购需求……',
  deadline: new Date(Date.now() + 21 * 86_400_000).toISOString(),
  smeExemptReason: '采购标的为标准化通用设备，不宜专门面向中小企业',
  ...intentionExempt,
  lots: [
    {
      name: '台式计算机',
      budgetFen: 300_000_000,
      items: [{ name: '台式计算机', quantity: 500, unit: '台', specs: 'i5' }],
      evaluationMethod: 'lowest_price',
      smeReserved: false,
      smeDeductionRate: '0.10',
      bidBondFen: 0,
      ...lot,
    },
  ],
  ...extra,
});

/** Posts a tender (201) as center staff and publishes it (200): the published tender, open for bids. */
export async function publishTender(center: Actor, body: object) {
  const res = await center.http.post('/api/tenders', body);
  expect(res.statusCode, res.body).toBe(201);
  const pub = await center.http.post(`/api/tenders/${res.json().id}/publish`);
  expect(pub.statusCode, pub.body).toBe(200);
  return pub.json();
}

/**
 * Three suppliers bid on a published tender's lot, ¥2,800,000, ¥2,850,000 and ¥2,900,000 in that order, each of
 * its own brand (`${token}牌0…2`), none declaring SME: the lowest first. `name(i)` names the i-th supplier.
 */
export async function threeBidders(ctx: TestContext, tender: { id: string; lotId: string }, token: string, name: (i: number) => string) {
  const bidders: Awaited<ReturnType<typeof supplierClient>>[] = [];
  for (const [i, price] of [280_000_000, 285_000_000, 290_000_000].entries()) {
    const s = await supplierClient(ctx, { name: name(i) });
    const res = await s.http.send('PUT', `/api/tenders/${tender.id}/bids`, {
      lotId: tender.lotId,
      priceFen: price,
      brand: `${token}牌${i}`,
      technicalResponse: '完全响应采购需求',
      smeDeclared: false,
    });
    expect(res.statusCode, res.body).toBe(200);
    bidders.push(s);
  }
  return bidders;
}

/** An expert of the pool (named with the file's `token`); `values` set the specialties, the linked user, … */
export async function insertExpert(ctx: TestContext, token: string, values: Partial<typeof experts.$inferInsert> = {}) {
  const [e] = await ctx.database.db
    .insert(experts)
    .values({
      name: `${token}专家${randomBytes(2).toString('hex')}`,
      title: '高级工程师',
      employer: '某研究院',
      specialties: ['A02'],
      regionCode: '110000',
      ...values,
    })
    .returning();
  return e!;
}

/** The bid deadline passes: the tender's own deadline and its opening job move into the past; the job opens the bids. */
export async function passTenderDeadline(ctx: TestContext, tenderId: string) {
  await ctx.database.db
    .update(tenders)
    .set({ deadline: sql`now() - interval '1 second'` })
    .where(eq(tenders.id, tenderId));
  await runDueJob(ctx, tenderJobs.open, tenderId);
  // The bidders are told by the job the opening scheduled (when it had bidders): done too before this returns.
  const [notices] = await ctx.database.db
    .select({ id: scheduledJobs.id })
    .from(scheduledJobs)
    .where(eq(scheduledJobs.id, `${tenderJobs.openingNotices.name}:${tenderId}`));
  if (notices) await runDueJob(ctx, tenderJobs.openingNotices, tenderId);
  return (await ctx.database.db.select().from(tenders).where(eq(tenders.id, tenderId)))[0]!;
}

/** The quotation's deadline passes: its own deadline and its closing job move into the past; the job opens and ranks the quotes. */
export async function passQuotationDeadline(ctx: TestContext, quotationId: string) {
  await ctx.database.db
    .update(quotations)
    .set({ deadline: sql`now() - interval '1 second'` })
    .where(eq(quotations.id, quotationId));
  await runDueJob(ctx, quotationJobs.close, quotationId);
  return (await ctx.database.db.select().from(quotations).where(eq(quotations.id, quotationId)))[0]!;
}

/** A lot's end passes (for its closing job) or its payment deadline does: the job of that name runs. */
export async function passLotDeadline(
  ctx: TestContext,
  lotId: string,
  job: (typeof auctionJobs)[keyof typeof auctionJobs] = auctionJobs.close,
) {
  if (job === auctionJobs.close)
    await ctx.database.db
      .update(auctionLots)
      .set({ endsAt: sql`now() - interval '1 second'` })
      .where(eq(auctionLots.id, lotId));
  return runDueJob(ctx, job, lotId);
}

/** Asks for the committee's draw (202) and waits until the worker has recorded it, or its failure: the tender's experts view. */
export async function drawCommittee(center: Actor, tenderId: string) {
  const res = await center.http.post(`/api/tenders/${tenderId}/experts/draw`);
  expect(res.statusCode, res.body).toBe(202);
  return waitFor(
    async () => {
      const body = (await center.http.get(`/api/tenders/${tenderId}/experts`)).json();
      return (body.draw || body.drawFailure) && body;
    },
    { what: `the expert draw of ${tenderId}`, intervalMs: 50 },
  );
}

type Http = ReturnType<typeof client>;

/**
 * 资格性审查 by the running center, then 符合性审查 by a seated, confirmed member: every bid still standing
 * in the lot passes both.
 */
export async function passReviews(center: Actor, member: { http: Http; seatId: string }, tenderId: string, lotId: string) {
  const reviews: { bidId: string; lotId: string; status: string; qualification: unknown }[] = (
    await center.http.get(`/api/tenders/${tenderId}/reviews`)
  ).json();
  const standing = reviews.filter((r) => r.lotId === lotId && r.status === 'opened');
  const q = await center.http.send('PUT', `/api/tenders/${tenderId}/qualification`, {
    lotId,
    results: standing.map((r) => ({ bidId: r.bidId, passed: true })),
  });
  expect(q.statusCode, q.body).toBe(200);
  const c = await member.http.send('PUT', `/api/tender-experts/${member.seatId}/compliance`, {
    lotId,
    results: standing.map((r) => ({ bidId: r.bidId, passed: true })),
  });
  expect(c.statusCode, c.body).toBe(200);
}

/** Every member signs the lot's report, agreeing. */
export async function signReport(members: { http: Http; seatId: string }[], lotId: string) {
  for (const m of members) {
    const res = await m.http.post(`/api/tender-experts/${m.seatId}/sign`, { lotId, agrees: true });
    expect(res.statusCode, res.body).toBe(200);
  }
}

/** For tests that put a tender in evaluation without a committee: both reviews recorded as passed for every opened bid. */
export async function recordReviewsPassed(ctx: TestContext, tenderId: string) {
  await ctx.database.db.execute(sql`
    insert into jicai.bid_reviews (tender_id, lot_id, bid_id, stage, passed)
    select b.tender_id, b.lot_id, b.id, s.stage, true
    from jicai.bids b cross join (values ('qualification'), ('compliance')) s(stage)
    where b.tender_id = ${tenderId} and b.status = 'opened'
    on conflict do nothing`);
}

/**
 * 竞买登记 and 登记到账: the bidder registers with its deposit reference, then center staff record the bank
 * receipt of exactly the lot's deposit (received at the database clock's now), so the bidder may bid.
 */
export async function registerWithDeposit(bidder: Http, center: Http, lotId: string, depositRef: string) {
  const reg = await bidder.post(`/api/auctions/${lotId}/register`, { depositRef });
  expect(reg.statusCode, reg.body).toBe(201);
  const { registrationId, depositFen, depositStatus } = reg.json() as { registrationId: string; depositFen: number; depositStatus: string };
  if (depositStatus === 'pending') {
    const { serverTime } = (await bidder.get(`/api/public/auctions/${lotId}`)).json() as { serverTime: string };
    const paid = await center.post(`/api/auctions/registrations/${registrationId}/deposit`, {
      amountFen: depositFen,
      bankRef: `YH${depositRef}`.slice(0, 60),
      receivedAt: serverTime,
    });
    expect(paid.statusCode, paid.body).toBe(200);
  }
  return reg.json() as { registrationId: string; bidderCode: string; depositFen: number };
}

/** A regulator's credit event on a supplier naming a process by `sourceRef` (POST /api/credit/events's body). */
export const creditEventBody = (supplierId: string, sourceRef: string, title = '提供虚假材料') => ({
  supplierId,
  source: 'regulator_penalty',
  severity: 'minor',
  title,
  description: '经核查属实。',
  sourceRef,
});
