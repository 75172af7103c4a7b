import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications, riskAlerts, tenderClocks, tenders } from '../../server/db/schema/index.ts';
import { tenderJobs } from '../../server/modules/tenders/tenders.service.ts';
import { advanceClock, dbNow } from '../../server/platform/clock.ts';
import { postgresSearch } from '../../server/platform/search/postgres-search.ts';
import { createServices } from '../../server/services.ts';
import { minimalPdf } from '../helpers/files.ts';
import { errorsOf, validateRelease } from '../helpers/ocds.ts';
import { client, createTestContext, type TestContext } from '../helpers/context.ts';
import { actor, createOrg, type Actor } from '../helpers/factories.ts';
import { runDueJob, startJobWorkers } from '../helpers/jobs.ts';
import { ownDatabase } from '../helpers/own-database.ts';
import { goodsTender, publishTender, supplierClient, recordReviewsPassed, threeBidders } from '../helpers/procurement.ts';

/**
 * 法定时限 and 投诉 (#16): each legal clock of a tender is a durable deadline; the virtual clock is moved
 * past it and the deadline job marks it missed, tells whoever had to act and raises a risk alert. On a
 * database of this file's own, since moving the clock moves every deadline there.
 */
let own: Awaited<ReturnType<typeof ownDatabase>>;
let ctx: TestContext;
let center: Actor;
let regulator: Actor;
const token = `c${randomBytes(3).toString('hex')}`;
const DAY = 86_400_000;

beforeAll(async () => {
  own = await ownDatabase('clocks');
  ctx = await createTestContext({ databaseUrl: own.url });
  createServices({ config: ctx.config, db: ctx.database.db, jobs: ctx.jobs, search: postgresSearch(ctx.database.db) });
  await startJobWorkers(ctx);
  center = await actor(ctx.app, ctx.database.db, 'center_staff');
  // Another city's finance department is registered first: a complaint still goes to the unit's own.
  await actor(ctx.app, ctx.database.db, 'regulator', (await createOrg(ctx.database.db, 'regulator', { regionCode: '310000' })).id);
  regulator = await actor(
    ctx.app,
    ctx.database.db,
    'regulator',
    (await createOrg(ctx.database.db, 'regulator', { regionCode: '110000' })).id,
  );
}, 120_000);
afterAll(async () => {
  await ctx?.close();
  await own?.drop();
});

const db = () => ctx.database.db;
const now = () => dbNow(db());
const clockOf = async (tenderId: string, kind: string) =>
  (
    await db()
      .select()
      .from(tenderClocks)
      .where(and(eq(tenderClocks.tenderId, tenderId), eq(tenderClocks.kind, kind as 'documents')))
  )[0]!;

/** The clock passes `kind`'s due time and its deadline job runs: the clock as it is then. */
async function passClock(tenderId: string, kind: string) {
  const c = await clockOf(tenderId, kind);
  expect(c.status).toBe('running');
  await advanceClock(db(), new Date(Math.max(c.due.getTime() + 1000, (await now()).getTime())));
  await runDueJob(ctx, tenderJobs.clock, c.id);
  return clockOf(tenderId, kind);
}

const noticesTo = (orgId: string, kind: string) =>
  db()
    .select()
    .from(notifications)
    .where(and(eq(notifications.organizationId, orgId), eq(notifications.kind, kind)));
const alertOf = async (clockId: string) =>
  (
    await db()
      .select()
      .from(riskAlerts)
      .where(eq(riskAlerts.fingerprint, `missed_deadline:${clockId}`))
  )[0];

