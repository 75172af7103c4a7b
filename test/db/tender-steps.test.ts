import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { experts, users } from '../../server/db/schema/index.ts';
import { DEMO_PASSWORD } from '../../server/modules/demo/demo-data.ts';
import { client, login, type TestContext } from '../helpers/context.ts';
import { actor, createOrg, createUser, TEST_PASSWORD, type Actor } from '../helpers/factories.ts';
import { drawCommittee, insertExpert, intentionExempt, passTenderDeadline, procurementContext } from '../helpers/procurement.ts';

/**
 * One 公开招标 through the steps the law adds between the opening and the contract (#22 item 4): the 品目 that
 * drives the draw, the reviews after the opening (a reserved lot's undeclared bid fails), same-brand bids
 * marked, the committee signing the report, the award notice and each bidder's 中标 / 未中标.
 */

let ctx: TestContext;
let center: Actor;
let purchaser: Actor;
const token = `s${randomBytes(3).toString('hex')}`;
type Http = ReturnType<typeof client>;
const CODE = 'A02010104';
let tenderId = '';
let lotId = '';
const bidders: Record<string, { id: string; name: string; http: Http }> = {};
let members: { http: Http; seatId: string; expertId: string }[] = [];
const mine: Record<string, string> = {};

/** A logged-in client for a drawn expert: its own account, or a new one linked to it. */
async function expertClient(expertId: string) {
  const [e] = await ctx.database.db.select().from(experts).where(eq(experts.id, expertId));
  if (e!.userId) {
    const [u] = await ctx.database.db.select().from(users).where(eq(users.id, e!.userId));
    for (const password of [TEST_PASSWORD, DEMO_PASSWORD]) {
      try {
        return client(ctx.app, await login(ctx.app, u!.username, password));
      } catch {
        // try the other password
      }
    }
  }
  const user = await createUser(ctx.database.db, (await createOrg(ctx.database.db, 'procurement_center')).id, ['expert']);
  await ctx.database.db.update(experts).set({ userId: user.id }).where(eq(experts.id, expertId));
  return client(ctx.app, await login(ctx.app, user.username, TEST_PASSWORD));
}

const tenderBody = (lot: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  title: `${token} 办公计算机采购`,
  methodCode: 'open',
  ...intentionExempt,
  purchaserOrgId: purchaser.orgId,
  kind: 'goods',
  categoryCode: CODE,
  documents: '第一章 投标邀请……第二章 采购需求：台式计算机……第三章 最低评标价法……',
  deadline: new Date(Date.now() + 21 * 86_400_000).toISOString(),
  lots: [
    {
      name: '台式计算机（专门面向小微企业）',
      categoryCode: CODE,
      budgetFen: 200_000_000,
      items: [{ name: '台式计算机', quantity: 300, unit: '台', specs: 'i5/16G/512G' }],
      evaluationMethod: 'lowest_price',
      smeReserved: true,
      smallMicroOnly: true,
      smeDeductionRate: '0.10',
      ...lot,
    },
  ],
  ...extra,
});

