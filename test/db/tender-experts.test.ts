import { randomBytes, randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expertAffiliations, expertDraws, experts, scheduledJobs, tenderExperts, tenders } from '../../server/db/schema/index.ts';
import { tenderJobs } from '../../server/modules/tenders/tenders.service.ts';
import { seededOrder } from '../../server/modules/tenders/tenders.rules.ts';
import { inTransaction } from '../../server/db/tx.ts';
import { createExpertDraw } from '../../server/modules/tenders/tenders.experts.ts';
import { client, createTestContext, login, type TestContext } from '../helpers/context.ts';
import { runDueJob } from '../helpers/jobs.ts';
import {
  drawCommittee as drawnCommittee,
  insertExpert,
  passTenderDeadline,
  procurementContext,
  supplierClient,
  intentionExempt,
} from '../helpers/procurement.ts';
import { actor, createOrg, createUser, TEST_PASSWORD, type Actor } from '../helpers/factories.ts';

let ctx: TestContext;
let center: Actor;
const token = `e${randomBytes(3).toString('hex')}`;
const SPECIALTY = 'C1601';
const yearsAgo = (n: number) => `${new Date().getUTCFullYear() - n}-01-01`;

beforeAll(async () => {
  ({ ctx, center } = await procurementContext());
});
afterAll(() => ctx.close());

/** A 品目 of this run in the categories reference (the tender form takes only known codes). */
const knownCategory = (code: string) =>
  ctx.database.db.execute(
    sql`insert into jicai.categories (code, parent_code, name, name_en, level) values (${code}, 'C', ${`测试品目${code}`}, ${`Test ${code}`}, 2) on conflict do nothing`,
  );

const expert = (extra: Partial<typeof experts.$inferInsert> = {}) => insertExpert(ctx, token, { specialties: [SPECIALTY], ...extra });

/** An opened services tender with three bidders, ready for the draw. */
async function openedTender(budgetFen: number, categoryCode = SPECIALTY) {
  const unit = await createOrg(ctx.database.db, 'purchasing_unit');
  const res = await center.http.post('/api/tenders', {
    title: `${token} 业务系统开发`,
    methodCode: 'open',
    ...intentionExempt,
    purchaserOrgId: unit.id,
    kind: 'services',
    categoryCode,
    documents: '第一章 投标邀请……第二章 采购需求：业务系统开发与三年运维……',
    deadline: new Date(Date.now() + 21 * 86_400_000).toISOString(),
    smeExemptReason: '测试',
    lots: [
      {
        name: '开发',
        budgetFen,
        items: [{ name: '系统开发', quantity: 1, unit: '项' }],
        evaluationMethod: 'comprehensive',
        priceWeight: '0.20',
        criteria: [{ key: 'tech', name: '技术', weight: '0.80' }],
        smeReserved: false,
        smeDeductionRate: '0.10',
      },
    ],
  });
  expect(res.statusCode, res.body).toBe(201);
  const t = res.json();
  expect((await center.http.post(`/api/tenders/${t.id}/publish`)).statusCode).toBe(200);
  const bidders = [];
  for (let i = 0; i < 3; i++) {
    const { org, http } = await supplierClient(ctx, { legalRepresentative: `${token}法人${i}` });
    const r = await http.send('PUT', `/api/tenders/${t.id}/bids`, {
      lotId: t.lots[0].id,
      priceFen: budgetFen - 1000 * (i + 1),
      brand: '',
      technicalResponse: '完全响应',
      smeDeclared: false,
    });
    expect(r.statusCode, r.body).toBe(200);
    bidders.push(org);
  }
  await passTenderDeadline(ctx, t.id);
  return { t, unit, bidders };
}

/** A logged-in client for a pool expert: a new expert account linked to it. */
async function seatClient(expertId: string) {
  const user = await createUser(ctx.database.db, (await createOrg(ctx.database.db, 'procurement_center')).id, ['expert']);
  await ctx.database.db.update(experts).set({ userId: user.id }).where(eq(experts.id, expertId));
  return client(ctx.app, await login(ctx.app, user.username, TEST_PASSWORD));
}

/** Asks for the draw (202) and waits for the worker to seat the committee. */
async function drawCommittee(tenderId: string) {
  const body = await drawnCommittee(center, tenderId);
  expect(body.drawFailure).toBeNull();
  return body;
}

