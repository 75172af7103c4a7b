// The tender journey tells the people who must act or who learn an outcome (#21): the center of a supplier's
// question, the asking supplier of its answer; the center and the buying unit of the opening; each drawn
// expert of its seat and then of the report to sign; the supplier and the unit of the registered contract.
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { experts, tenderClarifications, tenders, users } from '../../server/db/schema/index.ts';
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
  supplierClient,
} from '../helpers/procurement.ts';
/** Today in Beijing: a contract is signed on a day between the end of the challenge window and today. */
const beijingToday = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

let ctx: TestContext;
let center: Actor;
const token = `n${randomBytes(3).toString('hex')}`;
type Http = ReturnType<typeof client>;

beforeAll(async () => {
  ({ ctx, center } = await procurementContext());
});
afterAll(() => ctx.close());

/** A logged-in client for a drawn expert: its own account, or a new one linked to it. */
async function expertClient(expertId: string): Promise<Http> {
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

/** The kinds of notification the caller sees for this tender number. */
async function told(http: Http, tenderNo: string): Promise<string[]> {
  const items = (await http.get('/api/notifications?pageSize=100')).json().items as { kind: string; title: string }[];
  return items.filter((n) => n.title.includes(tenderNo)).map((n) => n.kind);
}

it(
  'notifies the center, the unit, the experts, the question asker and the contract parties along the tender journey',
  { timeout: 240_000 },
  async () => {
    const unit = await createOrg(ctx.database.db, 'purchasing_unit');
    const purchaser = await actor(ctx.app, ctx.database.db, 'purchaser', unit.id);
    // Experts of the pool with their own logins (a drawn expert is told in its own account).
    for (let i = 0; i < 6; i += 1) {
      const login = await createUser(ctx.database.db, (await createOrg(ctx.database.db, 'procurement_center')).id, ['expert']);
      await insertExpert(ctx, token, { userId: login.id });
    }
    const t = await publishTender(center, goodsTender(unit.id, `${token} 通知测试采购`, { categoryCode: 'A020201' }));
    const lotId: string = t.lots[0].id;

    const bidders: { http: Http }[] = [];
    for (const i of [0, 1, 2]) bidders.push(await supplierClient(ctx, { name: `${token}投标人${i}有限公司` }));
    const asker = bidders[0]!;
    expect((await asker.http.post(`/api/tenders/${t.id}/questions`, { question: '交货期能否延长至 30 天？' })).statusCode).toBe(201);
    expect(await told(center.http, t.tenderNo)).toContain('tender.question');
    const [q] = await ctx.database.db.select().from(tenderClarifications).where(eq(tenderClarifications.tenderId, t.id));
    const answered = await center.http.post(`/api/tenders/${t.id}/clarifications`, {
      answer: '交货期不变，仍为 15 天。',
      questionId: q!.id,
    });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(await told(asker.http, t.tenderNo)).toContain('tender.question_answered');
    expect(await told(bidders[1]!.http, t.tenderNo)).not.toContain('tender.question_answered');

    for (const [i, price] of [280_000_000, 285_000_000, 290_000_000].entries()) {
      const res = await bidders[i]!.http.send('PUT', `/api/tenders/${t.id}/bids`, {
        lotId,
        priceFen: price,
        brand: `${token}牌${i}`,
        technicalResponse: '完全响应采购需求',
        smeDeclared: false,
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    await passTenderDeadline(ctx, t.id);
    expect(await told(center.http, t.tenderNo)).toContain('tender.opened');
    expect(await told(purchaser.http, t.tenderNo)).toContain('tender.opened');

    const seats: { id: string; expertId: string }[] = (await drawCommittee(center, t.id)).seats;
    expect(seats.length).toBeGreaterThanOrEqual(5);
    const members: { http: Http; seatId: string }[] = [];
    for (const seat of seats) {
      // An expert of the pool without an account yet (made by another test file) could not be told: it gets one now.
      const [e] = await ctx.database.db.select({ userId: experts.userId }).from(experts).where(eq(experts.id, seat.expertId));
      const http = await expertClient(seat.expertId);
      if (e?.userId) expect(await told(http, t.tenderNo)).toContain('tender.committee');
      expect((await http.post(`/api/tender-experts/${seat.id}/confirm`)).statusCode).toBe(200);
      members.push({ http, seatId: seat.id });
    }
    await passReviews(center, members[0]!, t.id, lotId);
    const evaluated = await center.http.post(`/api/tenders/${t.id}/evaluate`);
    expect(evaluated.statusCode, evaluated.body).toBe(200);
    for (const m of members) expect(await told(m.http, t.tenderNo)).toContain('tender.report_to_sign');
    await signReport(members, lotId);
    const awarded = await purchaser.http.post(`/api/tenders/${t.id}/lots/${lotId}/award`);
    expect(awarded.statusCode, awarded.body).toBe(200);
    for (const b of bidders) expect(await told(b.http, t.tenderNo)).toContain('tender.awarded');

    await ctx.database.db
      .update(tenders)
      .set({ challengeUntil: sql`now() - interval '1 second'` })
      .where(eq(tenders.id, t.id));
    const signed = await purchaser.http.post(`/api/tenders/${t.id}/lots/${lotId}/contract`, { signedOn: beijingToday });
    expect(signed.statusCode, signed.body).toBe(201);
    const winner = bidders[0]!;
    expect(await told(winner.http, t.tenderNo)).toContain('tender.contract');
    expect(await told(purchaser.http, t.tenderNo)).toContain('tender.contract');
    expect(await told(bidders[2]!.http, t.tenderNo)).not.toContain('tender.contract');
    // Each carries the facts the storefront words it from in another language.
    const facts = async (http: Http, kind: string) =>
      ((await http.get('/api/notifications?pageSize=100')).json().items as { kind: string; title: string; params: unknown }[]).find(
        (n) => n.kind === kind && n.title.includes(t.tenderNo),
      )?.params;
    expect(await facts(winner.http, 'tender.awarded')).toMatchObject({ tenderNo: t.tenderNo, variant: 'won' });
    expect(await facts(bidders[1]!.http, 'tender.awarded')).not.toHaveProperty('variant');
    expect(await facts(winner.http, 'tender.contract')).toMatchObject({
      tenderNo: t.tenderNo,
      lotNo: 1,
      amountFen: 280_000_000,
      signedOn: beijingToday,
    });
  },
);