/** A published open tender of a fresh unit, three bidders in, opened, reported on: the unit's confirmation clock running. */
async function evaluatedTender() {
  const unit = await createOrg(db(), 'purchasing_unit');
  const purchaser = await actor(ctx.app, db(), 'purchaser', unit.id);
  const deadline = new Date((await now()).getTime() + 21 * DAY);
  const t = await publishTender(center, goodsTender(unit.id, `${token} 办公计算机采购`, { deadline: deadline.toISOString() }));
  const lotId: string = t.lots[0].id;
  const bidders = await threeBidders(ctx, { id: t.id, lotId }, token, (i) => `${token}投标人${i}${randomBytes(2).toString('hex')}有限公司`);
  // A fourth bid, withdrawn before the deadline: that supplier took no part.
  const withdrawn = await supplierClient(ctx, { name: `${token}撤回人${randomBytes(2).toString('hex')}有限公司` });
  const bid = { lotId, priceFen: 270_000_000, brand: `${token}牌撤`, technicalResponse: '完全响应采购需求', smeDeclared: false };
  expect((await withdrawn.http.send('PUT', `/api/tenders/${t.id}/bids`, bid)).statusCode).toBe(200);
  expect((await withdrawn.http.send('DELETE', `/api/tenders/${t.id}/bids/${lotId}`)).statusCode).toBe(200);
  await advanceClock(db(), new Date(deadline.getTime() + 1000));
  await runDueJob(ctx, tenderJobs.open, t.id);
  // The committee's draw and score sheets are tender-evaluation.test.ts's: a lowest-price lot is reported on from the opening.
  await db().update(tenders).set({ status: 'evaluation' }).where(eq(tenders.id, t.id));
  await recordReviewsPassed(ctx, t.id);
  const evaluated = await center.http.post(`/api/tenders/${t.id}/evaluate`);
  expect(evaluated.statusCode, evaluated.body).toBe(200);
  return { id: t.id as string, lotId, unit, purchaser, winner: bidders[0]!, second: bidders[1]!, loser: bidders[2]!, withdrawn };
}