beforeAll(async () => {
  ({ ctx, center } = await procurementContext());
  const unit = await createOrg(ctx.database.db, 'purchasing_unit');
  purchaser = await actor(ctx.app, ctx.database.db, 'purchaser', unit.id);
  // The pool: computer experts, and a vehicles and a furniture expert who must never be drawn for computers.
  for (let i = 0; i < 5; i++) mine[`pc${i}`] = (await insertExpert(ctx, token, { specialties: [i === 0 ? 'A0201' : CODE] })).id;
  mine.vehicles = (await insertExpert(ctx, token, { specialties: ['A0203'] })).id;
  mine.furniture = (await insertExpert(ctx, token, { specialties: ['A0501'] })).id;
  const created = await center.http.post('/api/tenders', tenderBody());
  expect(created.statusCode, created.body).toBe(201);
  tenderId = created.json().id;
  lotId = created.json().lots[0].id;
  expect((await center.http.post(`/api/tenders/${tenderId}/publish`)).statusCode).toBe(200);
  // Two bid 清华同方 (one supplier for the count), one 联想, one 浪潮, and one small firm without its 中小企业声明函.
  for (const [key, brand, price, declared] of [
    ['tongfang1', '清华同方', 180_000_000, true],
    ['tongfang2', '清华同方', 182_000_000, true],
    ['lenovo', '联想', 185_000_000, true],
    ['inspur', '浪潮', 190_000_000, true],
    ['undeclared', '华为', 170_000_000, false],
  ] as const) {
    const org = await createOrg(ctx.database.db, 'supplier', {
      sizeClass: 'small',
      name: `${token}${key}科技有限公司`,
      legalRepresentative: `${token}${key}`,
    });
    const user = await createUser(ctx.database.db, org.id, ['supplier']);
    const http = client(ctx.app, await login(ctx.app, user.username, TEST_PASSWORD));
    const res = await http.send('PUT', `/api/tenders/${tenderId}/bids`, {
      lotId,
      priceFen: price,
      brand,
      technicalResponse: '完全响应采购需求',
      smeDeclared: declared,
    });
    expect(res.statusCode, res.body).toBe(200);
    bidders[key] = { id: org.id, name: org.name, http };
  }
  await passTenderDeadline(ctx, tenderId);
}, 120_000);
afterAll(() => ctx.close());

