import { randomBytes, randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameworkAgreements, frameworkCalls, orderLines } from '../../server/db/schema/index.ts';
import { frameworkJobs } from '../../server/modules/frameworks/frameworks.service.ts';
import { client, type TestContext } from '../helpers/context.ts';
import { actor, createBudgetLine, createOrg, type Actor } from '../helpers/factories.ts';
import { runDueJob } from '../helpers/jobs.ts';
import { errorsOf, validateReleasePackage } from '../helpers/ocds.ts';
import { procurementContext, quotationRequirement, supplierClient, unitWithLine } from '../helpers/procurement.ts';

/**
 * 框架协议采购 (财政部令第110号), one world: a closed price-first call for IT operations services, four
 * responses within the cap (one above it refused), the panel admits three, and a unit buys under the
 * agreements by direct choice (the e-mall), second-stage competition (an online quotation) and rotation.
 */
let ctx: TestContext;
let center: Actor;
let otherCenter: Actor;
let regulator: Actor;
type Supplier = Awaited<ReturnType<typeof supplierClient>>;
const s: Supplier[] = [];
let outsider: Supplier;
let callId: string;
const token = `f${randomBytes(3).toString('hex')}`;
const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const inMonths = (m: number) => {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + m);
  return d.toISOString().slice(0, 10);
};
const prices = [90_000, 95_000, 100_000, 105_000];

const callBody = (extra: Record<string, unknown> = {}) => ({
  title: `${token} 信息系统运维服务框架协议`,
  categoryCode: 'C1605',
  requirements: '机房及信息系统 7×24 运维，按次计价',
  method: 'price_first',
  entry: 'closed',
  capUnitPriceFen: 120_000,
  maxAdmitted: 3,
  rotationCapacity: 5,
  startsOn: today,
  endsOn: inMonths(11),
  deadline: new Date(Date.now() + 3600_000).toISOString(),
  ...extra,
});

beforeAll(async () => {
  ({ ctx, center } = await procurementContext());
  otherCenter = await actor(ctx.app, ctx.database.db, 'center_staff');
  regulator = await actor(ctx.app, ctx.database.db, 'regulator');
  for (let i = 0; i < 5; i++) s.push(await supplierClient(ctx, { name: `${token}运维${i + 1}有限公司`, sizeClass: 'medium' }));
  outsider = await supplierClient(ctx, { name: `${token}未入围有限公司`, sizeClass: 'medium' });
});
afterAll(() => ctx.close());

