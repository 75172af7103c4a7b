import { createHash, randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bids, quotationQuotes, quotations, type SizeClass } from '../../server/db/schema/index.ts';
import { canonicalJson, newReceiptNonce } from '../../server/platform/receipts.ts';
import { type createServices } from '../../server/services.ts';
import { type TestContext } from '../helpers/context.ts';
import {
  goodsTender,
  passQuotationDeadline,
  procurementContext,
  quotationRequirement,
  passTenderDeadline,
  publishTender,
  supplierClient,
  unitWithLine,
} from '../helpers/procurement.ts';
import { createOrg, type Actor } from '../helpers/factories.ts';

let ctx: TestContext;
let services: ReturnType<typeof createServices>;
let center: Actor;
const token = `r${randomBytes(3).toString('hex')}`;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

beforeAll(async () => {
  ({ ctx, services, center } = await procurementContext());
});
afterAll(() => ctx.close());

async function supplier(sizeClass: SizeClass) {
  return supplierClient(ctx, {
    sizeClass,
    name: `${token}${sizeClass}供应商${randomBytes(2).toString('hex')}有限公司`,
    legalRepresentative: `代表${randomBytes(3).toString('hex')}`,
  });
}

async function openQuotation() {
  const { line, purchaser } = await unitWithLine(ctx, 10_000_000);
  const res = await purchaser.http.post('/api/quotations', quotationRequirement(token, line.id, { quantity: 1 }));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

const closeQuotation = (id: string) => passQuotationDeadline(ctx, id);

async function openTender(budgetFen = 300_000_000) {
  const unitId = (await createOrg(ctx.database.db, 'purchasing_unit')).id;
  return publishTender(center, goodsTender(unitId, `${token} 办公计算机采购`, { lot: { budgetFen } }));
}

const openBids = (id: string) => passTenderDeadline(ctx, id);

describe('quotation receipts', () => {
  it('from the stored row alone, 10,000 candidate prices (the true one among them) find nothing; the nonce is returned once and stored nowhere in clear', async () => {
    const q = await openQuotation();
    const s = await supplier('small');
    const truePrice = 2_876_543;
    const sent = { unitPriceFen: truePrice, brand: '自有', model: '运维服务包', deliveryDays: 7, smeDeclared: true };
    const res = await s.http.send('PUT', `/api/quotations/${q.id}/quote`, sent);
    expect(res.statusCode, res.body).toBe(200);
    const receipt = res.json();
    expect(receipt).toMatchObject({
      version: 1,
      supplierId: s.org.id,
      scheme: 'jicai-receipt-v2',
      commitment: expect.stringMatching(/^[0-9a-f]{64}$/),
      nonce: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    expect(res.body).not.toContain(String(truePrice));

    // The attacker's view: the stored row (a database dump), with brand, model, delivery and size class guessed right.
    const [row] = await ctx.database.db
      .select()
      .from(quotationQuotes)
      .where(and(eq(quotationQuotes.quotationId, q.id), eq(quotationQuotes.supplierId, s.org.id)));
    expect(row!.commitment).toBe(receipt.commitment);
    const dump = JSON.stringify(row);
    expect(dump).not.toContain(receipt.nonce);
    expect(dump).not.toContain(Buffer.from(receipt.nonce, 'base64url').toString('hex'));
    const candidates = Array.from({ length: 10_000 }, (_, i) => truePrice - 5_000 + i);
    expect(candidates).toContain(truePrice);
    const found = candidates.filter((p) => {
      const content = {
        unitPriceFen: p,
        brand: '自有',
        model: '运维服务包',
        specs: {},
        deliveryDays: 7,
        smeDeclared: true,
        certificates: [],
        sizeClass: 'small',
      };
      const body = { unitPriceFen: p, brand: '自有', model: '运维服务包', specs: {}, deliveryDays: 7, smeDeclared: true, certificates: [] };
      return [
        sha256(`${q.id}\n${s.org.id}\n${JSON.stringify(content)}`), // the old receipt
        sha256(`${q.id}\n${s.org.id}\n${canonicalJson(body)}`),
        sha256(canonicalJson(body)),
      ].includes(row!.commitment);
    });
    expect(found).toEqual([]);
    // Nor does the re-downloadable receipt carry the nonce.
    const again = await s.http.get(`/api/quotations/${q.id}/quote`);
    expect(again.json()).toMatchObject({ commitment: receipt.commitment });
    expect(again.json().nonce).toBeUndefined();

    // The ciphertext's length says nothing of the price's digits.
    const t = await supplier('medium');
    expect((await t.http.send('PUT', `/api/quotations/${q.id}/quote`, { ...sent, unitPriceFen: 9, smeDeclared: false })).statusCode).toBe(
      200,
    );
    const [other] = await ctx.database.db
      .select()
      .from(quotationQuotes)
      .where(and(eq(quotationQuotes.quotationId, q.id), eq(quotationQuotes.supplierId, t.org.id)));
    expect(other!.sealed!.length).toBe(row!.sealed!.length);

    // No verification before the opening (it would say who quoted).
    const early = await ctx.app.inject({
      method: 'POST',
      url: `/api/public/quotations/${q.id}/receipts/verify`,
      payload: { supplierId: s.org.id, nonce: receipt.nonce, quote: sent },
    });
    expect(early.statusCode, early.body).toBe(409);

    await closeQuotation(q.id);
    const verify = (body: Record<string, unknown>) =>
      ctx.app.inject({ method: 'POST', url: `/api/public/quotations/${q.id}/receipts/verify`, payload: body });
    const right = await verify({ supplierId: s.org.id, nonce: receipt.nonce, quote: sent });
    expect(right.statusCode, right.body).toBe(200);
    expect(right.json()).toMatchObject({ valid: true, commitment: receipt.commitment, version: 1 });
    expect((await verify({ supplierId: s.org.id, nonce: newReceiptNonce(), quote: sent })).json().valid).toBe(false);
    expect(
      (await verify({ supplierId: s.org.id, nonce: receipt.nonce, quote: { ...sent, unitPriceFen: truePrice + 1 } })).json().valid,
    ).toBe(false);
    expect((await verify({ supplierId: t.org.id, nonce: receipt.nonce, quote: sent })).json().valid).toBe(false);
    const bad = await verify({ supplierId: s.org.id, nonce: 'short', quote: sent });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body).toContain('nonce');

    // The opening counted the quote: its receipt held.
    const pub = (await ctx.app.inject({ method: 'GET', url: `/api/public/quotations/${q.id}` })).json();
    const mine = pub.quotes.find((x: { supplierId: string }) => x.supplierId === s.org.id);
    expect(mine).toMatchObject({ unitPriceFen: truePrice, commitment: receipt.commitment });
    expect(mine.issues.join()).not.toContain('回执');
  });

  it('the closing opens quotes sealed before (unsalted receipt) and refuses a quote whose stored commitment was changed', async () => {
    const q = await openQuotation();
    const [qRow] = await ctx.database.db.select().from(quotations).where(eq(quotations.id, q.id));
    const legacy = await supplier('large');
    const content = {
      unitPriceFen: 4_000_000,
      brand: '旧版',
      model: '运维服务包',
      specs: {},
      deliveryDays: 7,
      smeDeclared: false,
      certificates: [],
      sizeClass: 'large',
    };
    const plaintext = JSON.stringify(content);
    await ctx.database.db.insert(quotationQuotes).values({
      quotationId: q.id,
      supplierId: legacy.org.id,
      submittedAt: new Date(),
      commitment: sha256(`${q.id}\n${legacy.org.id}\n${plaintext}`),
      sealed: services.sealer.seal(qRow!.sealPublicKey, plaintext, `${q.id}:${legacy.org.id}`),
    });
    const tampered = await supplier('medium');
    expect(
      (
        await tampered.http.send('PUT', `/api/quotations/${q.id}/quote`, {
          unitPriceFen: 3_000_000,
          brand: '自有',
          model: '运维服务包',
          deliveryDays: 7,
        })
      ).statusCode,
    ).toBe(200);
    await ctx.database.db
      .update(quotationQuotes)
      .set({ commitment: randomBytes(32).toString('hex') })
      .where(and(eq(quotationQuotes.quotationId, q.id), eq(quotationQuotes.supplierId, tampered.org.id)));

    await closeQuotation(q.id);
    const pub = (await ctx.app.inject({ method: 'GET', url: `/api/public/quotations/${q.id}` })).json();
    const of = (id: string) => pub.quotes.find((x: { supplierId: string }) => x.supplierId === id);
    expect(of(legacy.org.id)).toMatchObject({ unitPriceFen: 4_000_000, brand: '旧版', compliant: true });
    expect(of(tampered.org.id)).toMatchObject({ compliant: false });
    expect(of(tampered.org.id).issues.join()).toContain('回执承诺校验失败');
  });
});

describe('tender bid receipts', () => {
  it('a bid receipt reveals nothing from the row; after the opening, the bid and its nonce verify and the wrong nonce does not', async () => {
    const t = await openTender();
    const lotId = t.lots[0]!.id;
    const a = await supplier('small');
    const b = await supplier('large');
    const truePrice = 187_654_321;
    const sent = { lotId, priceFen: truePrice, brand: '联想', technicalResponse: '完全响应采购需求', smeDeclared: true };
    const res = await a.http.send('PUT', `/api/tenders/${t.id}/bids`, sent);
    expect(res.statusCode, res.body).toBe(200);
    const receipt = res.json();
    expect(receipt).toMatchObject({
      status: 'submitted',
      scheme: 'jicai-receipt-v2',
      commitment: expect.stringMatching(/^[0-9a-f]{64}$/),
      nonce: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    expect(res.body).not.toContain(String(truePrice));
    expect(
      (
        await b.http.send('PUT', `/api/tenders/${t.id}/bids`, {
          ...sent,
          smeDeclared: false,
          priceFen: 7,
          brand: '华为',
          technicalResponse: '完全响应采购需求，另提供五年保修与驻场服务',
        })
      ).statusCode,
    ).toBe(200);

    const rows = await ctx.database.db.select().from(bids).where(eq(bids.tenderId, t.id));
    const row = rows.find((r) => r.supplierId === a.org.id)!;
    expect(JSON.stringify(rows)).not.toContain(receipt.nonce);
    // Same ciphertext length for a 9-digit and a 1-digit price and different text lengths.
    expect(new Set(rows.map((r) => r.sealed!.length)).size).toBe(1);
    const found = Array.from({ length: 10_000 }, (_, i) => truePrice - 5_000 + i).filter((p) => {
      const content = {
        lotId,
        priceFen: p,
        brand: '联想',
        technicalResponse: '完全响应采购需求',
        smeDeclared: true,
        sizeClass: 'small',
        documentsVersion: 1,
      };
      return [
        sha256(`${t.id}\n${lotId}\n${a.org.id}\n${JSON.stringify(content)}`),
        sha256(canonicalJson({ lotId, priceFen: p, brand: '联想', technicalResponse: '完全响应采购需求', smeDeclared: true })),
      ].includes(row.commitment);
    });
    expect(found).toEqual([]);
    const mine = (await a.http.get(`/api/tenders/${t.id}/bids/mine`)).json();
    expect(mine[0]).toMatchObject({ commitment: receipt.commitment });
    expect(mine[0].nonce).toBeUndefined();

    const verify = (body: Record<string, unknown>) =>
      ctx.app.inject({ method: 'POST', url: `/api/public/tenders/${t.id}/receipts/verify`, payload: body });
    expect((await verify({ supplierId: a.org.id, nonce: receipt.nonce, bid: sent })).statusCode).toBe(409);
    const opened = await openBids(t.id);
    const record = (opened.openingRecord as { supplierId: string; priceFen: number; status: string; statusNote: string | null }[]).find(
      (r) => r.supplierId === a.org.id,
    )!;
    expect(record.priceFen).toBe(truePrice);
    expect(record.statusNote ?? '').not.toContain('回执');
    const ok = await verify({ supplierId: a.org.id, nonce: receipt.nonce, bid: sent });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ valid: true, commitment: receipt.commitment, documentsVersion: 1 });
    expect((await verify({ supplierId: a.org.id, nonce: newReceiptNonce(), bid: sent })).json().valid).toBe(false);
    expect((await verify({ supplierId: a.org.id, nonce: receipt.nonce, bid: { ...sent, priceFen: truePrice - 1 } })).json().valid).toBe(
      false,
    );
    const detail = (await ctx.app.inject({ method: 'GET', url: `/api/public/tenders/${t.id}` })).json();
    expect(detail.openingRecord.find((r: { supplierId: string }) => r.supplierId === a.org.id).commitment).toBe(receipt.commitment);
  });
});
