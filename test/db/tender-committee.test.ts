import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { experts, users } from '../../server/db/schema/index.ts';
import { DEMO_PASSWORD } from '../../server/modules/demo/demo-data.ts';
import { client, login, type TestContext } from '../helpers/context.ts';
import { actor, createOrg, createUser, TEST_PASSWORD, type Actor } from '../helpers/factories.ts';
import {
  drawCommittee,
  goodsTender,
  insertExpert,
  passReviews,
  passTenderDeadline,
  procurementContext,
  publishTender,
  signReport,
} from '../helpers/procurement.ts';

/**
 * The committee's own record (#22 item 4): per-criterion reasons on the score sheets (评分理由), shown in the
 * report by seat pseudonym. One comprehensive lot, three bids, a committee of five.
 */

let ctx: TestContext;
let center: Actor;
let purchaser: Actor;
const token = `c${randomBytes(3).toString('hex')}`;
type Http = ReturnType<typeof client>;
const CODE = 'A080602';
let tenderId = '';
let lotId = '';
const bidIds: string[] = [];
const supplierNames: string[] = [];

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

beforeAll(async () => {
  ({ ctx, center } = await procurementContext());
  const unit = await createOrg(ctx.database.db, 'purchasing_unit');
  purchaser = await actor(ctx.app, ctx.database.db, 'purchaser', unit.id);
  for (let i = 0; i < 6; i++) await insertExpert(ctx, token, { specialties: [CODE] });
  const t = await publishTender(
    center,
    goodsTender(purchaser.orgId, `${token} 会议室设备采购`, {
      categoryCode: CODE,
      lot: {
        name: '会议室设备',
        categoryCode: CODE,
        evaluationMethod: 'comprehensive',
        priceWeight: '0.30',
        criteria: [
          { key: 'tech', name: '技术', weight: '0.50' },
          { key: 'service', name: '服务', weight: '0.20' },
        ],
      },
    }),
  );
  tenderId = t.id;
  lotId = t.lots[0].id;
  for (const [i, price] of [280_000_000, 285_000_000, 290_000_000].entries()) {
    const org = await createOrg(ctx.database.db, 'supplier', { sizeClass: 'large', name: `${token}投标人${i}有限公司` });
    const user = await createUser(ctx.database.db, org.id, ['supplier']);
    const http = client(ctx.app, await login(ctx.app, user.username, TEST_PASSWORD));
    const res = await http.send('PUT', `/api/tenders/${tenderId}/bids`, { lotId, priceFen: price, technicalResponse: '完全响应采购需求' });
    expect(res.statusCode, res.body).toBe(200);
    supplierNames.push(org.name);
  }
  await passTenderDeadline(ctx, tenderId);
}, 120_000);
afterAll(() => ctx.close());

