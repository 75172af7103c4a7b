import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { experts, tenderClocks, tenderFinalOffers, tenderProcedures, users } from '../../server/db/schema/index.ts';
import { DEMO_PASSWORD } from '../../server/modules/demo/demo-data.ts';
import { roundJobs } from '../../server/modules/tenders/tenders.procedures.ts';
import { tenderJobs } from '../../server/modules/tenders/tenders.service.ts';
import { client, login, type TestContext } from '../helpers/context.ts';
import { actor, createOrg, createUser, TEST_PASSWORD, type Actor } from '../helpers/factories.ts';
import { runDueJob } from '../helpers/jobs.ts';
import {
  drawCommittee,
  insertExpert,
  intentionExempt,
  passReviews,
  passTenderDeadline,
  procurementContext,
  signReport,
  supplierClient,
} from '../helpers/procurement.ts';

let ctx: TestContext;
let center: Actor;
let unitId: string;
let purchaser: Actor;
const token = `r${randomBytes(3).toString('hex')}`;
type Http = ReturnType<typeof client>;

beforeAll(async () => {
  ({ ctx, center } = await procurementContext());
  const unit = await createOrg(ctx.database.db, 'purchasing_unit');
  unitId = unit.id;
  purchaser = await actor(ctx.app, ctx.database.db, 'purchaser', unit.id);
  for (let i = 0; i < 7; i++) await insertExpert(ctx, token, { specialties: ['A02'] });
});
afterAll(() => ctx.close());

const tenderBody = (methodCode: string, lot: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  title: `${token} ${methodCode} 服务器采购`,
  methodCode,
  ...intentionExempt,
  purchaserOrgId: unitId,
  kind: 'goods',
  categoryCode: 'A02010104',
  description: '机房服务器',
  documents: '第一章 谈判邀请……第二章 采购需求：机房服务器十台，详见技术参数……',
  deadline: new Date(Date.now() + 14 * 86_400_000).toISOString(),
  smeExemptReason: '标准化通用设备',
  lots: [
    {
      name: '服务器',
      budgetFen: 300_000_000,
      items: [{ name: '服务器', quantity: 10, unit: '台' }],
      evaluationMethod: 'lowest_price',
      smeReserved: false,
      smeDeductionRate: '0.10',
      ...lot,
    },
  ],
  ...extra,
});

async function expertClient(expertId: string) {
  const [e] = await ctx.database.db.select().from(experts).where(eq(experts.id, expertId));
  if (e!.userId) {
    const [u] = await ctx.database.db.select().from(users).where(eq(users.id, e!.userId));
    for (const password of [TEST_PASSWORD, DEMO_PASSWORD]) {
      try {
        return client(ctx.app, await login(ctx.app, u!.username, password));
      } catch {
        // the other password
      }
    }
  }
  const user = await createUser(ctx.database.db, (await createOrg(ctx.database.db, 'procurement_center')).id, ['expert']);
  await ctx.database.db.update(experts).set({ userId: user.id }).where(eq(experts.id, expertId));
  return client(ctx.app, await login(ctx.app, user.username, TEST_PASSWORD));
}

/** Publishes, takes first responses from `n` suppliers at these prices, opens them and seats the group. */
async function negotiatedTender(methodCode: string, prices: number[], lot: Record<string, unknown> = {}) {
  const created = await center.http.post('/api/tenders', tenderBody(methodCode, lot));
  expect(created.statusCode, created.body).toBe(201);
  const t = created.json();
  expect((await center.http.post(`/api/tenders/${t.id}/publish`)).statusCode).toBe(200);
  const lotId: string = t.lots[0].id;
  const suppliers: { org: { id: string }; http: Http }[] = [];
  for (const [i, price] of prices.entries()) {
    const s = await supplierClient(ctx, {
      sizeClass: 'large',
      name: `${token}${methodCode}供应商${i}`,
      legalRepresentative: `${token}${methodCode}${i}`,
    });
    const res = await s.http.send('PUT', `/api/tenders/${t.id}/bids`, {
      lotId,
      priceFen: price,
      brand: `${token}${methodCode}牌${i}`,
      technicalResponse: '首次响应',
    });
    expect(res.statusCode, res.body).toBe(200);
    suppliers.push(s);
  }
  return { t, lotId, suppliers };
}