describe('the tender steps between the opening and the contract', () => {
  it('takes only 品目 of the categories reference, on the tender and each lot [rule:tenders.category-code]', async () => {
    const unknown = await center.http.post('/api/tenders', tenderBody({}, { categoryCode: 'A0299999' }));
    expect(unknown.statusCode).toBe(422);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect(unknown.json().errors[0].field).toBe('categoryCode');
    const lot = await center.http.post('/api/tenders', tenderBody({ categoryCode: 'A0299998' }));
    expect(lot.statusCode).toBe(422);
    expect(lot.json().errors[0].field).toBe('lots[0].categoryCode');
    const services = await center.http.post('/api/tenders', tenderBody({ categoryCode: 'C1605' }));
    expect(services.json().errors[0].field).toBe('lots[0].categoryCode');
    const t = (await client(ctx.app, null).get(`/api/public/tenders/${tenderId}`)).json();
    expect(t).toMatchObject({ categoryCode: CODE, categoryName: '台式计算机', lots: [{ categoryCode: CODE, categoryName: '台式计算机' }] });
    // OCDS classifies the items by the real code and name.
    const record = (await client(ctx.app, null).get(`/api/ocds/tenders/${tenderId}/record`)).json();
    const items = record.records[0].compiledRelease.tender.items;
    expect(items[0].classification).toEqual({ scheme: 'CN-GPC', id: CODE, description: '台式计算机' });
  });

  it('fails a reserved lot’s bid without the SME declaration and marks same-brand bids at the opening [rule:tenders.reserved-lot-declaration] [rule:tenders.same-brand-marked]', async () => {
    const t = (await client(ctx.app, null).get(`/api/public/tenders/${tenderId}`)).json();
    const row = (key: string) => t.openingRecord.find((r: { supplierId: string }) => r.supplierId === bidders[key]!.id);
    expect(row('undeclared')).toMatchObject({ status: 'rejected', statusNote: expect.stringContaining('未提供中小企业声明函') });
    expect(row('tongfang1')).toMatchObject({ status: 'opened', sameBrand: '清华同方' });
    expect(row('tongfang2')).toMatchObject({ status: 'opened', sameBrand: '清华同方' });
    expect(row('lenovo')).toMatchObject({ status: 'opened', sameBrand: null });
    // Four valid bids, three suppliers for the count.
    expect(t.resultNote).toContain('第 1 包：有效投标 3 家（同品牌「清华同方」投标 2 份，按一家计）');
    expect(t.invalidBids).toEqual([
      expect.objectContaining({
        supplierId: bidders.undeclared!.id,
        stage: 'compliance',
        reason: expect.stringContaining('符合性审查不通过'),
      }),
    ]);
    const reviews = (await center.http.get(`/api/tenders/${tenderId}/reviews`)).json();
    expect(reviews.find((r: { supplierName: string }) => r.supplierName === bidders.undeclared!.name).compliance).toEqual({
      passed: false,
      reason: expect.stringContaining('中小企业声明函'),
      automatic: true,
    });
    expect((await bidders.lenovo!.http.get(`/api/tenders/${tenderId}/reviews`)).statusCode).toBe(403);
  });

  it(
    'draws only experts whose specialty is the lot’s 品目 or an ancestor of it [rule:tenders.expert-specialty]',
    { timeout: 60_000 },
    async () => {
      const drawn = await drawCommittee(center, tenderId);
      expect(drawn.draw.specialty).toBe(CODE);
      expect(drawn.draw.candidates).not.toContain(mine.vehicles);
      expect(drawn.draw.candidates).not.toContain(mine.furniture);
      for (let i = 0; i < 5; i++) expect(drawn.draw.candidates).toContain(mine[`pc${i}`]);
      const seated = await ctx.database.db.select().from(experts);
      for (const seat of drawn.seats) {
        const e = seated.find((x) => x.id === seat.expertId)!;
        expect(e.specialties.some((s) => CODE.startsWith(s))).toBe(true);
      }
      members = [];
      for (const seat of drawn.seats) {
        const http = await expertClient(seat.expertId);
        expect((await http.post(`/api/tender-experts/${seat.id}/confirm`)).statusCode).toBe(200);
        members.push({ http, seatId: seat.id, expertId: seat.expertId });
      }
    },
  );

  it('reviews before the report: qualification, then compliance; a failed bid is 无效投标, not ranked [rule:tenders.review-before-scoring]', async () => {
    const [chair] = members;
    const url = `/api/tender-experts/${chair!.seatId}/compliance`;
    const standing = ['tongfang1', 'tongfang2', 'lenovo', 'inspur'];
    const bidIds = Object.fromEntries(
      ((await center.http.get(`/api/tenders/${tenderId}/reviews`)).json() as { bidId: string; supplierName: string }[]).map((r) => [
        Object.keys(bidders).find((k) => bidders[k]!.name === r.supplierName)!,
        r.bidId,
      ]),
    );
    // No report and no compliance review before the qualification review.
    expect((await center.http.post(`/api/tenders/${tenderId}/evaluate`)).statusCode).toBe(409);
    const early = await chair!.http.send('PUT', url, { lotId, results: standing.map((k) => ({ bidId: bidIds[k], passed: true })) });
    expect(early.statusCode).toBe(409);
    const noReason = await purchaser.http.send('PUT', `/api/tenders/${tenderId}/qualification`, {
      lotId,
      results: standing.map((k) => ({ bidId: bidIds[k], passed: k !== 'inspur' })),
    });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().errors[0].field).toBe('results[3].reason');
    const q = await purchaser.http.send('PUT', `/api/tenders/${tenderId}/qualification`, {
      lotId,
      results: standing.map((k) => ({ bidId: bidIds[k], passed: true })),
    });
    expect(q.statusCode, q.body).toBe(200);
    // The committee fails one 清华同方 bid: its technical response does not meet a substantive requirement.
    // (Failing 浪潮 instead would leave two suppliers for the count and fail the lot: tender-contract.test.ts.)
    const c = await chair!.http.send('PUT', url, {
      lotId,
      results: standing.map((k) => ({
        bidId: bidIds[k],
        passed: k !== 'tongfang2',
        reason: k === 'tongfang2' ? '未响应第二章第 3 项实质性要求' : undefined,
      })),
    });
    expect(c.statusCode, c.body).toBe(200);
    const evaluated = await center.http.post(`/api/tenders/${tenderId}/evaluate`);
    expect(evaluated.statusCode, evaluated.body).toBe(200);
    const lot = evaluated.json().lots[0];
    expect(lot.report.ranking.map((r: { supplierId: string }) => r.supplierId)).toEqual(
      ['tongfang1', 'lenovo', 'inspur'].map((k) => bidders[k]!.id),
    );
    expect(lot.invalidBids).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ supplierName: bidders.undeclared!.name, stage: 'compliance' }),
        expect.objectContaining({
          supplierName: bidders.tongfang2!.name,
          stage: 'compliance',
          reason: '符合性审查不通过：未响应第二章第 3 项实质性要求',
        }),
      ]),
    );
    expect(lot.invalidBids).toHaveLength(2);
  });

  it('is final only once every member has signed; dissent needs reasons [rule:tenders.report-signed]', async () => {
    const award = () => purchaser.http.post(`/api/tenders/${tenderId}/lots/${lotId}/award`);
    expect((await award()).statusCode).toBe(409);
    const [first, ...rest] = members;
    const bare = await first!.http.post(`/api/tender-experts/${first!.seatId}/sign`, { lotId, agrees: false });
    expect(bare.statusCode).toBe(422);
    expect(bare.json().errors[0].field).toBe('dissent');
    expect(
      (
        await first!.http.post(`/api/tender-experts/${first!.seatId}/sign`, {
          lotId,
          agrees: false,
          dissent: '认为同品牌投标应只取报价最低者参加评审',
        })
      ).statusCode,
    ).toBe(200);
    for (const m of rest.slice(0, -1))
      expect((await m.http.post(`/api/tender-experts/${m.seatId}/sign`, { lotId, agrees: true })).statusCode).toBe(200);
    expect((await award()).statusCode).toBe(409);
    const last = rest.at(-1)!;
    expect((await last.http.post(`/api/tender-experts/${last.seatId}/sign`, { lotId, agrees: true })).statusCode).toBe(200);
    const report = (await center.http.get(`/api/tenders/${tenderId}/evaluation-report`)).json().lots[0];
    expect(report.signing).toMatchObject({ required: members.length, final: true });
    expect(report.signing.signatures[0]).toMatchObject({ expert: expect.stringMatching(/^评审专家 \d$/), agrees: false });
    const awarded = await award();
    expect(awarded.statusCode, awarded.body).toBe(200);
  });

  it('publishes the award notice with winner, amount and committee; each bidder sees 中标 or 未中标 [rule:tenders.award-notice-content]', async () => {
    const t = (await client(ctx.app, null).get(`/api/public/tenders/${tenderId}`)).json();
    const names = (await ctx.database.db.select().from(experts)).filter((e) => members.some((m) => m.expertId === e.id)).map((e) => e.name);
    expect(t.awardNotice).toMatchObject({
      publishedAt: expect.any(String),
      ocdsUrl: `/api/ocds/tenders/${tenderId}/record`,
      lots: [
        { lotNo: 1, supplierName: bidders.tongfang1!.name, amountFen: 180_000_000, summary: expect.stringContaining('无效投标 2 份') },
      ],
    });
    expect([...t.awardNotice.committee].sort()).toEqual([...names].sort());
    const outcome = async (key: string) => (await bidders[key]!.http.get(`/api/tenders/${tenderId}/bids/mine`)).json()[0].outcome;
    expect(await outcome('tongfang1')).toBe('won');
    expect(await outcome('lenovo')).toBe('lost');
    expect(await outcome('undeclared')).toBe('lost');
    // 中标通知书 to the winner, 中标结果通知书 to the others: each reads its own; an outsider gets nothing.
    const letter = `/api/tenders/${tenderId}/lots/${lotId}/result-letter.pdf`;
    const won = await bidders.tongfang1!.http.get(letter);
    expect(won.statusCode, won.body.slice(0, 200)).toBe(200);
    expect(won.headers['content-disposition']).toContain(encodeURIComponent('中标通知书'));
    const lost = await bidders.lenovo!.http.get(letter);
    expect(lost.headers['content-disposition']).toContain(encodeURIComponent('中标结果通知书'));
    expect(lost.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await purchaser.http.get(letter)).statusCode).toBe(200);
    expect((await (await actor(ctx.app, ctx.database.db, 'supplier')).http.get(letter)).statusCode).toBe(404);
  });
});