describe('the committee’s record', () => {
  const members: { http: Http; seatId: string }[] = [];

  it('seats a committee of five who declare no conflict and review compliance', { timeout: 60_000 }, async () => {
    const drawn = await drawCommittee(center, tenderId);
    expect(drawn.seats).toHaveLength(5);
    for (const seat of drawn.seats) {
      const http = await expertClient(seat.expertId);
      expect((await http.post(`/api/tender-experts/${seat.id}/confirm`)).statusCode).toBe(200);
      members.push({ http, seatId: seat.id });
    }
    await passReviews(center, members[0]!, tenderId, lotId);
    const sheet = (await members[0]!.http.get(`/api/tender-experts/${members[0]!.seatId}/sheet`)).json();
    bidIds.push(...sheet.lots[0].bids.map((b: { bidId: string }) => b.bidId));
    expect(bidIds).toHaveLength(3);
  });

  it('refuses a score sheet that names one bid twice, naming sheets', async () => {
    const [first] = members;
    const sheets = [bidIds[0]!, bidIds[1]!, bidIds[0]!].map((bidId) => ({ bidId, points: { tech: '50', service: '20' } }));
    const res = await first!.http.send('PUT', `/api/tender-experts/${first!.seatId}/scores`, { lotId, sheets });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['sheets']);
    // Nothing was written.
    const mine = (await first!.http.get(`/api/tender-experts/${first!.seatId}/sheet`)).json().lots[0].bids;
    expect(mine.every((b: { myPoints: unknown }) => b.myPoints === null)).toBe(true);
  });

  it('needs a reason for every criterion scored below its full marks, all problems at once [rule:tenders.score-reasons]', async () => {
    const [first] = members;
    const url = `/api/tender-experts/${first!.seatId}/scores`;
    // Full marks need no reason; 40 of 50 and 15 of 20 do.
    const bare = await first!.http.send('PUT', url, {
      lotId,
      sheets: bidIds.map((bidId, i) => ({
        bidId,
        points: i === 0 ? { tech: '50', service: '20' } : { tech: '40', service: '15' },
        reasons: i === 2 ? { tech: '方案完整，个别参数仅满足最低要求' } : {},
      })),
    });
    expect(bare.statusCode).toBe(422);
    expect(bare.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'sheets[1].reasons.tech',
      'sheets[1].reasons.service',
      'sheets[2].reasons.service',
    ]);
    const blank = await first!.http.send('PUT', url, {
      lotId,
      sheets: bidIds.map((bidId) => ({ bidId, points: { tech: '45', service: '20' }, reasons: { tech: '   ' } })),
    });
    expect(blank.statusCode).toBe(422);
    expect(blank.json().errors[0].field).toBe('sheets[0].reasons.tech');
    for (const [m, member] of members.entries()) {
      const res = await member.http.send('PUT', `/api/tender-experts/${member.seatId}/scores`, {
        lotId,
        sheets: bidIds.map((bidId, i) => ({
          bidId,
          points: i === 0 ? { tech: '50', service: '20' } : { tech: String(40 + m), service: '15' },
          reasons: i === 0 ? {} : { tech: `技术方案第 ${m + 1} 项参数负偏离`, service: '本地无常驻服务网点' },
        })),
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const mine = (await first!.http.get(`/api/tender-experts/${first!.seatId}/sheet`)).json().lots[0].bids;
    expect(mine.find((b: { bidId: string }) => b.bidId === bidIds[1]).myReasons).toEqual({
      tech: '技术方案第 1 项参数负偏离',
      service: '本地无常驻服务网点',
    });
  });

  it('shows the reasons in the report, per member by seat, per bidder, per criterion [rule:tenders.score-reasons]', async () => {
    const evaluated = await center.http.post(`/api/tenders/${tenderId}/evaluate`);
    expect(evaluated.statusCode, evaluated.body).toBe(200);
    const lot = evaluated.json().lots[0];
    // 5 members × 3 bids × 2 criteria.
    expect(lot.reasons).toHaveLength(30);
    const bidder1 = lot.report.ranking.find((r: { bidId: string }) => r.bidId === bidIds[1]).supplierName;
    expect(lot.reasons).toContainEqual({
      seat: expect.any(Number),
      expert: expect.stringMatching(/^评审专家 \d$/),
      bidId: bidIds[1],
      supplierName: bidder1,
      criterion: 'tech',
      criterionName: '技术',
      points: '40',
      reason: '技术方案第 1 项参数负偏离',
    });
    expect(lot.reasons.filter((r: { points: string; reason: string }) => r.points === '50')).toEqual(
      Array.from({ length: 5 }, () => expect.objectContaining({ reason: '' })),
    );
    // No real name anywhere in the reasons before the award.
    const names = (await ctx.database.db.select({ name: experts.name }).from(experts)).map((e) => e.name);
    expect(lot.reasons.some((r: { expert: string }) => names.includes(r.expert))).toBe(false);
    const pdf = await purchaser.http.get(`/api/tenders/${tenderId}/lots/${lotId}/evaluation-report.pdf`);
    expect(pdf.statusCode, pdf.body.slice(0, 200)).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    await signReport(members, lotId);
    const signed = (await purchaser.http.get(`/api/tenders/${tenderId}/evaluation-report`)).json().lots[0];
    expect(signed.signing.final).toBe(true);
    expect(signed.reasons).toHaveLength(30);
  });

  it('closes the score sheets once the report is out and does not compute it again (409), keeping ranking and signatures', async () => {
    const before = (await purchaser.http.get(`/api/tenders/${tenderId}/evaluation-report`)).json().lots[0];
    const last = members[4]!;
    // The last member tries to lift the runner-up to full marks after the report: refused, nothing changed.
    const late = await last.http.send('PUT', `/api/tender-experts/${last.seatId}/scores`, {
      lotId,
      sheets: bidIds.map((bidId) => ({ bidId, points: { tech: '50', service: '20' } })),
    });
    expect(late.statusCode, late.body).toBe(409);
    expect(late.headers['content-type']).toContain('application/problem+json');
    expect(late.json().detail).toContain('评分表已关闭');
    const again = await center.http.post(`/api/tenders/${tenderId}/evaluate`);
    expect(again.statusCode, again.body).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.json().detail).toContain('评标报告已于');
    const after = (await purchaser.http.get(`/api/tenders/${tenderId}/evaluation-report`)).json().lots[0];
    expect(after.computedAt).toBe(before.computedAt);
    expect(after.report.ranking).toEqual(before.report.ranking);
    expect(after.signing.final).toBe(true);
    const mine = (await last.http.get(`/api/tender-experts/${last.seatId}/sheet`)).json().lots[0].bids;
    expect(mine.find((b: { bidId: string }) => b.bidId === bidIds[1]).myPoints).toEqual({ tech: '44', service: '15' });
    // The unit confirms the award on the report as signed.
    const awarded = await purchaser.http.post(`/api/tenders/${tenderId}/lots/${lotId}/award`);
    expect(awarded.statusCode, awarded.body).toBe(200);
    expect(awarded.json().lots[0].awardedBidId).toBe(before.recommendedBidId);
  });
});