async function seatGroup(tenderId: string) {
  const seats: { id: string; expertId: string }[] = (await drawCommittee(center, tenderId)).seats;
  const clients = [];
  for (const seat of seats) {
    const http = await expertClient(seat.expertId);
    expect((await http.post(`/api/tender-experts/${seat.id}/confirm`)).statusCode).toBe(200);
    clients.push({ seat, http });
  }
  return clients;
}

async function passFinalDeadline(tenderId: string) {
  await ctx.database.db
    .update(tenderProcedures)
    .set({ finalOfferDeadline: sql`now() - interval '1 second'` })
    .where(eq(tenderProcedures.tenderId, tenderId));
  await runDueJob(ctx, roundJobs.openFinalOffers, tenderId);
}

describe('竞争性谈判 and 竞争性磋商: rounds and sealed final offers', () => {
  it(
    '[rule:tenders.stage-order] [rule:tenders.negotiation-changes-to-all] [rule:tenders.final-offer-sealed] runs two rounds with a change and a leaver to sealed final offers; lowest wins',
    { timeout: 180_000 },
    async () => {
      const { t, lotId, suppliers } = await negotiatedTender('negotiation', [290_000_000, 280_000_000, 285_000_000, 295_000_000]);
      const [a, b, c, d] = suppliers as [(typeof suppliers)[0], (typeof suppliers)[0], (typeof suppliers)[0], (typeof suppliers)[0]];
      // Stages from the method row; an action of a later stage is refused naming the current one.
      const proc0 = (await center.http.get(`/api/tenders/${t.id}/procedure`)).json();
      expect(proc0).toMatchObject({ stages: ['notice', 'responses', 'rounds', 'final_offers', 'evaluation', 'award'], stage: 'responses' });
      const early = await center.http.post(`/api/tenders/${t.id}/rounds/records`, { supplierId: a.org.id, notes: '第一轮' });
      expect(early.statusCode).toBe(409);
      expect(early.json().detail).toContain('responses');

      await passTenderDeadline(ctx, t.id);
      const group = await seatGroup(t.id);
      // The group reviews the first responses (qualification, compliance) before it negotiates.
      await passReviews(center, { http: group[0]!.http, seatId: group[0]!.seat.id }, t.id, lotId);
      expect((await center.http.post(`/api/tenders/${t.id}/evaluate`)).statusCode).toBe(409);
      for (const s of suppliers)
        expect(
          (
            await center.http.post(`/api/tenders/${t.id}/rounds/records`, {
              supplierId: s.org.id,
              notes: `第一轮：${s.org.id.slice(0, 4)} 技术澄清`,
            })
          ).statusCode,
        ).toBe(200);
      const change = await center.http.post(`/api/tenders/${t.id}/rounds/changes`, { text: '交货期由 30 日改为 20 日；质保期延长至 5 年' });
      expect(change.statusCode, change.body).toBe(200);
      expect(change.json().recipients.sort()).toEqual(suppliers.map((s) => s.org.id).sort());
      // Every remaining supplier has it in writing: a notice and on its page.
      for (const s of suppliers) {
        const mine = (await s.http.get(`/api/tenders/${t.id}/procedure`)).json();
        expect(mine.changes.map((x: { text: string }) => x.text)).toEqual(['交货期由 30 日改为 20 日；质保期延长至 5 年']);
        expect(mine.records.every((r: { supplierId: string }) => r.supplierId === s.org.id)).toBe(true);
        const notes = (await s.http.get('/api/notifications')).json();
        expect(JSON.stringify(notes)).toContain('谈判需求变更');
      }
      // d leaves between the rounds; round two is held with the three still in.
      expect((await d.http.post(`/api/tenders/${t.id}/rounds/withdraw`, { reason: '无法满足新的交货期' })).statusCode).toBe(200);
      expect((await center.http.post(`/api/tenders/${t.id}/rounds/records`, { supplierId: d.org.id, notes: '第二轮' })).statusCode).toBe(
        422,
      );
      for (const s of [a, b, c])
        expect(
          (await center.http.post(`/api/tenders/${t.id}/rounds/records`, { supplierId: s.org.id, notes: '第二轮：确认变更后的需求' }))
            .statusCode,
        ).toBe(200);
      const deadline = new Date(Date.now() + 2 * 86_400_000).toISOString();
      expect((await center.http.post(`/api/tenders/${t.id}/final-offers/deadline`, { deadline })).statusCode).toBe(200);

      expect((await d.http.send('PUT', `/api/tenders/${t.id}/final-offers`, { lotId, priceFen: 200_000_000 })).statusCode).toBe(409);
      const offers = new Map([
        [a, 270_000_000],
        [b, 275_000_000],
        [c, 268_000_000],
      ]);
      for (const [s, price] of offers) {
        const res = await s.http.send('PUT', `/api/tenders/${t.id}/final-offers`, { lotId, priceFen: price, note: '最后报价' });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json()).toMatchObject({ status: 'submitted', scheme: 'jicai-receipt-v2' });
        expect(res.body).not.toContain(String(price));
      }
      // Sealed until the deadline, for the center too: no price anywhere, no record.
      const before = await center.http.get(`/api/tenders/${t.id}/procedure`);
      expect(before.json()).toMatchObject({ stage: 'final_offers', finalRecord: null });
      for (const price of offers.values()) expect(before.body).not.toContain(String(price));
      const stored = await ctx.database.db.select().from(tenderFinalOffers).where(eq(tenderFinalOffers.tenderId, t.id));
      expect(stored.every((o) => o.priceFen === null && o.sealed && !o.sealed.includes('268000000'))).toBe(true);
      expect((await center.http.post(`/api/tenders/${t.id}/evaluate`)).statusCode).toBe(409);

      await passFinalDeadline(t.id);
      const after = (await client(ctx.app, null).get(`/api/public/tenders/${t.id}/procedure`)).json();
      expect(after.stage).toBe('evaluation');
      const rows = after.finalRecord as { supplierId: string; priceFen: number; rank: number | null; status: string }[];
      expect(rows.map((r) => [r.supplierId, r.priceFen, r.rank])).toEqual(
        expect.arrayContaining([
          [c.org.id, 268_000_000, 1],
          [a.org.id, 270_000_000, 2],
          [b.org.id, 275_000_000, 3],
        ]),
      );
      expect(rows).toHaveLength(3);
      const evaluated = await center.http.post(`/api/tenders/${t.id}/evaluate`);
      expect(evaluated.statusCode, evaluated.body).toBe(200);
      const ranking = evaluated.json().lots[0].report.ranking as { supplierId: string; priceFen: number }[];
      expect(ranking.map((r) => [r.supplierId, r.priceFen])).toEqual([
        [c.org.id, 268_000_000],
        [a.org.id, 270_000_000],
        [b.org.id, 275_000_000],
      ]);
      await signReport(
        group.map((g) => ({ http: g.http, seatId: g.seat.id })),
        lotId,
      );
      expect((await purchaser.http.post(`/api/tenders/${t.id}/lots/${lotId}/award`)).statusCode).toBe(200);
    },
  );

  it(
    '[rule:tenders.consultation-scoring] takes a 竞争性磋商 through rounds and final offers to a scored result',
    { timeout: 180_000 },
    async () => {
      const lot = { evaluationMethod: 'comprehensive', priceWeight: '0.30', criteria: [{ key: 'tech', name: '技术', weight: '0.70' }] };
      const weak = await center.http.post(
        '/api/tenders',
        tenderBody('consultation', { ...lot, priceWeight: '0.20', criteria: [{ key: 'tech', name: '技术', weight: '0.80' }] }),
      );
      expect(weak.statusCode).toBe(422);
      expect(weak.json().errors[0].field).toBe('lots[0].priceWeight');
      const { t, lotId, suppliers } = await negotiatedTender('consultation', [290_000_000, 280_000_000, 285_000_000], lot);
      await passTenderDeadline(ctx, t.id);
      const group = await seatGroup(t.id);
      await passReviews(center, { http: group[0]!.http, seatId: group[0]!.seat.id }, t.id, lotId);
      for (const s of suppliers)
        expect(
          (await center.http.post(`/api/tenders/${t.id}/rounds/records`, { supplierId: s.org.id, notes: '磋商第一轮' })).statusCode,
        ).toBe(200);
      const deadline = new Date(Date.now() + 2 * 86_400_000).toISOString();
      expect(
        (await center.http.post(`/api/tenders/${t.id}/final-offers/deadline`, { deadline, fewerSuppliersCase: 'nonsense' })).statusCode,
      ).toBe(422);
      expect((await center.http.post(`/api/tenders/${t.id}/final-offers/deadline`, { deadline })).statusCode).toBe(200);
      const prices = [270_000_000, 240_000_000, 250_000_000];
      for (const [i, s] of suppliers.entries())
        expect((await s.http.send('PUT', `/api/tenders/${t.id}/final-offers`, { lotId, priceFen: prices[i] })).statusCode).toBe(200);
      await passFinalDeadline(t.id);
      const bidsOf = (await center.http.get(`/api/tenders/${t.id}`)).json();
      void bidsOf;
      // Technical points: supplier 0 best (70), then 60, 50; price scores from the final offers (30 × lowest / price).
      const tech = ['70', '60', '50'];
      const proc = (await center.http.get(`/api/tenders/${t.id}/procedure`)).json();
      expect(proc.finalRecord).toHaveLength(3);
      const bidIds = await ctx.database.db.execute<{ id: string; supplier_id: string }>(
        sql`select id, supplier_id from jicai.bids where tender_id = ${t.id} and status = 'opened'`,
      );
      for (const { seat, http } of group) {
        const sheets = suppliers.map((s, i) => ({
          bidId: bidIds.rows.find((r) => r.supplier_id === s.org.id)!.id,
          points: { tech: tech[i]! },
          reasons: { tech: '技术响应与最后报价文件一致，按评分标准逐项打分' },
        }));
        const res = await http.send('PUT', `/api/tender-experts/${seat.id}/scores`, { lotId, sheets });
        expect(res.statusCode, res.body).toBe(200);
      }
      const evaluated = await center.http.post(`/api/tenders/${t.id}/evaluate`);
      expect(evaluated.statusCode, evaluated.body).toBe(200);
      const ranking = evaluated.json().lots[0].report.ranking as { supplierId: string; priceFen: number }[];
      // 0: 70 + 30 × 240/270 = 96.67; 1: 60 + 30 = 90; 2: 50 + 28.8 = 78.8.
      expect(ranking.map((r) => [r.supplierId, r.priceFen])).toEqual([
        [suppliers[0]!.org.id, 270_000_000],
        [suppliers[1]!.org.id, 240_000_000],
        [suppliers[2]!.org.id, 250_000_000],
      ]);
    },
  );
});