async function lodge(t: Awaited<ReturnType<typeof evaluatedTender>>) {
  const res = await t.loser.http.post(`/api/tenders/${t.id}/challenges`, { grounds: '中标人技术响应未满足招标文件实质性要求，请予复核。' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json()[0].id as string;
}

const complaint = (challengeId: string) => ({
  challengeId,
  grounds: '质疑答复期满未获答复，中标人技术响应不满足招标文件第二章第 5 项实质性要求。',
  evidence: '投标文件第 23 页技术参数表；招标文件第二章第 5 项。',
});

describe('legal clocks of a tender', () => {
  it('[rule:tenders.documents-period] refuses a documents period under 5 working days or past the deadline, naming the field; the period is a clock', async () => {
    const unit = await createOrg(db(), 'purchasing_unit');
    const at = (await now()).getTime();
    const body = (documentsUntil: number) =>
      goodsTender(unit.id, `${token} 文件期`, {
        deadline: new Date(at + 21 * DAY).toISOString(),
        documentsUntil: new Date(documentsUntil).toISOString(),
      });
    for (const until of [at + 2 * DAY, at + 22 * DAY]) {
      const res = await center.http.post('/api/tenders', body(until));
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().errors[0].field).toBe('documentsUntil');
    }
    const t = await publishTender(center, body(at + 10 * DAY));
    expect(t.documentsUntil).toBe(new Date(at + 10 * DAY).toISOString());
    expect(t.clocks).toEqual([expect.objectContaining({ kind: 'documents', name: '招标文件提供期限', status: 'running' })]);
    expect((await passClock(t.id, 'documents')).status).toBe('met');
  });

  it(
    '[rule:tenders.award-confirmation-deadline] [rule:tenders.award-notice-deadline] a missed confirmation tells the unit and raises an alert; the notice goes out with the confirmation',
    { timeout: 60_000 },
    async () => {
      const t = await evaluatedTender();
      const missed = await passClock(t.id, 'award_confirmation');
      expect(missed.status).toBe('missed');
      expect(await noticesTo(t.unit.id, 'tender.clock.missed.award_confirmation')).toHaveLength(1);
      expect(await alertOf(missed.id)).toMatchObject({ rule: 'missed_deadline', organizationId: t.unit.id, subjectId: t.id });
      // Late, the unit may still confirm: the award notice is published at once, and the contract clock starts.
      expect((await t.purchaser.http.post(`/api/tenders/${t.id}/lots/${t.lotId}/award`)).statusCode).toBe(200);
      const view = (await client(ctx.app, null).get(`/api/public/tenders/${t.id}`)).json();
      // The documents were available until the deadline (its clock served then).
      expect(view.clocks.map((c: { kind: string; status: string }) => [c.kind, c.kind === 'documents' || c.status])).toEqual([
        ['documents', true],
        ['award_confirmation', 'missed'],
        ['award_notice', 'met'],
        ['contract_signing', 'running'],
      ]);
    },
  );

  it(
    '[rule:tenders.challenge-reply-deadline] [rule:tenders.complaint-window] [rule:tenders.complaint-regulator] [rule:tenders.complaint-acceptance-deadline] [rule:tenders.complaint-suspension] [rule:tenders.contract-signing-deadline] [rule:tenders.contract-publication-deadline] a missed reply opens the complaint window; an accepted complaint suspends the tender and the dismissal resumes it',
    { timeout: 90_000 },
    async () => {
      const t = await evaluatedTender();
      expect((await t.purchaser.http.post(`/api/tenders/${t.id}/lots/${t.lotId}/award`)).statusCode).toBe(200);
      const challengeId = await lodge(t);
      // No complaint while the reply may still come.
      expect((await t.loser.http.post(`/api/tenders/${t.id}/complaints`, complaint(challengeId))).statusCode).toBe(409);

      const reply = await passClock(t.id, 'challenge_reply');
      expect(reply.status).toBe('missed');
      expect(await noticesTo(center.orgId, 'tender.clock.missed.challenge_reply')).toHaveLength(1);
      expect(await alertOf(reply.id)).toMatchObject({ organizationId: center.orgId });
      expect(await clockOf(t.id, 'complaint_filing')).toMatchObject({ status: 'running', responsibleOrgId: t.loser.org.id });

      // Bad input names its fields; a supplier that did not challenge sees nothing.
      const bad = await t.loser.http.post(`/api/tenders/${t.id}/complaints`, { challengeId, grounds: '短', evidence: '' });
      expect(bad.statusCode).toBe(400);
      expect(
        bad
          .json()
          .errors.map((e: { field: string }) => e.field)
          .sort(),
      ).toEqual(['evidence', 'grounds']);
      const other = await t.loser.http.post(`/api/tenders/${t.id}/complaints`, complaint(t.id));
      expect([other.statusCode, other.json().errors?.[0]?.field]).toEqual([422, 'challengeId']);
      expect((await t.winner.http.post(`/api/tenders/${t.id}/complaints`, complaint(challengeId))).statusCode).toBe(404);
      expect((await t.winner.http.get(`/api/tenders/${t.id}/complaints`)).statusCode).toBe(404);

      const filed = await t.loser.http.post(`/api/tenders/${t.id}/complaints`, complaint(challengeId));
      expect(filed.statusCode, filed.body).toBe(201);
      const c = filed.json();
      expect(c).toMatchObject({ status: 'filed', regulatorOrgId: regulator.orgId });
      expect((await clockOf(t.id, 'complaint_filing')).status).toBe('met');
      expect((await t.winner.http.get(`/api/complaints/${c.id}`)).statusCode).toBe(404);
      expect((await t.purchaser.http.get(`/api/complaints/${c.id}`)).statusCode).toBe(200);
      expect(await noticesTo(regulator.orgId, 'tender.complaint.filed')).toHaveLength(1);
      // One complaint per challenge, said as such.
      const again = await t.loser.http.post(`/api/tenders/${t.id}/complaints`, complaint(challengeId));
      expect(again.statusCode).toBe(409);
      expect(again.json().detail ?? again.json().title).toContain('已就该质疑提起过投诉');
      // A challenge's and a complaint's clocks are for their parties: the public sees none of them.
      const kinds = (v: { clocks: { kind: string }[] }) => v.clocks.map((x) => x.kind);
      const privateKinds = ['challenge_reply', 'complaint_filing', 'complaint_acceptance', 'complaint_handling'];
      expect(
        kinds((await client(ctx.app, null).get(`/api/public/tenders/${t.id}`)).json()).filter((k) => privateKinds.includes(k)),
      ).toEqual([]);
      expect(kinds((await t.purchaser.http.get(`/api/tenders/${t.id}`)).json())).toContain('complaint_acceptance');

      // The department lets its 5 working days pass: it is told, and an alert is raised.
      const acceptance = await passClock(t.id, 'complaint_acceptance');
      expect(acceptance.status).toBe('missed');
      expect(await noticesTo(regulator.orgId, 'tender.clock.missed.complaint_acceptance')).toHaveLength(1);
      expect(await alertOf(acceptance.id)).toMatchObject({ organizationId: regulator.orgId });
      const refusal = await regulator.http.post(`/api/complaints/${c.id}/acceptance`, { accept: false });
      expect([refusal.statusCode, refusal.json().errors?.[0]?.field]).toEqual([400, 'reason']);
      const accepted = await regulator.http.post(`/api/complaints/${c.id}/acceptance`, { accept: true });
      expect(accepted.json()).toMatchObject({ status: 'accepted', handleDue: expect.any(String) });

      // Suspended: the center's late reply is still owed, but no contract while the complaint is handled.
      expect(
        (await center.http.post(`/api/challenges/${challengeId}/reply`, { reply: '经复核，质疑事项不成立，维持中标结果。', upheld: false }))
          .statusCode,
      ).toBe(200);
      const suspended = (await t.purchaser.http.get(`/api/tenders/${t.id}`)).json();
      expect(suspended.suspendedAt).not.toBeNull();
      expect(suspended.clocks.find((x: { kind: string }) => x.kind === 'contract_signing').status).toBe('paused');
      const refused = await t.purchaser.http.post(`/api/tenders/${t.id}/lots/${t.lotId}/contract`, { signedOn: '2027-01-20' });
      expect([refused.statusCode, refused.json().detail]).toEqual([409, expect.stringContaining('暂停采购活动')]);

      const decided = await regulator.http.post(`/api/complaints/${c.id}/decision`, {
        outcome: 'dismissed',
        reasons: '经调查，中标人技术响应满足招标文件要求，投诉事项缺乏事实依据。',
      });
      expect(decided.statusCode, decided.body).toBe(200);
      const resumed = (await client(ctx.app, null).get(`/api/public/tenders/${t.id}`)).json();
      expect(resumed).toMatchObject({ status: 'awarded', suspendedAt: null, complaintDecisions: [{ outcome: 'dismissed' }] });
      expect(resumed.resultNote).toContain('驳回投诉');
      expect(await noticesTo(t.loser.org.id, 'tender.complaint.decided')).toHaveLength(1);

      // The contract's 30 days run on from where they stopped; missed, the unit is told and an alert raised.
      const signing = await passClock(t.id, 'contract_signing');
      expect(signing.status).toBe('missed');
      expect(await noticesTo(t.unit.id, 'tender.clock.missed.contract_signing')).toHaveLength(1);
      expect(await alertOf(signing.id)).toMatchObject({ organizationId: t.unit.id });
      const signed = await t.purchaser.http.post(`/api/tenders/${t.id}/lots/${t.lotId}/contract`, { signedOn: '2027-03-01' });
      expect(signed.statusCode, signed.body).toBe(201);
      expect(await clockOf(t.id, 'contract_publication')).toMatchObject({ status: 'running' });
      const contractUrl = `/api/tenders/${t.id}/lots/${t.lotId}/contract`;
      expect((await t.purchaser.http.upload(`${contractUrl}/document`, 'contract.pdf', minimalPdf(), 'application/pdf')).statusCode).toBe(
        200,
      );
      expect((await t.purchaser.http.post(`${contractUrl}/publish`)).statusCode).toBe(200);
      expect(await clockOf(t.id, 'contract_publication')).toMatchObject({ status: 'met' });
    },
  );

  it(
    '[rule:tenders.complaint-handling-deadline] a decision past 30 working days raises an alert; an upheld complaint cancels the tender',
    { timeout: 90_000 },
    async () => {
      const t = await evaluatedTender();
      expect((await t.purchaser.http.post(`/api/tenders/${t.id}/lots/${t.lotId}/award`)).statusCode).toBe(200);
      const challengeId = await lodge(t);
      const replied = await center.http.post(`/api/challenges/${challengeId}/reply`, {
        reply: '经复核，质疑事项不成立，维持中标结果。',
        upheld: false,
      });
      expect(replied.statusCode).toBe(200);
      expect((await clockOf(t.id, 'challenge_reply')).status).toBe('met');
      const filed = await t.loser.http.post(`/api/tenders/${t.id}/complaints`, complaint(challengeId));
      expect(filed.statusCode, filed.body).toBe(201);
      const c = filed.json();
      const accepted = await regulator.http.post(`/api/complaints/${c.id}/acceptance`, { accept: true });
      expect(accepted.statusCode, accepted.body).toBe(200);
      const handling = await passClock(t.id, 'complaint_handling');
      expect(handling.status).toBe('missed');
      expect(await alertOf(handling.id)).toMatchObject({ organizationId: regulator.orgId });
      const bad = await regulator.http.post(`/api/complaints/${c.id}/decision`, { outcome: 'annul', reasons: '短' });
      expect(
        bad
          .json()
          .errors.map((e: { field: string }) => e.field)
          .sort(),
      ).toEqual(['outcome', 'reasons']);
      const decided = await regulator.http.post(`/api/complaints/${c.id}/decision`, {
        outcome: 'cancel',
        reasons: '评标委员会未按招标文件规定的评标标准评审，影响中标结果，且无法重新评审。',
      });
      expect(decided.statusCode, decided.body).toBe(200);
      const after = (await client(ctx.app, null).get(`/api/public/tenders/${t.id}`)).json();
      expect(after).toMatchObject({
        status: 'cancelled',
        suspendedAt: null,
        complaintDecisions: [{ outcome: 'cancel', annulledAwards: [{ lotNo: 1 }] }],
      });
      expect(after.clocks.find((x: { kind: string }) => x.kind === 'contract_signing').status).toBe('stopped');
      expect((await t.purchaser.http.post(`/api/tenders/${t.id}/lots/${t.lotId}/contract`, { signedOn: '2027-04-01' })).statusCode).toBe(
        409,
      );
      // Open data: the award fell with the tender.
      const compiled = (await client(ctx.app, null).get(`/api/ocds/tenders/${t.id}/record`)).json().records[0].compiledRelease;
      expect(compiled.tender.status).toBe('cancelled');
      expect(compiled.awards.map((a: { status: string }) => a.status)).toEqual(['cancelled']);
    },
  );
  it(
    "[rule:tenders.complaint-suspension] an upheld complaint ordering re-evaluation annuls the award; the new report starts the unit's clock again",
    { timeout: 90_000 },
    async () => {
      const t = await evaluatedTender();
      expect((await t.purchaser.http.post(`/api/tenders/${t.id}/lots/${t.lotId}/award`)).statusCode).toBe(200);
      const challengeId = await lodge(t);
      await passClock(t.id, 'challenge_reply');
      const c = (await t.loser.http.post(`/api/tenders/${t.id}/complaints`, complaint(challengeId))).json();
      expect((await regulator.http.post(`/api/complaints/${c.id}/acceptance`, { accept: true })).statusCode).toBe(200);
      // Suspended: the unit cannot confirm or sign meanwhile.
      expect((await t.purchaser.http.post(`/api/tenders/${t.id}/lots/${t.lotId}/contract`, { signedOn: '2027-02-01' })).statusCode).toBe(
        409,
      );
      const decided = await regulator.http.post(`/api/complaints/${c.id}/decision`, {
        outcome: 'reevaluate',
        reasons: '评标委员会未按招标文件规定的评标标准评审，责令重新评审。',
      });
      expect(decided.statusCode, decided.body).toBe(200);
      const after = (await t.purchaser.http.get(`/api/tenders/${t.id}`)).json();
      expect(after).toMatchObject({ status: 'evaluation', suspendedAt: null, awardNoticeAt: null, lots: [{ status: 'opened' }] });
      // The public decision names the award it annulled: the lot and the supplier it had gone to.
      const decision = (await client(ctx.app, null).get(`/api/public/tenders/${t.id}`)).json().complaintDecisions[0];
      expect(decision).toMatchObject({ outcome: 'reevaluate', annulledAwards: [{ lotNo: 1, supplierName: expect.any(String) }] });
      expect(Date.parse(decision.annulledAwards[0].awardedAt)).toBeLessThan(Date.parse(decision.decidedAt));
      expect(after.clocks.find((x: { kind: string }) => x.kind === 'contract_signing').status).toBe('stopped');
      // The annulled report cannot be confirmed again: a new one must be made first.
      expect((await t.purchaser.http.post(`/api/tenders/${t.id}/lots/${t.lotId}/award`)).statusCode).toBe(409);
      expect((await center.http.post(`/api/tenders/${t.id}/evaluate`)).statusCode).toBe(200);
      expect(await clockOf(t.id, 'award_confirmation')).toMatchObject({ status: 'running' });
      // Open data meanwhile: the annulled award is cancelled, the lot active again.
      const recordOf = async () => (await client(ctx.app, null).get(`/api/ocds/tenders/${t.id}/record`)).json().records[0].compiledRelease;
      const annulled = await recordOf();
      expect(annulled.awards).toEqual([expect.objectContaining({ status: 'cancelled' })]);
      expect(annulled.tender).toMatchObject({ status: 'active', lots: [{ status: 'active' }] });
      const firstAwardId = annulled.awards[0].id as string;
      expect((await t.purchaser.http.post(`/api/tenders/${t.id}/lots/${t.lotId}/award`)).statusCode).toBe(200);
      // The new award is published under an id of its own; the annulled one stays cancelled.
      const reawarded = await recordOf();
      expect(reawarded.awards).toEqual([
        expect.objectContaining({ id: firstAwardId, status: 'cancelled' }),
        expect.objectContaining({
          id: `${firstAwardId}-2`,
          status: 'active',
          suppliers: [expect.objectContaining({ id: expect.any(String) })],
        }),
      ]);
      const pkg = (await client(ctx.app, null).get(`/api/ocds/tenders/${t.id}/releases`)).json();
      for (const r of pkg.releases) expect(validateRelease(r), errorsOf(validateRelease)).toBe(true);
      expect(
        pkg.releases.map((r: { id: string }) => r.id.replace(/^.*-(award-)/, '$1')).filter((id: string) => id.startsWith('award-')),
      ).toEqual(['award-1', 'award-1-annulled', 'award-1-2']);
    },
  );
  it('[rule:tenders.complaint-suspension] stays suspended until every accepted complaint is decided', { timeout: 120_000 }, async () => {
    const t = await evaluatedTender();
    expect((await t.purchaser.http.post(`/api/tenders/${t.id}/lots/${t.lotId}/award`)).statusCode).toBe(200);
    const challenges: [Awaited<ReturnType<typeof supplierClient>>, string][] = [];
    // A bidder who withdrew before the deadline took no part: it has no challenge to lodge.
    const outside = await t.withdrawn.http.post(`/api/tenders/${t.id}/challenges`, {
      grounds: '中标人技术响应未满足招标文件实质性要求，请予复核。',
    });
    expect(outside.statusCode, outside.body).toBe(404);
    for (const who of [t.loser, t.second]) {
      const res = await who.http.post(`/api/tenders/${t.id}/challenges`, { grounds: '中标人技术响应未满足招标文件实质性要求，请予复核。' });
      expect(res.statusCode, res.body).toBe(201);
      challenges.push([who, res.json()[0].id as string]);
    }
    const replies = await db()
      .select()
      .from(tenderClocks)
      .where(and(eq(tenderClocks.tenderId, t.id), eq(tenderClocks.kind, 'challenge_reply')));
    expect(replies).toHaveLength(2);
    await advanceClock(db(), new Date(Math.max(...replies.map((r) => r.due.getTime())) + 1000));
    for (const r of replies) await runDueJob(ctx, tenderJobs.clock, r.id);
    const complaints: string[] = [];
    for (const [who, challengeId] of challenges) {
      const filed = await who.http.post(`/api/tenders/${t.id}/complaints`, complaint(challengeId));
      expect(filed.statusCode, filed.body).toBe(201);
      complaints.push(filed.json().id as string);
      expect((await regulator.http.post(`/api/complaints/${filed.json().id}/acceptance`, { accept: true })).statusCode).toBe(200);
    }
    const dismiss = { outcome: 'dismissed', reasons: '经调查，投诉事项缺乏事实依据，予以驳回。' };
    expect((await regulator.http.post(`/api/complaints/${complaints[0]}/decision`, dismiss)).statusCode).toBe(200);
    // The other complaint is still being handled: the procedure stays suspended and the contract refused.
    expect((await t.purchaser.http.get(`/api/tenders/${t.id}`)).json().suspendedAt).not.toBeNull();
    expect((await t.purchaser.http.post(`/api/tenders/${t.id}/lots/${t.lotId}/contract`, { signedOn: '2027-02-01' })).statusCode).toBe(409);
    expect((await regulator.http.post(`/api/complaints/${complaints[1]}/decision`, dismiss)).statusCode).toBe(200);
    const resumed = (await t.purchaser.http.get(`/api/tenders/${t.id}`)).json();
    // Resumed where it was (both challenges unanswered), never cancelled by a dismissal.
    expect(resumed).toMatchObject({ status: 'challenge', suspendedAt: null });
  });
});