describe('framework-agreement procurement (框架协议采购)', () => {
  it('a call admits by price-first evaluation: sealed until the deadline, above the cap refused, the highest beyond the count out [rule:frameworks.price-first] [rule:frameworks.cap] [rule:frameworks.sealed-responses]', async () => {
    const tooLong = await center.http.post('/api/frameworks', callBody({ categoryCode: 'A020206', endsOn: inMonths(13) }));
    expect(tooLong.statusCode, tooLong.body).toBe(422);
    expect(tooLong.body).toContain('endsOn');
    const created = await center.http.post('/api/frameworks', callBody());
    expect(created.statusCode, created.body).toBe(201);
    callId = created.json().id;
    expect(created.json()).toMatchObject({ status: 'open', method: 'price_first', entry: 'closed', responseCount: null });
    expect((await otherCenter.http.get(`/api/frameworks/${callId}`)).statusCode).toBe(404);

    const above = await s[4]!.http.send('PUT', `/api/frameworks/${callId}/response`, { unitPriceFen: 130_000 });
    expect(above.statusCode, above.body).toBe(422);
    for (const [i, p] of prices.entries()) {
      const r = await s[i]!.http.send('PUT', `/api/frameworks/${callId}/response`, { unitPriceFen: p });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.body).not.toContain(String(p));
    }
    // Before the deadline nobody reads a price: not the competitors, not the public, not the center.
    const views = [
      await s[0]!.http.get('/api/supplier/frameworks?pageSize=100'),
      await client(ctx.app, null).get(`/api/public/frameworks/${callId}`),
      await center.http.get(`/api/frameworks/${callId}`),
    ];
    for (const v of views) {
      expect(v.statusCode, v.body).toBe(200);
      for (const p of prices) expect(v.body).not.toContain(`"unitPriceFen":${p}`);
    }
    expect(views[1]!.json()).toMatchObject({ responseCount: null, responses: [] });
    const early = await center.http.post(`/api/frameworks/${callId}/evaluate`, { panel: panel() });
    expect(early.statusCode).toBe(409);

    await ctx.database.db
      .update(frameworkCalls)
      .set({ deadline: sql`now() - interval '1 second'` })
      .where(eq(frameworkCalls.id, callId));
    await runDueJob(ctx, frameworkJobs.close, callId);
    expect((await otherCenter.http.post(`/api/frameworks/${callId}/evaluate`, { panel: panel() })).statusCode).toBe(404);
    const evaluated = await center.http.post(`/api/frameworks/${callId}/evaluate`, { panel: panel() });
    expect(evaluated.statusCode, evaluated.body).toBe(200);
    const result = evaluated.json();
    expect(result.status).toBe('admitted');
    const admitted = result.responses.filter((r: { admitted: boolean }) => r.admitted).map((r: { supplierId: string }) => r.supplierId);
    expect(admitted).toEqual([s[0]!.org.id, s[1]!.org.id, s[2]!.org.id]);
    const out = result.responses.find((r: { supplierId: string }) => r.supplierId === s[3]!.org.id);
    expect(out).toMatchObject({ admitted: false, rank: 4, unitPriceFen: 105_000 });
    expect(out.decisionReason).toContain('未入围');
    const agreements = await ctx.database.db.select().from(frameworkAgreements).where(eq(frameworkAgreements.callId, callId));
    expect(agreements.map((a) => [a.supplierId, a.priceCapFen, a.endsOn]).sort()).toEqual(
      [s[0]!, s[1]!, s[2]!].map((x) => [x.org.id, 120_000, inMonths(11)]).sort(),
    );
    const pub = (await client(ctx.app, null).get(`/api/public/frameworks/${callId}`)).json();
    expect(pub).toMatchObject({ status: 'admitted', responseCount: 4 });
    expect(pub.panel).toHaveLength(3);
  });

  it('direct choice is the e-mall checkout: the order records the agreement, a price above the cap is refused [rule:frameworks.direct-choice-cap]', async () => {
    const product = await center.http.post('/api/products', {
      categoryCode: 'C1605',
      brand: `${token}运维`,
      model: '标准巡检包',
      name: `${token} 标准巡检包`,
      specs: {},
    });
    expect(product.statusCode, product.body).toBe(201);
    const draft = await s[0]!.http.post('/api/listings', {
      productId: product.json().id,
      priceFen: 100_000,
      stock: 100,
      deliveryRegions: ['000000'],
      leadTimeDays: 3,
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const listingId = draft.json().id as string;
    expect((await s[0]!.http.post(`/api/listings/${listingId}/submit`, {})).statusCode).toBe(200);
    expect((await center.http.post(`/api/listings/${listingId}/approve`, {})).statusCode).toBe(200);
    const agreement = (await ctx.database.db.select().from(frameworkAgreements).where(eq(frameworkAgreements.callId, callId))).find(
      (a) => a.supplierId === s[0]!.org.id,
    )!;
    const u = await unitWithLine(ctx, 10_000_000);
    const checkout = () =>
      u.purchaser.http.post(
        '/api/orders/checkout',
        { budgetLineId: u.line.id, deliveryAddress: '北京市海淀区中关村大街 1 号', contactName: '张晓明', contactPhone: '010-62345678' },
        { 'idempotency-key': `ck-${randomUUID()}` },
      );
    expect((await u.purchaser.http.post('/api/cart/items', { listingId, quantity: 2 })).statusCode).toBe(200);
    // The cap is lowered under the listing: buying at the old price is refused.
    const lowered = await center.http.post(`/api/agreements/${agreement.id}/amend`, { priceCapFen: 95_000, reason: '价格调整' });
    expect(lowered.statusCode, lowered.body).toBe(200);
    const refused = await checkout();
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.body).toContain('最高限制单价');
    await center.http.post(`/api/agreements/${agreement.id}/amend`, { priceCapFen: 120_000, reason: '恢复' });
    const placed = await checkout();
    expect(placed.statusCode, placed.body).toBe(201);
    const orderId = placed.json().orders[0].id as string;
    const lines = await ctx.database.db.select().from(orderLines).where(eq(orderLines.orderId, orderId));
    expect(lines.map((l) => l.agreementId)).toEqual([agreement.id]);
    const ocds = await client(ctx.app, null).get(`/api/ocds/orders/${orderId}/releases`);
    expect(ocds.statusCode, ocds.body).toBe(200);
    expect(ocds.json().releases[0].relatedProcesses).toEqual([
      expect.objectContaining({ relationship: ['framework'], identifier: expect.stringContaining('KJ') }),
    ]);
  });

  it('second-stage competition: only the admitted may quote on the online quotation under the agreement [rule:frameworks.second-stage]', async () => {
    const u = await unitWithLine(ctx, 10_000_000);
    const overCap = await u.purchaser.http.post(
      '/api/quotations',
      quotationRequirement(token, u.line.id, { frameworkCallId: callId, ceilingFen: 1_500_000 }),
    );
    expect(overCap.statusCode, overCap.body).toBe(422);
    const posted = await u.purchaser.http.post(
      '/api/quotations',
      quotationRequirement(token, u.line.id, { frameworkCallId: callId, ceilingFen: 1_000_000 }),
    );
    expect(posted.statusCode, posted.body).toBe(201);
    const q = posted.json();
    expect(q.frameworkCallId).toBe(callId);
    const quote = (unitPriceFen: number) => ({ unitPriceFen, brand: '自有', model: '运维服务包', deliveryDays: 7, smeDeclared: false });
    for (const who of [outsider, s[3]!]) {
      const r = await who.http.send('PUT', `/api/quotations/${q.id}/quote`, quote(90_000));
      expect([403, 422], r.body).toContain(r.statusCode);
      expect(r.body).toContain('未入围');
    }
    const ok = await s[1]!.http.send('PUT', `/api/quotations/${q.id}/quote`, quote(92_000));
    expect(ok.statusCode, ok.body).toBe(200);
    const rel = (await client(ctx.app, null).get(`/api/ocds/quotations/${q.id}/releases`)).json();
    expect(rel.releases[0].relatedProcesses[0]).toMatchObject({ relationship: ['framework'] });
  });

  it('rotation: the next in turn gets each call-off, an excluded supplier is skipped with its reason, two at once never share a turn [rule:frameworks.rotation]', async () => {
    const u = await unitWithLine(ctx, 10_000_000);
    const place = (quantity = 2) =>
      u.purchaser.http.post(`/api/frameworks/${callId}/rotation-orders`, {
        title: `${token} 服务器巡检`,
        quantity,
        budgetLineId: u.line.id,
      });
    // A call-off names the unit's budget line and holds its total there, never beyond the line's free amount.
    const noLine = await u.purchaser.http.post(`/api/frameworks/${callId}/rotation-orders`, { title: `${token} 服务器巡检`, quantity: 2 });
    expect(noLine.statusCode).toBe(400);
    expect(noLine.json().errors[0].field).toBe('budgetLineId');
    const tooMuch = await place(100_000);
    expect(tooMuch.statusCode, tooMuch.body).toBe(422);
    expect(tooMuch.json().errors[0].field).toBe('budgetLineId');
    // A unit of another province is not served by this call's center: 404.
    const far = await createOrg(ctx.database.db, 'purchasing_unit', { regionCode: '320102' });
    const farLine = await createBudgetLine(ctx.database.db, far.id, 10_000_000);
    const farBuyer = await actor(ctx.app, ctx.database.db, 'purchaser', far.id);
    const foreign = await farBuyer.http.post(`/api/frameworks/${callId}/rotation-orders`, {
      title: `${token} 服务器巡检`,
      quantity: 2,
      budgetLineId: farLine.id,
    });
    expect(foreign.statusCode, foreign.body).toBe(404);
    const first = await place();
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ supplierId: s[0]!.org.id, position: 1, totalFen: 180_000, skipped: [] });
    const line = (await u.purchaser.http.get(`/api/organizations/${u.purchaser.orgId}/budget-lines`))
      .json()
      .items.find((l: { id: string }) => l.id === u.line.id);
    expect(line).toMatchObject({ reservedFen: 180_000 });
    const ex = await regulator.http.post('/api/credit/exclusions', {
      supplierId: s[1]!.org.id,
      listType: 'bad_conduct',
      startsOn: today,
      endsOn: new Date(Date.parse(`${inMonths(12)}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10),
      legalBasis: '政府采购法第七十七条',
    });
    expect(ex.statusCode, ex.body).toBe(201);
    const second = await place();
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json()).toMatchObject({ supplierId: s[2]!.org.id, position: 3 });
    expect(second.json().skipped).toEqual([
      expect.objectContaining({ supplierId: s[1]!.org.id, position: 2, reason: expect.stringContaining('信用') }),
    ]);
    const both = await Promise.all([place(), place()]);
    for (const r of both) expect(r.statusCode, r.body).toBe(201);
    expect(both.map((r) => r.json().supplierId).sort()).toEqual([s[0]!.org.id, s[2]!.org.id].sort());
    // Another unit sees none of these; the center sees all four.
    const other = await unitWithLine(ctx, 1_000_000);
    expect((await other.purchaser.http.get(`/api/frameworks/${callId}/rotation-orders`)).json()).toEqual([]);
    expect((await center.http.get(`/api/frameworks/${callId}/rotation-orders`)).json()).toHaveLength(4);

    // The supplier reports the first done: once; again is a conflict, another supplier's is not found.
    const done = await s[0]!.http.post(`/api/rotation-orders/${first.json().id}/complete`, {});
    expect(done.statusCode, done.body).toBe(200);
    const again = await s[0]!.http.post(`/api/rotation-orders/${first.json().id}/complete`, {});
    expect(again.statusCode, again.body).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect((await s[2]!.http.post(`/api/rotation-orders/${first.json().id}/complete`, {})).statusCode).toBe(404);

    const rot = (await client(ctx.app, null).get(`/api/ocds/rotations/${first.json().id}/releases`)).json();
    expect(validateReleasePackage(rot), errorsOf(validateReleasePackage)).toBe(true);
    expect(rot.releases[0].relatedProcesses[0]).toMatchObject({ relationship: ['framework'] });

    const figures = (await center.http.get(`/api/frameworks/${callId}/figures`)).json();
    const of = (id: string) => figures.suppliers.find((x: { supplierId: string }) => x.supplierId === id);
    expect(of(s[0]!.org.id)).toMatchObject({ rotationOrders: 2, directFen: 200_000, rotationFen: 360_000 });
    expect(of(s[1]!.org.id)).toMatchObject({ rotationOrders: 0, rotationSkips: 2 });
    expect(of(s[2]!.org.id)).toMatchObject({ rotationOrders: 2 });
    expect((await otherCenter.http.get(`/api/frameworks/${callId}/figures`)).statusCode).toBe(404);
  });

  it('the call is published as a framework-agreement process with its call-offs related [rule:frameworks.term]', async () => {
    const res = await client(ctx.app, null).get(`/api/ocds/frameworks/${callId}/releases`);
    expect(res.statusCode, res.body).toBe(200);
    const pkg = res.json();
    expect(validateReleasePackage(pkg), errorsOf(validateReleasePackage)).toBe(true);
    const [call] = pkg.releases;
    expect(call.tender.techniques).toMatchObject({ hasFrameworkAgreement: true, frameworkAgreement: { maximumParticipants: 3 } });
    const admission = pkg.releases.find((r: { id: string }) => r.id.endsWith('-admission'));
    expect(admission.awards).toHaveLength(3);
    expect(admission.contracts).toHaveLength(3);
    const callOffs = pkg.releases.filter((r: { relatedProcesses?: unknown[] }) => r.relatedProcesses);
    // Four rotation call-offs and the second-stage quotation.
    expect(callOffs).toHaveLength(5);
  });
  it('an open quality-first call admits every compliant response, and a supplier joins during the term once the center admits it [rule:frameworks.open-entry]', async () => {
    const created = await center.http.post(
      '/api/frameworks',
      callBody({ method: 'quality_first', entry: 'open', maxAdmitted: undefined, title: `${token} 开放式运维协议` }),
    );
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    for (const i of [0, 2])
      expect(
        (await s[i]!.http.send('PUT', `/api/frameworks/${id}/response`, { unitPriceFen: prices[i], qualityOffer: '驻场' })).statusCode,
      ).toBe(200);
    expect((await outsider.http.post(`/api/frameworks/${id}/join`, { unitPriceFen: 100_000 })).statusCode).toBe(409);
    await ctx.database.db
      .update(frameworkCalls)
      .set({ deadline: sql`now() - interval '1 second'` })
      .where(eq(frameworkCalls.id, id));
    await runDueJob(ctx, frameworkJobs.close, id);
    const opened = (await center.http.get(`/api/frameworks/${id}`)).json();
    const reviews = opened.responses.map((r: { id: string; supplierId: string }) => ({
      responseId: r.id,
      compliant: true,
      qualityScore: r.supplierId === s[2]!.org.id ? 90 : 80,
    }));
    const missing = await center.http.post(`/api/frameworks/${id}/evaluate`, {
      panel: panel(),
      reviews: reviews.map((r: object) => ({ ...r, qualityScore: undefined })),
    });
    expect(missing.statusCode).toBe(422);
    const evaluated = await center.http.post(`/api/frameworks/${id}/evaluate`, { panel: panel(), reviews });
    expect(evaluated.statusCode, evaluated.body).toBe(200);
    expect(evaluated.json().responses.map((r: { supplierId: string; position: number }) => [r.supplierId, r.position])).toEqual([
      [s[2]!.org.id, 1],
      [s[0]!.org.id, 2],
    ]);
    expect((await outsider.http.post(`/api/frameworks/${id}/join`, { unitPriceFen: 130_000 })).statusCode).toBe(422);
    const join = await outsider.http.post(`/api/frameworks/${id}/join`, { unitPriceFen: 110_000 });
    expect(join.statusCode, join.body).toBe(201);
    const request = (await center.http.get(`/api/frameworks/${id}`)).json().responses.find((r: { kind: string }) => r.kind === 'join');
    expect(
      (await otherCenter.http.post(`/api/frameworks/${id}/joins/${request.id}/decision`, { admit: true, reason: '符合条件' })).statusCode,
    ).toBe(404);
    const admitted = await center.http.post(`/api/frameworks/${id}/joins/${request.id}/decision`, { admit: true, reason: '资格审查合格' });
    expect(admitted.statusCode, admitted.body).toBe(200);
    expect(admitted.json().responses.find((r: { kind: string }) => r.kind === 'join')).toMatchObject({
      admitted: true,
      position: 3,
      agreementId: expect.any(String),
    });
  });
});

const panel = () => [
  { name: '王建国', role: '组长' },
  { name: '李明', role: '成员' },
  { name: '赵敏', role: '成员' },
];
