import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries, auditPending, notifications, tenderClocks, tenders } from '../../server/db/schema/index.ts';
import { client, type TestContext } from '../helpers/context.ts';
import { actor, createOrg, type Actor } from '../helpers/factories.ts';
import { minimalPdf } from '../helpers/files.ts';
import { errorsOf, validateRelease } from '../helpers/ocds.ts';
import {
  goodsTender,
  passTenderDeadline,
  procurementContext,
  publishTender,
  recordReviewsPassed,
  supplierClient,
  threeBidders,
} from '../helpers/procurement.ts';

/**
 * 合同 and 合同公告 (#22 item 4): the signed contract uploaded by the unit or the center, its public notice
 * with the document downloadable only once published, the OCDS contract document; and a lot whose reviews
 * leave fewer valid bids than the method's minimum fails (87号令) instead of being scored.
 */

let ctx: TestContext;
let center: Actor;
let purchaser: Actor;
let unitId = '';
const token = `k${randomBytes(3).toString('hex')}`;
type Supplier = Awaited<ReturnType<typeof supplierClient>>;
const db = () => ctx.database.db;

/** A published open tender of the unit with three bidders (distinct brands), opened. */
async function openedTender(title: string) {
  const t = await publishTender(center, goodsTender(unitId, `${token} ${title}`));
  const lotId: string = t.lots[0].id;
  const bidders: Supplier[] = await threeBidders(ctx, { id: t.id, lotId }, token, (i) => `${token}${title}投标人${i}有限公司`);
  await passTenderDeadline(ctx, t.id);
  return { id: t.id as string, lotId, bidders };
}

let award: Awaited<ReturnType<typeof openedTender>>;
/** Today in Beijing: a contract is signed on a day between the end of the challenge window and today. */
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const contractUrl = () => `/api/tenders/${award.id}/lots/${award.lotId}/contract`;

beforeAll(async () => {
  ({ ctx, center } = await procurementContext());
  const unit = await createOrg(db(), 'purchasing_unit');
  unitId = unit.id;
  purchaser = await actor(ctx.app, db(), 'purchaser', unit.id);
  // Awarded, the challenge window over: the contract may be signed.
  award = await openedTender('合同公告');
  await db().update(tenders).set({ status: 'evaluation' }).where(eq(tenders.id, award.id));
  await recordReviewsPassed(ctx, award.id);
  const evaluated = await center.http.post(`/api/tenders/${award.id}/evaluate`);
  expect(evaluated.statusCode, evaluated.body).toBe(200);
  const confirmed = await purchaser.http.post(`/api/tenders/${award.id}/lots/${award.lotId}/award`);
  expect(confirmed.statusCode, confirmed.body).toBe(200);
  await db()
    .update(tenders)
    .set({ challengeUntil: sql`now() - interval '1 second'` })
    .where(eq(tenders.id, award.id));
}, 120_000);
afterAll(() => ctx.close());