describe('expert draw (专家抽取)', () => {
  it(
    'never picks a conflicted or suspended expert over many draws; replaces one who declines [rule:tenders.expert-recusal]',
    { timeout: 120_000 },
    async () => {
      const { t, unit, bidders } = await openedTender(500_000_000);
      const conflicted: string[] = [];
      const employee = await expert();
      await ctx.database.db
        .insert(expertAffiliations)
        .values({ expertId: employee.id, kind: 'employee', organizationId: bidders[0]!.id, fromDate: yearsAgo(6), toDate: yearsAgo(1) });
      const director = await expert();
      await ctx.database.db
        .insert(expertAffiliations)
        .values({ expertId: director.id, kind: 'director', organizationId: bidders[1]!.id, fromDate: yearsAgo(2) });
      const relative = await expert();
      await ctx.database.db
        .insert(expertAffiliations)
        .values({ expertId: relative.id, kind: 'relative_of_legal_rep', personName: `${token}法人2` });
      const staff = await expert();
      await ctx.database.db
        .insert(expertAffiliations)
        .values({ expertId: staff.id, kind: 'employee', organizationId: unit.id, fromDate: yearsAgo(3) });
      const employed = await expert({ employerUscc: bidders[2]!.uscc });
      const suspended = await expert({ status: 'suspended' });
      conflicted.push(employee.id, director.id, relative.id, staff.id, employed.id, suspended.id);
      // Long ago counts no more: more than three years since leaving a bidder.
      const formerly = await expert();
      await ctx.database.db
        .insert(expertAffiliations)
        .values({ expertId: formerly.id, kind: 'employee', organizationId: bidders[0]!.id, fromDate: yearsAgo(10), toDate: yearsAgo(4) });
      for (let i = 0; i < 8; i++) await expert();

      const picked = new Set<string>();
      for (let round = 0; round < 40; round++) {
        const body = await drawCommittee(t.id);
        expect(body.seats).toHaveLength(5);
        for (const seat of body.seats) {
          expect(conflicted).not.toContain(seat.expertId);
          picked.add(seat.expertId);
        }
        const excludedIds = body.draw.excluded.map((x: { expertId: string }) => x.expertId);
        for (const id of conflicted) expect(excludedIds).toContain(id);
        expect(excludedIds).not.toContain(formerly.id);
        expect(body.draw.candidates).toContain(formerly.id);
        // The draw can be recomputed from its seed.
        const poolNo = new Map(
          (await ctx.database.db.select({ id: experts.id, poolNo: experts.poolNo }).from(experts)).map((e) => [e.id, e.poolNo]),
        );
        expect(seededOrder(body.draw.candidates, body.draw.seed, poolNo)).toEqual(body.draw.candidates);
        expect(body.seats.map((s: { expertId: string }) => s.expertId)).toEqual(body.draw.candidates.slice(0, 5));
        if (round === 0) {
          const reasons = Object.fromEntries(body.draw.excluded.map((x: { expertId: string; reason: string }) => [x.expertId, x.reason]));
          expect(reasons[employee.id]).toContain('近三年');
          expect(reasons[relative.id]).toContain('法定代表人');
          expect(reasons[staff.id]).toContain('采购人本单位');
          expect(reasons[suspended.id]).toContain('暂停');
          expect((await center.http.post(`/api/tenders/${t.id}/experts/draw`)).statusCode).toBe(409);
        }
        // Start over for the next draw (a test shortcut: a real tender is drawn once).
        await ctx.database.db.delete(tenderExperts).where(eq(tenderExperts.tenderId, t.id));
        await ctx.database.db.delete(expertDraws).where(eq(expertDraws.tenderId, t.id));
        await ctx.database.db.delete(scheduledJobs).where(eq(scheduledJobs.id, `${tenderJobs.drawExperts.name}:${t.id}`));
        await ctx.database.db.update(tenders).set({ status: 'opened' }).where(eq(tenders.id, t.id));
      }
      expect(picked.size).toBeGreaterThan(5);

      // An expert who declines is replaced by the next candidate in the draw's order.
      const drawn = await drawCommittee(t.id);
      const first = drawn.seats[0];
      const user = await createUser(ctx.database.db, (await createOrg(ctx.database.db, 'procurement_center')).id, ['expert']);
      await ctx.database.db.update(experts).set({ userId: user.id }).where(eq(experts.id, first.expertId));
      const me = client(ctx.app, await login(ctx.app, user.username, TEST_PASSWORD));
      const mine = (await me.get('/api/experts/me/assignments')).json();
      expect(mine.find((a: { tenderId: string }) => a.tenderId === t.id)).toMatchObject({ status: 'drawn' });
      expect((await me.post(`/api/tender-experts/${first.id}/decline`, { reason: 'x' })).statusCode).toBe(400);
      const declined = await me.post(`/api/tender-experts/${first.id}/decline`, { reason: '与投标人存在其他利害关系，申请回避' });
      expect(declined.statusCode, declined.body).toBe(200);
      const after = (await center.http.get(`/api/tenders/${t.id}/experts`)).json();
      expect(after.seats).toHaveLength(6);
      expect(after.seats.filter((s: { status: string }) => s.status !== 'declined').map((s: { expertId: string }) => s.expertId)).toEqual(
        drawn.draw.candidates.slice(1, 6),
      );
      expect((await me.post(`/api/tender-experts/${first.id}/confirm`)).statusCode).toBe(409);
      const other = await actor(ctx.app, ctx.database.db, 'center_staff');
      expect((await other.http.get(`/api/tenders/${t.id}/experts`)).statusCode).toBe(404);
    },
  );

  it(
    'checks recusal again when a seat is confirmed, the sheet read, bids scored and the report made: a conflict declared since the draw recuses the seat [rule:tenders.expert-recusal]',
    { timeout: 120_000 },
    async () => {
      for (let i = 0; i < 10; i++) await expert();
      const { t, bidders } = await openedTender(500_000_000);
      const drawn = await drawCommittee(t.id);
      const committee = async () => (await center.http.get(`/api/tenders/${t.id}/experts`)).json();
      const [a, b, c] = drawn.seats as { id: string; expertId: string; drawPosition: number }[];

      // Declared current employment at a bidder after the draw (linked to it by USCC): confirming is refused and the seat recused.
      const aHttp = await seatClient(a!.expertId);
      const declared = await aHttp.post('/api/experts/me/affiliations', {
        kind: 'employee',
        organizationName: bidders[0]!.name,
        organizationUscc: bidders[0]!.uscc,
        fromDate: '2023-01-01',
      });
      expect(declared.statusCode, declared.body).toBe(201);
      expect(declared.json().organizationId).toBe(bidders[0]!.id);
      const refused = await aHttp.post(`/api/tender-experts/${a!.id}/confirm`);
      expect(refused.statusCode, refused.body).toBe(409);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.json().detail).toContain(bidders[0]!.name);
      const sheetA = await aHttp.get(`/api/tender-experts/${a!.id}/sheet`);
      expect(sheetA.json()).toMatchObject({ seatStatus: 'declined' });
      expect(sheetA.json().lots[0].bids).toEqual([]);
      let now = await committee();
      expect(now.seats.find((x: { id: string }) => x.id === a!.id)).toMatchObject({
        status: 'declined',
        declinedReason: expect.stringContaining(`回避：近三年在投标人${bidders[0]!.name}任职`),
      });
      expect(now.seats.filter((x: { status: string }) => x.status !== 'declined').map((x: { expertId: string }) => x.expertId)).toEqual([
        ...drawn.draw.candidates.slice(1, 5),
        drawn.draw.candidates[5],
      ]);

      // Confirmed first, a close relative of a bidder's legal representative declared after: no sheet, no scores, the seat recused.
      const bHttp = await seatClient(b!.expertId);
      expect((await bHttp.post(`/api/tender-experts/${b!.id}/confirm`)).statusCode).toBe(200);
      expect((await bHttp.get(`/api/tender-experts/${b!.id}/sheet`)).statusCode).toBe(200);
      const relative = await bHttp.post('/api/experts/me/affiliations', { kind: 'relative_of_legal_rep', personName: `${token}法人1` });
      expect(relative.statusCode, relative.body).toBe(201);
      const sheetB = await bHttp.get(`/api/tender-experts/${b!.id}/sheet`);
      expect(sheetB.statusCode, sheetB.body).toBe(409);
      expect(sheetB.headers['content-type']).toContain('application/problem+json');
      expect(sheetB.json().detail).toContain('法定代表人');
      const scored = await bHttp.send('PUT', `/api/tender-experts/${b!.id}/scores`, {
        lotId: t.lots[0].id,
        sheets: [{ bidId: randomUUID(), points: { tech: '80' } }],
      });
      expect(scored.statusCode, scored.body).toBe(409);
      expect(scored.json().detail).toContain(bidders[1]!.name);
      now = await committee();
      expect(now.seats.find((x: { id: string }) => x.id === b!.id)).toMatchObject({ status: 'declined' });

      // Every other seat confirmed; then one declares, by name only, that it works for a bidder: the report is refused
      // and the seat recused, the next candidate taking it.
      const clients = new Map<string, ReturnType<typeof client>>();
      for (const seat of now.seats.filter((x: { status: string }) => x.status === 'drawn')) {
        const http = await seatClient(seat.expertId);
        expect((await http.post(`/api/tender-experts/${seat.id}/confirm`)).statusCode).toBe(200);
        clients.set(seat.id, http);
      }
      const cHttp = clients.get(c!.id)!;
      expect(
        (
          await cHttp.post('/api/experts/me/affiliations', {
            kind: 'employee',
            organizationName: ` ${bidders[2]!.name} `,
            fromDate: '2024-03-01',
          })
        ).statusCode,
      ).toBe(201);
      const report = await center.http.post(`/api/tenders/${t.id}/evaluate`);
      expect(report.statusCode, report.body).toBe(409);
      expect(report.json().detail).toContain(`评审专家 ${c!.drawPosition + 1}`);
      now = await committee();
      expect(now.seats.find((x: { id: string }) => x.id === c!.id)).toMatchObject({ status: 'declined' });
      expect(now.seats.filter((x: { status: string }) => x.status !== 'declined')).toHaveLength(5);
      expect(now.seats.at(-1)).toMatchObject({ status: 'drawn', drawPosition: 7 });
    },
  );

  it(
    'recuses the purchasing unit’s staff and a bidder’s employees matched by registered name, for a unit without a USCC [rule:tenders.expert-recusal]',
    { timeout: 120_000 },
    async () => {
      for (let i = 0; i < 6; i++) await expert();
      const { t, unit, bidders } = await openedTender(500_000_000);
      expect(unit.uscc).toBeNull();
      const byProfile = await expert({ employer: ` ${unit.name} ` });
      const byDeclaration = await expert();
      await ctx.database.db
        .insert(expertAffiliations)
        .values({ expertId: byDeclaration.id, kind: 'employee', organizationName: unit.name, fromDate: yearsAgo(5) });
      const atBidder = await expert({ employer: bidders[1]!.name });
      const drawn = await drawCommittee(t.id);
      const reasons = Object.fromEntries(drawn.draw.excluded.map((x: { expertId: string; reason: string }) => [x.expertId, x.reason]));
      expect(reasons[byProfile.id]).toContain('采购人本单位');
      expect(reasons[byDeclaration.id]).toContain('采购人本单位');
      expect(reasons[atBidder.id]).toContain(`现任职于投标人${bidders[1]!.name}`);
      for (const id of [byProfile.id, byDeclaration.id, atBidder.id]) expect(drawn.draw.candidates).not.toContain(id);

      // A drawn expert whose profile now names the unit as employer cannot take the seat; the next candidate does.
      const seat = drawn.seats[0];
      await ctx.database.db.update(experts).set({ employer: unit.name }).where(eq(experts.id, seat.expertId));
      const http = await seatClient(seat.expertId);
      const refused = await http.post(`/api/tender-experts/${seat.id}/confirm`);
      expect(refused.statusCode, refused.body).toBe(409);
      expect(refused.json().detail).toContain('采购人本单位工作人员');
      const after = (await center.http.get(`/api/tenders/${t.id}/experts`)).json();
      expect(after.seats.find((x: { id: string }) => x.id === seat.id)).toMatchObject({ status: 'declined' });
      expect(after.seats.at(-1)).toMatchObject({ expertId: drawn.draw.candidates[5], status: 'drawn' });
    },
  );

  it('draws seven for a budget of ¥10,000,000 or more [rule:tenders.committee-size]', async () => {
    for (let i = 0; i < 8; i++) await expert();
    const { t } = await openedTender(1_000_000_000);
    expect((await drawCommittee(t.id)).seats).toHaveLength(7);
    expect((await center.http.get(`/api/tenders/${t.id}`)).json().status).toBe('evaluation');
  });

  it('draws in a job after the request commits: pending until the worker runs, and a second run changes nothing', async () => {
    const { t } = await openedTender(500_000_000);
    const payload = { tenderId: t.id, userId: center.userId, orgId: center.orgId };
    // The request alone seats nobody: the job does. An app whose queue has no worker shows it pending; the job is run here by hand.
    const idle = await createTestContext();
    const http = client(idle.app, center.session);
    try {
      const asked = await http.post(`/api/tenders/${t.id}/experts/draw`);
      expect(asked.statusCode, asked.body).toBe(202);
      expect(asked.json()).toMatchObject({ draw: null, drawing: true, drawFailure: null, seats: [] });
      const again = await http.post(`/api/tenders/${t.id}/experts/draw`);
      expect(again.statusCode).toBe(409);
      expect(again.json().detail).toContain('正在进行');
    } finally {
      await idle.close();
    }
    const [job] = await ctx.database.db
      .select()
      .from(scheduledJobs)
      .where(eq(scheduledJobs.id, `${tenderJobs.drawExperts.name}:${t.id}`));
    expect(job).toMatchObject({ status: 'pending', payload });
    const draw = createExpertDraw({ db: ctx.database.db, jobs: ctx.jobs });
    expect(await inTransaction(ctx.database.db, (tx) => draw.draw(tx, payload))).toBe('drawn');
    const first = (await center.http.get(`/api/tenders/${t.id}/experts`)).json();
    expect(first.seats).toHaveLength(5);
    expect(await inTransaction(ctx.database.db, (tx) => draw.draw(tx, payload))).toBe('skipped');
    expect((await center.http.get(`/api/tenders/${t.id}/experts`)).json()).toEqual(first);
    // Names of everyone in the draw record for the center that ran it, not for a regulator.
    for (const id of first.draw.candidates) expect(first.draw.names[id]).toEqual(expect.any(String));
    for (const seat of first.seats) expect(first.draw.names[seat.expertId]).toBe(seat.name);
    const regulator = await actor(ctx.app, ctx.database.db, 'regulator');
    expect((await regulator.http.get(`/api/tenders/${t.id}/experts`)).json().draw.names).toBeNull();
  });

  it('records a draw that found the pool shrunk since the request, and lets the center ask again', async () => {
    const specialty = `C97${randomBytes(3).readUIntBE(0, 3) % 1_000_000}`;
    await knownCategory(specialty);
    const pool = [];
    for (let i = 0; i < 5; i++) pool.push(await expert({ specialties: [specialty] }));
    const { t } = await openedTender(500_000_000, specialty);
    const idle = await createTestContext();
    const http = client(idle.app, center.session);
    try {
      expect((await http.post(`/api/tenders/${t.id}/experts/draw`)).statusCode).toBe(202);
      for (const e of pool) await ctx.database.db.update(experts).set({ status: 'suspended' }).where(eq(experts.id, e.id));
      // Broader specialties (C, C9…) may hold a few other active experts; fewer than a committee in any case.
      const others = (
        await ctx.database.db.execute<{ n: number }>(
          sql`select count(*)::int as n from jicai.experts where status = 'active' and exists (select 1 from unnest(specialties) s where ${specialty} like s || '%')`,
        )
      ).rows[0]!.n;
      expect(others).toBeLessThan(5);
      const draw = createExpertDraw({ db: ctx.database.db, jobs: ctx.jobs });
      expect(
        await inTransaction(ctx.database.db, (tx) => draw.draw(tx, { tenderId: t.id, userId: center.userId, orgId: center.orgId })),
      ).toBe('short');
      // As the job system does once the processor returns.
      await ctx.database.db
        .update(scheduledJobs)
        .set({ status: 'done' })
        .where(eq(scheduledJobs.id, `${tenderJobs.drawExperts.name}:${t.id}`));
      const after = (await http.get(`/api/tenders/${t.id}/experts`)).json();
      expect(after).toMatchObject({
        draw: null,
        drawing: false,
        drawFailure: `符合条件的专家 ${others} 人，少于评标委员会所需 5 人，请补充专家库或调整专业`,
      });
      expect((await http.post(`/api/tenders/${t.id}/experts/draw`)).statusCode).toBe(422);
      for (const e of pool) await ctx.database.db.update(experts).set({ status: 'active' }).where(eq(experts.id, e.id));
      const again = await http.post(`/api/tenders/${t.id}/experts/draw`);
      expect(again.statusCode, again.body).toBe(202);
      expect(again.json()).toMatchObject({ drawing: true, drawFailure: null });
    } finally {
      await idle.close();
    }
    // The pending job runs on this test's worker once handed over.
    await runDueJob(ctx, tenderJobs.drawExperts, t.id);
    const seats: unknown[] = (await center.http.get(`/api/tenders/${t.id}/experts`)).json().seats;
    expect(seats).toHaveLength(5);
  });

  it('refuses a draw the pool cannot fill, naming the experts field', async () => {
    const specialty = `C98${randomBytes(3).readUIntBE(0, 3) % 1_000_000}`;
    await knownCategory(specialty);
    await expert({ specialties: [specialty] });
    const { t } = await openedTender(500_000_000, specialty);
    const res = await center.http.post(`/api/tenders/${t.id}/experts/draw`);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().errors[0].field).toBe('experts');
    expect((await center.http.get(`/api/tenders/${t.id}`)).json().status).toBe('opened');
  });
});
