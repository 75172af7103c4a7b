import { createHash, randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries, auditPending, bidFiles, experts, storedFiles, tenders } from '../../server/db/schema/index.ts';
import { historyVersions } from '../../server/platform/history.ts';
import { prepareReleases } from '../../server/modules/ocds/ocds.store.ts';
import { client, login, type TestContext } from '../helpers/context.ts';
import { actor, createOrg, createUser, TEST_PASSWORD, type Actor } from '../helpers/factories.ts';
import { minimalPdf, ONE_PIXEL_PNG } from '../helpers/files.ts';
import {
  drawCommittee,
  goodsTender,
  insertExpert,
  passTenderDeadline,
  procurementContext,
  publishTender,
  supplierClient,
} from '../helpers/procurement.ts';

/** 招标文件 as PDF versions, 投标文件 sealed with the bid and opened only by the opening, the 中小企业声明函 as a PDF (#21 item 4). */

let ctx: TestContext;
let center: Actor;
let otherCenter: Actor;
let purchaser: Actor;
const token = `f${randomBytes(3).toString('hex')}`;
const CODE = 'A080602';
type Http = ReturnType<typeof client>;
const problemField = (res: { json(): unknown }) => (res.json() as { errors: { field: string }[] }).errors[0]!.field;

beforeAll(async () => {
  ({ ctx, center } = await procurementContext());
  otherCenter = await actor(ctx.app, ctx.database.db, 'center_staff');
  purchaser = await actor(ctx.app, ctx.database.db, 'purchaser', (await createOrg(ctx.database.db, 'purchasing_unit')).id);
}, 60_000);
afterAll(() => ctx.close());

/** Audit entries of a tender with this action, chained or still pending. */
async function auditOf(entityId: string, action: string) {
  const [chained, pending] = await Promise.all(
    [auditEntries, auditPending].map((table) =>
      ctx.database.db
        .select({ actorOrgId: table.actorOrgId })
        .from(table)
        .where(and(eq(table.entityId, entityId), eq(table.action, action))),
    ),
  );
  return [...chained!, ...pending!];
}

const tenderBody = (title: string) =>
  goodsTender(purchaser.orgId, `${token} ${title}`, { categoryCode: CODE, lot: { categoryCode: CODE } });