describe('the contract and its public notice', () => {
  it('[rule:tenders.contract-amount] takes the contract fields by zod; an amount other than the awarded bid needs a reason', async () => {
    const bad = await purchaser.http.post(contractUrl(), { signedOn: '2026-13-01', amountFen: 1.5 });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const future = await purchaser.http.post(contractUrl(), { signedOn: '2099-01-01' });
    expect(future.statusCode, future.body).toBe(422);
    expect(future.json().errors[0].field).toBe('signedOn');
    const early = await purchaser.http.post(contractUrl(), { signedOn: '2020-01-01' });
    expect(early.statusCode, early.body).toBe(422);
    expect(early.json().errors[0].field).toBe('signedOn');
    const differs = await purchaser.http.post(contractUrl(), { signedOn: today(), amountFen: 279_000_000 });
    expect(differs.statusCode, differs.body).toBe(422);
    expect(differs.json().errors[0].field).toBe('amountFen');
    const signed = await purchaser.http.post(contractUrl(), { signedOn: today(), contractNo: `${token}-HT-001` });
    expect(signed.statusCode, signed.body).toBe(201);
    expect(signed.json()[0]).toMatchObject({ contractNo: `${token}-HT-001`, priceFen: 280_000_000 });
    // Recorded, not yet published: the publication clock runs; the public sees no contract yet.
    const [clock] = await db()
      .select()
      .from(tenderClocks)
      .where(and(eq(tenderClocks.tenderId, award.id), eq(tenderClocks.kind, 'contract_publication')));
    expect(clock?.status).toBe('running');
    const pub = (await client(ctx.app, null).get(`/api/public/tenders/${award.id}`)).json();
    expect(pub).toMatchObject({ status: 'contracted', contracts: [], contractNotices: [] });
  });

  it('[rule:tenders.contract-notice] takes the signed contract PDF from a party only, publishes the 合同公告, and the public downloads it only after', async () => {
    const pdf = minimalPdf();
    const notPdf = await purchaser.http.upload(
      `${contractUrl()}/document`,
      'contract.pdf',
      Buffer.from('<html>合同</html>'),
      'application/pdf',
    );
    expect(notPdf.statusCode).toBe(422);
    expect(notPdf.json().errors[0].field).toBe('file');
    const other = await supplierClient(ctx);
    expect((await other.http.upload(`${contractUrl()}/document`, 'contract.pdf', pdf, 'application/pdf')).statusCode).toBe(403);
    const otherUnit = await actor(ctx.app, db(), 'purchaser', (await createOrg(db(), 'purchasing_unit')).id);
    expect((await otherUnit.http.upload(`${contractUrl()}/document`, 'contract.pdf', pdf, 'application/pdf')).statusCode).toBe(404);
    // Publishing needs the document.
    const early = await purchaser.http.post(`${contractUrl()}/publish`);
    expect([early.statusCode, early.json().errors?.[0]?.field]).toEqual([422, 'file']);

    const up = await center.http.upload(`${contractUrl()}/document`, '合同.pdf', pdf, 'application/pdf');
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json()).toMatchObject({ publishedAt: null, document: { filename: '合同.pdf', sizeBytes: pdf.length } });
    // Before publication: the parties (the unit, the center, the supplier) read it; the public and other suppliers do not.
    const doc = `${contractUrl()}/document`;
    expect((await client(ctx.app, null).get(doc)).statusCode).toBe(404);
    expect((await other.http.get(doc)).statusCode).toBe(404);
    for (const party of [purchaser.http, center.http, award.bidders[0]!.http]) expect((await party.get(doc)).statusCode).toBe(200);

    const published = await purchaser.http.post(`${contractUrl()}/publish`);
    expect(published.statusCode, published.body).toBe(200);
    expect((await purchaser.http.post(`${contractUrl()}/publish`)).statusCode).toBe(409);
    const pub = (await client(ctx.app, null).get(`/api/public/tenders/${award.id}`)).json();
    expect(pub.contractNotices).toEqual([
      expect.objectContaining({
        contractNo: `${token}-HT-001`,
        lotNo: 1,
        supplierName: `${token}合同公告投标人0有限公司`,
        purchaserName: expect.any(String),
        amountFen: 280_000_000,
        signedOn: today(),
        publishedAt: expect.any(String),
        document: { filename: '合同.pdf', sizeBytes: pdf.length, url: doc },
      }),
    ]);
    const download = await client(ctx.app, null).get(doc);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toContain('application/pdf');
    expect(download.rawPayload.equals(pdf)).toBe(true);
    const [clock] = await db()
      .select()
      .from(tenderClocks)
      .where(and(eq(tenderClocks.tenderId, award.id), eq(tenderClocks.kind, 'contract_publication')));
    expect(clock?.status).toBe('met');
    const audit = [
      ...(await db().select({ action: auditPending.action }).from(auditPending).where(eq(auditPending.entityId, award.id))),
      ...(await db().select({ action: auditEntries.action }).from(auditEntries).where(eq(auditEntries.entityId, award.id))),
    ];
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['tender.contract', 'tender.contract.document', 'tender.contract.publish']),
    );
    // A published contract's document is no longer replaced.
    expect((await purchaser.http.upload(doc, 'v2.pdf', pdf, 'application/pdf')).statusCode).toBe(409);
  });

  it('publishes the contract in OCDS with its signed document (contractSigned)', async () => {
    const pkg = (await client(ctx.app, null).get(`/api/ocds/tenders/${award.id}/releases`)).json();
    const release = pkg.releases.find((r: { tag: string[] }) => r.tag[0] === 'contract');
    expect(validateRelease(release), errorsOf(validateRelease)).toBe(true);
    expect(release.contracts[0]).toMatchObject({
      id: `${token}-HT-001`,
      value: { amount: 2_800_000, currency: 'CNY' },
      documents: [
        {
          documentType: 'contractSigned',
          format: 'application/pdf',
          url: expect.stringMatching(new RegExp(`/api/tenders/${award.id}/lots/${award.lotId}/contract/document$`)),
        },
      ],
    });
  });
});