describe('单一来源: notice, objections, negotiation record', () => {
  async function singleSource(budgetFen = 300_000_000) {
    const s = await supplierClient(ctx, { sizeClass: 'large', name: `${token}唯一供应商${randomBytes(2).toString('hex')}` });
    const created = await center.http.post('/api/tenders', tenderBody('single_source', { budgetFen }, { invitedSupplierIds: [s.org.id] }));
    expect(created.statusCode, created.body).toBe(201);
    const t = created.json();
    expect((await center.http.post(`/api/tenders/${t.id}/publish`)).statusCode).toBe(422);
    const notice = await center.http.send('PUT', `/api/tenders/${t.id}/single-source/notice`, {
      reasons: '只能从唯一供应商处采购（专利技术）',
      proposedSupplierId: s.org.id,
    });
    expect(notice.statusCode, notice.body).toBe(200);
    expect((await center.http.post(`/api/tenders/${t.id}/publish`)).statusCode).toBe(200);
    return { t, lotId: t.lots[0].id as string, s };
  }

  it(
    '[rule:tenders.single-source-window] refuses negotiating before the 5-working-day window closes, then records the agreed price',
    { timeout: 120_000 },
    async () => {
      const { t, lotId, s } = await singleSource();
      const pub = (await client(ctx.app, null).get(`/api/public/tenders/${t.id}/procedure`)).json();
      expect(pub).toMatchObject({
        stage: 'notice_objections',
        singleSource: { reasons: '只能从唯一供应商处采购（专利技术）', windowOpen: true },
      });
      const input = { record: '就价格与交货期协商两次', agreedPriceFen: 250_000_000, priceReasons: '参照近三年同类成交价' };
      const tooEarly = await center.http.post(`/api/tenders/${t.id}/single-source/negotiation`, input);
      expect(tooEarly.statusCode).toBe(409);
      expect(tooEarly.json().detail).toContain('notice_objections');
      expect(
        (await s.http.send('PUT', `/api/tenders/${t.id}/bids`, { lotId, priceFen: 280_000_000, technicalResponse: '单一来源响应' }))
          .statusCode,
      ).toBe(200);
      // An objection in the window, answered not upheld.
      const other = await supplierClient(ctx);
      const obj = await other.http.post(`/api/tenders/${t.id}/objections`, { grounds: '我公司也能提供同类产品' });
      expect(obj.statusCode, obj.body).toBe(200);
      expect(
        (
          await center.http.post(`/api/tenders/${t.id}/objections/${obj.json().id}/answer`, {
            reply: '经核实不具备专利授权',
            upheld: false,
          })
        ).statusCode,
      ).toBe(200);
      // The response deadline passes, but the window still runs: still 409.
      await passTenderDeadline(ctx, t.id);
      const stillEarly = await center.http.post(`/api/tenders/${t.id}/single-source/negotiation`, input);
      expect(stillEarly.statusCode).toBe(409);
      expect(stillEarly.json().detail).toContain('notice_objections');
      const [clock] = await ctx.database.db
        .select()
        .from(tenderClocks)
        .where(eq(tenderClocks.tenderId, t.id))
        .then((r) => r.filter((c) => c.kind === 'objection_window'));
      await ctx.database.db
        .update(tenderClocks)
        .set({ due: sql`now() - interval '1 second'` })
        .where(eq(tenderClocks.id, clock!.id));
      await runDueJob(ctx, tenderJobs.clock, clock!.id);
      expect((await other.http.post(`/api/tenders/${t.id}/objections`, { grounds: '太晚了' })).statusCode).toBe(409);
      const done = await center.http.post(`/api/tenders/${t.id}/single-source/negotiation`, input);
      expect(done.statusCode, done.body).toBe(200);
      const evaluated = await center.http.post(`/api/tenders/${t.id}/evaluate`);
      expect(evaluated.statusCode, evaluated.body).toBe(200);
      expect(evaluated.json().lots[0].report.ranking[0]).toMatchObject({ supplierId: s.org.id, priceFen: 250_000_000 });
    },
  );

  it(
    '[rule:tenders.single-source-objection] an upheld objection moves the procurement to another method',
    { timeout: 60_000 },
    async () => {
      const { t } = await singleSource();
      const other = await supplierClient(ctx);
      const obj = await other.http.post(`/api/tenders/${t.id}/objections`, { grounds: '市场上至少有三家供应商可提供' });
      expect(obj.statusCode).toBe(200);
      // Only the unit and the center answer.
      expect(
        (
          await other.http.post(`/api/tenders/${t.id}/objections/${obj.json().id}/answer`, {
            reply: 'x成立',
            upheld: true,
            newMethodCode: 'open',
          })
        ).statusCode,
      ).toBe(403);
      expect(
        (await purchaser.http.post(`/api/tenders/${t.id}/objections/${obj.json().id}/answer`, { reply: '异议成立', upheld: true }))
          .statusCode,
      ).toBe(422);
      const ans = await purchaser.http.post(`/api/tenders/${t.id}/objections/${obj.json().id}/answer`, {
        reply: '经核实异议成立，改为公开招标',
        upheld: true,
        newMethodCode: 'open',
        newDeadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      });
      expect(ans.statusCode, ans.body).toBe(200);
      const moved = (await center.http.get(`/api/tenders/${t.id}`)).json();
      expect(moved).toMatchObject({ methodCode: 'open', status: 'draft' });
      const proc = (await center.http.get(`/api/tenders/${t.id}/procedure`)).json();
      expect(proc).toMatchObject({ stage: 'notice', methodChange: { from: 'single_source', to: 'open' } });
      expect((await other.http.get(`/api/tenders/${t.id}/procedure`)).statusCode).toBe(404);
      // Announced again under the open tender's rules: now bids, not a single-source notice.
      const again = await center.http.post(`/api/tenders/${t.id}/publish`);
      expect(again.statusCode, again.body).toBe(200);
      expect((await center.http.get(`/api/tenders/${t.id}/procedure`)).json()).toMatchObject({
        stage: 'bids',
        stages: ['notice', 'bids', 'opening', 'evaluation', 'award'],
      });
    },
  );
});
