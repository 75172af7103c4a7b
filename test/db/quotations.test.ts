import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  budgetLines,
  orders,
  type organizations,
  quotationQuotes,
  quotations,
  scheduledJobs,
  type SizeClass,
} from '../../server/db/schema/index.ts';
import { quotationJobs } from '../../server/modules/quotations/quotations.service.ts';
import { type createServices } from '../../server/services.ts';
import { inTransaction } from '../../server/db/tx.ts';
import { client, type TestContext } from '../helpers/context.ts';
import {
  creditEventBody,
  passQuotationDeadline,
  procurementContext,
  quotationRequirement,
  supplierClient,
  unitWithLine,
} from '../helpers/procurement.ts';
import { actor, type Actor } from '../helpers/factories.ts';

let ctx: TestContext;
let services: ReturnType<typeof createServices>;
let center: Actor;
const token = `q${randomBytes(3).toString('hex')}`;
const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const nextYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

beforeAll(async () => {
  ({ ctx, services, center } = await procurementContext());
});
afterAll(() => ctx.close());

const unit = (budgetFen: number) => unitWithLine(ctx, budgetFen);

async function supplier(sizeClass: SizeClass, agreementFor?: string[], extra: Partial<typeof organizations.$inferInsert> = {}) {
  const { org, http } = await supplierClient(ctx, {
    sizeClass,
    name: `${token}${sizeClass}供应商${randomBytes(2).toString('hex')}有限公司`,
    ...extra,
  });
  if (agreementFor) {
    const res = await center.http.post('/api/agreements', {
      code: `XY-${randomBytes(4).toString('hex')}`,
      title: '协议供货',
      supplierId: org.id,
      categoryCodes: agreementFor,
      startsOn: today,
      endsOn: nextYear,
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  return { org, http };
}

const requirement = (budgetLineId: string, extra: Record<string, unknown> = {}) => quotationRequirement(token, budgetLineId, extra);

const quote = (unitPriceFen: number, extra: Record<string, unknown> = {}) => ({
  unitPriceFen,
  brand: '自有',
  model: '运维服务包',
  deliveryDays: 7,
  // Declared small/micro only where the supplier is: a medium or large one's declaration is refused.
  smeDeclared: false,
  ...extra,
});

const freeOf = async (lineId: string) => {
  const [l] = await ctx.database.db.select().from(budgetLines).where(eq(budgetLines.id, lineId));
  return { free: l!.amountFen - l!.reservedFen - l!.spentFen, reserved: l!.reservedFen, spent: l!.spentFen };
};

const passDeadline = (id: string) => passQuotationDeadline(ctx, id);

describe('online quotation (网上竞价)', () => {
  it('three quotes: the small enterprise wins only through its 10% deduction; the result shows every price and evaluation price; the order follows [rule:quotations.sme-deduction]', async () => {
    const u = await unit(10_000_000);
    const posted = await u.purchaser.http.post('/api/quotations', requirement(u.line.id));
    expect(posted.statusCode, posted.body).toBe(201);
    const q = posted.json();
    expect(q).toMatchObject({ status: 'open', minQuotes: 3, quoteCount: null, quotes: [] });
    expect(await freeOf(u.line.id)).toMatchObject({ reserved: 6_000_000 });

    const large = await supplier('large');
    const medium = await supplier('medium');
    const small = await supplier('small');
    const r1 = await large.http.send('PUT', `/api/quotations/${q.id}/quote`, quote(500_000), { 'x-device-id': 'dev_Abc-123' });
    expect(r1.statusCode, r1.body).toBe(200);
    expect(r1.json()).toMatchObject({ version: 1, withdrawn: false, commitment: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(r1.body).not.toContain('500000');
    expect((await medium.http.send('PUT', `/api/quotations/${q.id}/quote`, quote(510_000))).statusCode).toBe(200);
    // The small enterprise first quotes high, then replaces its quote: only the last version counts.
    expect((await small.http.send('PUT', `/api/quotations/${q.id}/quote`, quote(590_000, { smeDeclared: true }))).statusCode).toBe(200);
    const replaced = await small.http.send('PUT', `/api/quotations/${q.id}/quote`, quote(540_000, { smeDeclared: true }), {
      'x-device-id': 'x'.repeat(65),
    });
    expect(replaced.json().version).toBe(2);
    // Where each quote came from, for the collusion rules: the address, and the device id header when well-formed.
    const origins = await ctx.database.db
      .select({ supplierId: quotationQuotes.supplierId, ip: quotationQuotes.submittedIp, deviceId: quotationQuotes.deviceId })
      .from(quotationQuotes)
      .where(eq(quotationQuotes.quotationId, q.id));
    expect(origins.find((o) => o.supplierId === large.org.id)).toMatchObject({ ip: '127.0.0.1', deviceId: 'dev_Abc-123' });
    expect(origins.find((o) => o.supplierId === small.org.id)).toMatchObject({ ip: '127.0.0.1', deviceId: null });

    // Sealed: no route shows a price, not even the count, before the deadline; the database holds none in clear.
    const views = [
      await u.purchaser.http.get(`/api/quotations/${q.id}`),
      await u.purchaser.http.get('/api/quotations'),
      await client(ctx.app, null).get(`/api/public/quotations/${q.id}`),
      await client(ctx.app, null).get(`/api/public/quotations?q=${token}`),
      await small.http.get('/api/supplier/quotations'),
      await small.http.get(`/api/quotations/${q.id}/quote`),
    ];
    for (const v of views) {
      expect(v.statusCode, v.body).toBe(200);
      for (const price of ['500000', '510000', '540000', '5400000', '4860000']) expect(v.body).not.toContain(price);
    }
    expect(views[2]!.json()).toMatchObject({ quoteCount: null, quotes: [] });
    const dump = await ctx.database.db.execute<{ t: string }>(
      sql`select row_to_json(x)::text as t from jicai.quotation_quotes x where quotation_id = ${q.id}`,
    );
    expect(dump.rows).toHaveLength(3);
    for (const row of dump.rows) for (const price of ['500000', '510000', '540000']) expect(row.t).not.toContain(price);
    // Nothing can open the quotes early: the close finds the deadline not passed and does nothing.
    expect(await inTransaction(ctx.database.db, (tx, after) => services.quotations.close(tx, after, q.id))).toBe('not-due');

    const closed = await passDeadline(q.id);
    expect(closed.status).toBe('awarded');
    const result = (await client(ctx.app, null).get(`/api/public/quotations/${q.id}`)).json();
    expect(result.quoteCount).toBe(3);
    const bySupplier = Object.fromEntries(result.quotes.map((x: { supplierId: string }) => [x.supplierId, x]));
    // Hand calculation: 10 × ¥5,400 = ¥54,000, less 10% = ¥48,600 < ¥50,000 (large) < ¥51,000 (medium).
    expect(bySupplier[small.org.id]).toMatchObject({
      rank: 1,
      totalFen: 5_400_000,
      deductionRate: '0.10',
      evaluationFen: 4_860_000,
      compliant: true,
      sizeClass: 'small',
    });
    expect(bySupplier[large.org.id]).toMatchObject({ rank: 2, totalFen: 5_000_000, deductionRate: '0', evaluationFen: 5_000_000 });
    expect(bySupplier[medium.org.id]).toMatchObject({ rank: 3, totalFen: 5_100_000, deductionRate: '0', evaluationFen: 5_100_000 });
    expect(result.quotes[0].supplierId).toBe(small.org.id);
    expect(result.resultNote).toContain('¥54,000.00');

    // The order is the small enterprise's, at its quoted price (the deduction is for evaluation only).
    const mine = (await u.purchaser.http.get(`/api/quotations/${q.id}`)).json();
    const order = (await u.purchaser.http.get(`/api/orders/${mine.orderId}`)).json();
    expect(order).toMatchObject({
      status: 'placed',
      supplierId: small.org.id,
      totalFen: 5_400_000,
      quotationId: q.id,
      lines: [{ listingId: null, quantity: 10, unitPriceFen: 540_000 }],
    });
    expect(order.confirmDeadline).not.toBeNull();
    // The ceiling is released and the order's amount held instead.
    expect(await freeOf(u.line.id)).toEqual({ free: 10_000_000 - 5_400_000, reserved: 5_400_000, spent: 0 });
    expect((await small.http.get(`/api/orders/${order.id}`)).statusCode).toBe(200);
    expect((await large.http.get(`/api/orders/${order.id}`)).statusCode).toBe(404);

    // Running the closing job again changes nothing.
    expect(await inTransaction(ctx.database.db, (tx, after) => services.quotations.close(tx, after, q.id))).toBe('skipped');
    expect(await ctx.database.db.select().from(orders).where(eq(orders.quotationId, q.id))).toHaveLength(1);
    expect(await freeOf(u.line.id)).toEqual({ free: 4_600_000, reserved: 5_400_000, spent: 0 });

    // Everyone in it is told once: the buyer of the result, the winner of its order, the others that they lost.
    const told = async (who: {
      http: { get: (url: string) => Promise<{ json: () => { items: { kind: string; title: string; body: string }[] } }> };
    }) => (await who.http.get('/api/notifications?pageSize=100')).json().items.filter((n) => n.title.includes(q.quotationNo));
    expect((await told(u.purchaser)).map((n) => n.kind)).toEqual(['quotation.awarded']);
    expect((await told(small)).map((n) => n.kind)).toEqual(['quotation.won']);
    expect((await told(large)).map((n) => n.kind)).toEqual(['quotation.lost']);
    expect((await told(medium))[0]!.body).toContain('未成交');
  });

  it('treats a prison enterprise and a disability welfare unit as small/micro whatever their size, and refuses a medium supplier’s small/micro declaration, and seals the 中小企业声明函 the facts bear [rule:quotations.sme-deduction] [rule:quotations.sme-declaration] [rule:quotations.sme-statement]', async () => {
    for (const smeTreatment of ['prison_enterprise', 'disability_welfare'] as const) {
      const u = await unit(10_000_000);
      const q = (await u.purchaser.http.post('/api/quotations', requirement(u.line.id))).json();
      // 京清服装厂's case: registered medium, a prison enterprise, declares small/micro.
      const treated = await supplier('medium', undefined, { smeTreatment });
      const small = await supplier('small');
      const large = await supplier('large');
      const medium = await supplier('medium');
      const refused = await medium.http.send('PUT', `/api/quotations/${q.id}/quote`, quote(380_000, { smeDeclared: true }));
      expect(refused.statusCode).toBe(422);
      expect(refused.json().errors).toEqual([expect.objectContaining({ field: 'smeDeclared', message: expect.stringContaining('中型') })]);
      const ok = [
        await treated.http.send('PUT', `/api/quotations/${q.id}/quote`, quote(400_000, { smeDeclared: true })),
        await small.http.send('PUT', `/api/quotations/${q.id}/quote`, quote(410_000, { smeDeclared: true })),
        await large.http.send('PUT', `/api/quotations/${q.id}/quote`, quote(450_000)),
      ];
      for (const r of ok) expect(r.statusCode, r.body).toBe(200);
      const letter = ok[0]!.json().smeStatement as string;
      expect(letter).toContain(smeTreatment === 'prison_enterprise' ? '监狱企业' : '残疾人福利性单位声明函');
      expect(letter).toContain(treated.org.name);
      expect(ok[1]!.json().smeStatement).toContain('小型企业');
      expect(ok[2]!.json().smeStatement).toBeNull();
      expect((await passDeadline(q.id)).status).toBe('awarded');
      const result = (await client(ctx.app, null).get(`/api/public/quotations/${q.id}`)).json();
      const bySupplier = Object.fromEntries(result.quotes.map((x: { supplierId: string }) => [x.supplierId, x]));
      // 10 × ¥4,000 = ¥40,000 less 10% = ¥36,000, ahead of the small enterprise's ¥41,000 less 10% = ¥36,900.
      expect(bySupplier[treated.org.id], smeTreatment).toMatchObject({ rank: 1, deductionRate: '0.10', evaluationFen: 3_600_000 });
      expect(bySupplier[small.org.id]).toMatchObject({ rank: 2, deductionRate: '0.10', evaluationFen: 3_690_000 });
      expect(bySupplier[large.org.id]).toMatchObject({ rank: 3, deductionRate: '0', evaluationFen: 4_500_000 });
      expect(bySupplier[medium.org.id]).toBeUndefined();
      // Opened at the close with the quote, and published with the result.
      expect(bySupplier[treated.org.id].smeStatement).toBe(letter);
      expect(bySupplier[large.org.id].smeStatement).toBeNull();
    }
  });

  it('fewer compliant quotes than the minimum fails it and releases the ceiling; a withdrawn quote does not count [rule:quotations.min-quotes]', async () => {
    const u = await unit(10_000_000);
    const q = (await u.purchaser.http.post('/api/quotations', requirement(u.line.id))).json();
    const a = await supplier('small');
    const b = await supplier('medium');
    const c = await supplier('large');
    await a.http.send('PUT', `/api/quotations/${q.id}/quote`, quote(400_000));
    await b.http.send('PUT', `/api/quotations/${q.id}/quote`, quote(450_000));
    await c.http.send('PUT', `/api/quotations/${q.id}/quote`, quote(460_000));
    const withdrawn = await c.http.send('DELETE', `/api/quotations/${q.id}/quote`);
    expect(withdrawn.json()).toMatchObject({ withdrawn: true });
    const closed = await passDeadline(q.id);
    expect(closed.status).toBe('failed');
    expect(closed.resultNote).toContain('有效报价 2 家，少于 3 家');
    expect(await freeOf(u.line.id)).toEqual({ free: 10_000_000, reserved: 0, spent: 0 });
    expect(await ctx.database.db.select().from(orders).where(eq(orders.quotationId, q.id))).toHaveLength(0);
    const result = (await client(ctx.app, null).get(`/api/public/quotations/${q.id}`)).json();
    expect(result.quotes).toHaveLength(2);
    const bell = (await u.purchaser.http.get('/api/notifications?pageSize=100')).json().items as { kind: string; body: string }[];
    expect(bell.find((n) => n.kind === 'quotation.failed')?.body).toContain('少于 3 家');
    // A credit event may name the quotation (by number or id) for a supplier that quoted in it, and no other.
    const regulator = await actor(ctx.app, ctx.database.db, 'regulator');
    const event = (supplierId: string, sourceRef: string) => creditEventBody(supplierId, sourceRef, '报价中提供虚假材料');
    expect((await regulator.http.post('/api/credit/events', event(a.org.id, q.quotationNo))).statusCode).toBe(201);
    expect((await regulator.http.post('/api/credit/events', event(b.org.id, `quotation:${q.id}`))).statusCode).toBe(201);
    const stranger = await supplier('small');
    expect((await regulator.http.post('/api/credit/events', event(stranger.org.id, q.quotationNo))).statusCode).toBe(422);
    expect(((await a.http.get('/api/notifications?pageSize=100')).json().items as { kind: string }[]).map((n) => n.kind)).toContain(
      'quotation.lost',
    );
  });

  it('refuses bad requirements naming the field, and writes nothing [rule:quotations.min-deadline]', async () => {
    const u = await unit(1_000_000);
    const cases: [Record<string, unknown>, string, number][] = [
      [{ deadline: inDays(1) }, 'deadline', 422],
      [{ ceilingFen: 200_000_000 }, 'ceilingFen', 422],
      [{ ceilingFen: 5_000_000 }, 'budgetLineId', 422],
      [{ smeDeductionRate: '0.35' }, 'smeDeductionRate', 422],
      [{ categoryCode: 'A02010104', quantity: 1, ceilingFen: 800_000 }, 'ceilingFen', 422],
      // A category above the 品目 (计算机设备 over 台式计算机) would leave the desktop's cap and energy-saving rule out.
      [{ categoryCode: 'A0201', quantity: 1, ceilingFen: 800_000, specs: {} }, 'categoryCode', 422],
      [{ categoryCode: 'A020101', quantity: 1, ceilingFen: 800_000, specs: {} }, 'categoryCode', 422],
      [{ categoryCode: 'A02010601', specs: { ppm: 'fast' } }, 'specs.ppm', 422],
      [{ quantity: 0 }, 'quantity', 400],
      [{ ceilingFen: 12.5 }, 'ceilingFen', 400],
      [{ deadline: 'tomorrow' }, 'deadline', 400],
    ];
    for (const [change, fieldName, status] of cases) {
      const res = await u.purchaser.http.post('/api/quotations', requirement(u.line.id, { ceilingFen: 600_000, ...change }));
      expect(res.statusCode, `${JSON.stringify(change)} ${res.body}`).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(fieldName);
    }
    expect(await freeOf(u.line.id)).toEqual({ free: 1_000_000, reserved: 0, spent: 0 });
    expect(await ctx.database.db.select().from(quotations).where(eq(quotations.purchaserOrgId, u.org.id))).toHaveLength(0);
  });

  it('admits only suppliers with an agreement where the category needs one, SMEs where reserved; refuses over-ceiling and late quotes [rule:quotations.admission]', async () => {
    const u = await unit(10_000_000);
    const q = (
      await u.purchaser.http.post(
        '/api/quotations',
        requirement(u.line.id, {
          categoryCode: 'A02010601',
          title: `${token} 打印机`,
          ceilingFen: 2_000_000,
          specs: { ppm: 30 },
          reservedForSme: true,
        }),
      )
    ).json();
    expect(q.status).toBe('open');
    const noAgreement = await supplier('small');
    const refused = await noAgreement.http.send('PUT', `/api/quotations/${q.id}/quote`, quote(150_000, { specs: { ppm: 35 } }));
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0]).toMatchObject({ field: 'supplier', message: expect.stringContaining('框架协议') });
    const listed = (await noAgreement.http.get(`/api/supplier/quotations?q=${token}`))
      .json()
      .items.find((x: { id: string }) => x.id === q.id);
    expect(listed).toMatchObject({ admitted: false, myReceipt: null });
    const big = await supplier('large', ['A02']);
    expect(
      (await big.http.send('PUT', `/api/quotations/${q.id}/quote`, quote(150_000, { specs: { ppm: 35 } }))).json().errors[0].message,
    ).toContain('中小企业');
    const ok = await supplier('small', ['A02']);
    const over = await ok.http.send('PUT', `/api/quotations/${q.id}/quote`, quote(250_000, { specs: { ppm: 35 } }));
    expect(over.statusCode).toBe(422);
    expect(over.json().errors[0].field).toBe('unitPriceFen');
    // A delivery later than the requirement's 10 days is refused on its field, before anything is sealed.
    const tooLate = await ok.http.send('PUT', `/api/quotations/${q.id}/quote`, quote(150_000, { specs: { ppm: 35 }, deliveryDays: 11 }));
    expect(tooLate.statusCode, tooLate.body).toBe(422);
    expect(tooLate.json().errors[0].field).toBe('deliveryDays');
    const slow = await ok.http.send('PUT', `/api/quotations/${q.id}/quote`, quote(150_000, { specs: { ppm: 25 } }));
    expect(slow.statusCode).toBe(200);
    expect(
      (await ok.http.get(`/api/supplier/quotations?q=${token}`)).json().items.find((x: { id: string }) => x.id === q.id),
    ).toMatchObject({ admitted: true, myReceipt: { version: 1 } });
    // Another unit cannot see this quotation's budget details.
    const other = await unit(1_000_000);
    expect((await other.purchaser.http.get(`/api/quotations/${q.id}`)).statusCode).toBe(404);
    expect((await other.purchaser.http.post(`/api/quotations/${q.id}/cancel`, { reason: '不是我的项目' })).statusCode).toBe(404);

    const closed = await passDeadline(q.id);
    expect(closed.status).toBe('failed');
    const [row] = await ctx.database.db.select().from(quotationQuotes).where(eq(quotationQuotes.quotationId, q.id));
    expect(row).toMatchObject({ compliant: false, rank: null, deductionRate: '0' });
    expect(row!.issues!.join()).toContain('打印速度');
    const late = await ok.http.send('PUT', `/api/quotations/${q.id}/quote`, quote(150_000, { specs: { ppm: 35 } }));
    expect(late.statusCode).toBe(409);
  });

  it('a cancelled quotation releases its ceiling and its job never runs', async () => {
    const u = await unit(10_000_000);
    const q = (await u.purchaser.http.post('/api/quotations', requirement(u.line.id))).json();
    expect((await u.purchaser.http.post(`/api/quotations/${q.id}/cancel`, { reason: 'x' })).statusCode).toBe(400);
    const cancelled = await u.purchaser.http.post(`/api/quotations/${q.id}/cancel`, { reason: '需求变更，重新论证' });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelReason: '需求变更，重新论证' });
    expect(await freeOf(u.line.id)).toEqual({ free: 10_000_000, reserved: 0, spent: 0 });
    const [job] = await ctx.database.db
      .select()
      .from(scheduledJobs)
      .where(eq(scheduledJobs.id, `${quotationJobs.close.name}:${q.id}`));
    expect(job?.status).not.toBe('pending');
  });
});