describe('after the reviews', () => {
  it('[rule:tenders.min-bidders-after-review] fails a lot the qualification review leaves under the minimum, with the reason, and tells the unit and bidders', async () => {
    const t = await openedTender('资格审查废标');
    const reviews: { bidId: string; lotId: string; supplierName: string }[] = (
      await center.http.get(`/api/tenders/${t.id}/reviews`)
    ).json();
    expect(reviews).toHaveLength(3);
    const res = await center.http.send('PUT', `/api/tenders/${t.id}/qualification`, {
      lotId: t.lotId,
      results: reviews.map((r, i) => ({ bidId: r.bidId, passed: i !== 0, ...(i === 0 ? { reason: '未提供有效的营业执照' } : {}) })),
    });
    expect(res.statusCode, res.body).toBe(200);
    const pub = (await client(ctx.app, null).get(`/api/public/tenders/${t.id}`)).json();
    expect(pub).toMatchObject({ status: 'failed', lots: [{ status: 'failed' }] });
    expect(pub.resultNote).toContain('资格性审查后有效投标 2 家，少于 3 家，废标');
    expect(pub.invalidBids).toEqual([expect.objectContaining({ stage: 'qualification', reason: expect.stringContaining('营业执照') })]);
    // Not scored: the evaluation refuses, the compliance review has nothing left.
    expect((await center.http.post(`/api/tenders/${t.id}/evaluate`)).statusCode).toBeGreaterThanOrEqual(400);
    const told = await db()
      .select()
      .from(notifications)
      .where(and(eq(notifications.kind, 'tender.lot.failed'), sql`${notifications.body} like ${`%${token} 资格审查废标%`}`));
    expect(new Set(told.map((n) => n.organizationId))).toEqual(new Set([unitId, ...t.bidders.map((b) => b.org.id)]));
    // 废标公告 in the open data: a release of its own, dated when the lot failed (after the opening's), and
    // the record ends unsuccessful as the process list says it failed.
    const pkg = (await client(ctx.app, null).get(`/api/ocds/tenders/${t.id}/releases`)).json();
    for (const r of pkg.releases) expect(validateRelease(r), errorsOf(validateRelease)).toBe(true);
    const failed = pkg.releases.find((r: { id: string }) => r.id.endsWith('lot-failed-1'));
    expect(failed).toMatchObject({
      tag: ['tenderUpdate'],
      tender: { status: 'unsuccessful', lots: [{ id: '1', status: 'unsuccessful' }] },
    });
    const opening = pkg.releases.find((r: { id: string }) => r.id.endsWith('-opening'));
    expect(opening.tender.status).toBe('active');
    expect(Date.parse(failed.date)).toBeGreaterThanOrEqual(Date.parse(opening.date));
    const record = (await client(ctx.app, null).get(`/api/ocds/tenders/${t.id}/record`)).json();
    expect(record.records[0].compiledRelease.tender).toMatchObject({ status: 'unsuccessful', lots: [{ status: 'unsuccessful' }] });
    const listed = (await client(ctx.app, null).get('/api/ocds/processes?kind=tender&pageSize=200')).json();
    expect(listed.items.find((p: { id: string }) => p.id === t.id)).toMatchObject({ status: 'failed' });
  });
});