describe('tender documents as PDF versions', () => {
  it('keeps each upload as a version; one while bidding is an amendment; every download is recorded', async () => {
    const created = await center.http.post('/api/tenders', tenderBody('文件版本'));
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const v1 = await center.http.upload(`/api/tenders/${id}/document-files`, '招标文件.pdf', minimalPdf(), 'application/pdf');
    expect(v1.statusCode, v1.body).toBe(201);
    expect(v1.json()).toMatchObject({ version: 1, filename: '招标文件.pdf' });
    // A draft's documents: its own center only.
    expect((await otherCenter.http.get(`/api/tenders/${id}/document-files`)).statusCode).toBe(404);
    expect((await otherCenter.http.upload(`/api/tenders/${id}/document-files`, 'x.pdf', minimalPdf(), 'application/pdf')).statusCode).toBe(
      404,
    );
    expect((await center.http.post(`/api/tenders/${id}/publish`)).statusCode).toBe(200);

    const bidder = await supplierClient(ctx, { sizeClass: 'large' });
    const lotId = (await center.http.get(`/api/tenders/${id}`)).json().lots[0].id as string;
    const bid = await bidder.http.send('PUT', `/api/tenders/${id}/bids`, { lotId, priceFen: 280_000_000, technicalResponse: '完全响应' });
    expect(bid.statusCode, bid.body).toBe(200);
    const amended = minimalPdf('% 第二版\n');
    const v2 = await center.http.upload(`/api/tenders/${id}/document-files`, '招标文件（修改）.pdf', amended, 'application/pdf');
    expect(v2.statusCode, v2.body).toBe(201);
    expect(v2.json().version).toBe(2);
    const [t] = await ctx.database.db.select().from(tenders).where(eq(tenders.id, id));
    expect(t!.documentsVersion).toBe(2);
    const receipts = (await bidder.http.get(`/api/tenders/${id}/bids/mine`)).json();
    expect(receipts[0].status).toBe('invalidated');
    // The amendment is published with it (OCDS tenderAmendment): nothing the tender's rows yield is left unrecorded.
    expect((await prepareReleases(ctx.database.db, 'tender', id)).releases).toEqual([]);

    const list = (await bidder.http.get(`/api/tenders/${id}/document-files`)).json();
    expect(list.map((f: { version: number }) => f.version)).toEqual([1, 2]);
    expect(list[0].uploadedAt).toMatch(/^\d{4}-/);
    const old = await bidder.http.get(list[0].url);
    expect(old.statusCode).toBe(200);
    expect(old.headers['content-type']).toContain('application/pdf');
    expect(old.rawPayload.equals(minimalPdf())).toBe(true);
    expect((await bidder.http.get(list[1].url)).rawPayload.equals(amended)).toBe(true);
    expect((await client(ctx.app, null).get(list[0].url)).statusCode).toBe(401);
    const recorded = await auditOf(id, 'tender.document.download');
    expect(recorded).toHaveLength(2);
    expect(recorded[0]!.actorOrgId).toBe(bidder.org.id);
  });

  it('refuses what is not a PDF, a file too big, and no file, naming the field', async () => {
    const created = await center.http.post('/api/tenders', tenderBody('坏文件'));
    const url = `/api/tenders/${created.json().id}/document-files`;
    const png = await center.http.upload(url, 'x.pdf', ONE_PIXEL_PNG, 'application/pdf');
    expect(png.statusCode).toBe(422);
    expect(problemField(png)).toBe('file');
    const fake = await center.http.upload(url, 'x.pdf', Buffer.from('%PDF-1.4\n<html><script>alert(1)</script></html>'), 'application/pdf');
    expect(fake.statusCode).toBe(422);
    expect(problemField(fake)).toBe('file');
    expect(png.headers['content-type']).toContain('application/problem+json');
    const big = await center.http.upload(url, 'big.pdf', Buffer.concat([minimalPdf(), Buffer.alloc(21 * 1024 * 1024)]), 'application/pdf');
    expect(big.statusCode).toBe(400);
    expect(problemField(big)).toBe('file');
    const none = await center.http.post(url, {});
    expect(none.statusCode).toBeGreaterThanOrEqual(400);
    expect(none.statusCode).toBeLessThan(500);
    expect((await center.http.get(url)).json()).toEqual([]);
  });
});

describe('bid files sealed with the bid', () => {
  let id = '';
  let lotId = '';
  let bidder: { org: { id: string }; http: Http };
  let other: { org: { id: string }; http: Http };
  const file = minimalPdf('% 技术响应文件\n');

  beforeAll(async () => {
    for (let i = 0; i < 6; i++) await insertExpert(ctx, token, { specialties: [CODE] });
    const t = await publishTender(center, tenderBody('投标文件'));
    id = t.id;
    lotId = t.lots[0].id;
    bidder = await supplierClient(ctx, { sizeClass: 'small', name: `${token}小型投标人有限公司` });
    other = await supplierClient(ctx, { sizeClass: 'large', name: `${token}大型投标人有限公司` });
    const third = await supplierClient(ctx, { sizeClass: 'large' });
    for (const [s, sme] of [
      [bidder, true],
      [other, false],
      [third, false],
    ] as const) {
      const res = await s.http.send('PUT', `/api/tenders/${id}/bids`, {
        lotId,
        priceFen: 250_000_000,
        technicalResponse: '完全响应',
        smeDeclared: sme,
      });
      expect(res.statusCode, res.body).toBe(200);
    }
  }, 60_000);

  it('stores only ciphertext, and nobody reads it before the opening', async () => {
    const noBid = await supplierClient(ctx);
    expect((await noBid.http.upload(`/api/tenders/${id}/bids/${lotId}/files`, 'a.pdf', file, 'application/pdf')).statusCode).toBe(409);
    const wrong = await bidder.http.upload(`/api/tenders/${id}/bids/${lotId}/files`, 'a.pdf', ONE_PIXEL_PNG, 'application/pdf');
    expect(wrong.statusCode).toBe(422);
    expect(problemField(wrong)).toBe('file');
    const steps = async () => (await historyVersions(ctx.database.db, [{ entityType: 'tender', entityId: id }])).get(`tender:${id}`);
    const before = await steps();
    const up = await bidder.http.upload(`/api/tenders/${id}/bids/${lotId}/files`, '技术响应.pdf', file, 'application/pdf');
    expect(up.statusCode, up.body).toBe(201);
    // A sealed file is not a step anyone watching the tender's page may learn of (its live stream stays quiet).
    expect(await steps()).toBe(before);
    // Its receipt: the SHA-256 of the PDF as sent, which the opened file will match.
    const sha256 = createHash('sha256').update(file).digest('hex');
    expect(up.json()).toMatchObject({ state: 'sealed', filename: '技术响应.pdf', sizeBytes: file.length, sha256 });
    expect((await bidder.http.get(`/api/tenders/${id}/bid-files`)).json()[0].sha256).toBe(sha256);
    const [row] = await ctx.database.db.select().from(bidFiles).where(eq(bidFiles.id, up.json().id));
    const [stored] = await ctx.database.db
      .select()
      .from(storedFiles)
      .where(and(eq(storedFiles.area, 'bid-files-sealed'), eq(storedFiles.sha256, row!.sealedSha256)));
    expect(stored!.content.includes(Buffer.from('%PDF'))).toBe(false);
    expect(stored!.content.includes(Buffer.from('技术响应文件'))).toBe(false);

    const url = up.json().url as string;
    expect((await bidder.http.get(url)).statusCode).toBe(409);
    expect((await center.http.get(url)).statusCode).toBe(409);
    expect((await center.http.get(`/api/tenders/${id}/bid-files`)).statusCode).toBe(409);
    expect((await purchaser.http.get(url)).statusCode).toBe(409);
    expect((await other.http.get(url)).statusCode).toBe(404);
    expect((await other.http.get(`/api/tenders/${id}/bid-files`)).json()).toEqual([]);
    expect((await otherCenter.http.get(url)).statusCode).toBe(404);
    const expert = await createUser(ctx.database.db, (await createOrg(ctx.database.db, 'procurement_center')).id, ['expert']);
    expect((await client(ctx.app, await login(ctx.app, expert.username, TEST_PASSWORD)).get(url)).statusCode).toBe(404);
    expect((await bidder.http.get(`/api/tenders/${id}/bid-files`)).json()).toHaveLength(1);
    const bidId = up.json().bidId as string;
    expect((await bidder.http.get(`/api/tenders/${id}/bids/${bidId}/sme-statement.pdf`)).statusCode).toBe(409);
  });

  it('is opened by the opening job, then read by the committee, each download recorded', { timeout: 60_000 }, async () => {
    await passTenderDeadline(ctx, id);
    const files = (await center.http.get(`/api/tenders/${id}/bid-files`)).json();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ state: 'opened', supplierId: bidder.org.id, sha256: createHash('sha256').update(file).digest('hex') });
    const got = await center.http.get(files[0].url);
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(file)).toBe(true);
    expect((await other.http.get(files[0].url)).statusCode).toBe(404);
    expect((await otherCenter.http.get(files[0].url)).statusCode).toBe(404);

    const drawn = await drawCommittee(center, id);
    const seat = drawn.seats[0];
    const [e] = await ctx.database.db.select().from(experts).where(eq(experts.id, seat.expertId));
    const user = await createUser(ctx.database.db, (await createOrg(ctx.database.db, 'procurement_center')).id, ['expert']);
    if (!e!.userId) await ctx.database.db.update(experts).set({ userId: user.id }).where(eq(experts.id, seat.expertId));
    const member = client(ctx.app, await login(ctx.app, user.username, TEST_PASSWORD));
    if (!e!.userId) {
      expect((await member.post(`/api/tender-experts/${seat.id}/confirm`)).statusCode).toBe(200);
      const byMember = await member.get(files[0].url);
      expect(byMember.statusCode).toBe(200);
      expect(byMember.rawPayload.equals(file)).toBe(true);
    }

    const letter = await center.http.get(`/api/tenders/${id}/bids/${files[0].bidId}/sme-statement.pdf`);
    expect(letter.statusCode, letter.body).toBe(200);
    expect(letter.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await other.http.get(`/api/tenders/${id}/bids/${files[0].bidId}/sme-statement.pdf`)).statusCode).toBe(404);
    const downloads = await auditOf(id, 'tender.bid.file.download');
    expect(downloads.length).toBeGreaterThanOrEqual(1);
    // The center's download is among them (a committee member's may be recorded too, in any order).
    expect(downloads.map((d) => d.actorOrgId)).toContain(center.orgId);
  });
});
