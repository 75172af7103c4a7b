import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries, auditPending } from '../../server/db/schema/index.ts';
import { SHANGHAI_DIRECT_LIMIT } from '../../server/modules/demo/demo-jurisdictions.ts';
import { client, createTestContext, login, type TestContext } from '../helpers/context.ts';
import { actor, createBudgetLine, createOrg, createUser, TEST_PASSWORD, type Actor } from '../helpers/factories.ts';

/** Policy values by region (#19): set by a level for its area, inherited below it, cited in the cart's findings. */
let ctx: TestContext;
let center: Actor;
let shanghai: Actor;
let haidian: Actor;
const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const nextYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
const tag = `p${randomBytes(3).toString('hex')}`;

const regulatorAt = async (regionCode: string) =>
  actor(ctx.app, ctx.database.db, 'regulator', (await createOrg(ctx.database.db, 'regulator', { regionCode })).id);

beforeAll(async () => {
  ctx = await createTestContext();
  center = await actor(ctx.app, ctx.database.db, 'center_staff');
  shanghai = await regulatorAt('310000');
  haidian = await regulatorAt('110108');
  // 上海's limit as the demo sets it (already there when the demo world was loaded).
  const set = await shanghai.http.post('/api/policy-values', { ...SHANGHAI_DIRECT_LIMIT, effectiveFrom: today });
  expect([201, 409], set.body).toContain(set.statusCode);
});
afterAll(() => ctx.close());

/** A listing at this price, sold to every region. */
async function listingAt(priceFen: number) {
  const product = await center.http.post('/api/products', {
    categoryCode: 'A02010105',
    brand: `${tag}牌`,
    model: `M-${randomBytes(2).toString('hex')}`,
    name: `${tag} 便携式计算机`,
    specs: { cpu: 'X', memoryGb: 16, storageGb: 512, os: 'Linux', screenInch: 14 },
  });
  expect(product.statusCode, product.body).toBe(201);
  const org = await createOrg(ctx.database.db, 'supplier', { sizeClass: 'small' });
  const user = await createUser(ctx.database.db, org.id, ['supplier']);
  const http = client(ctx.app, await login(ctx.app, user.username, TEST_PASSWORD));
  await center.http.post('/api/agreements', {
    code: `XY-${randomBytes(4).toString('hex')}`,
    title: '协议供货',
    supplierId: org.id,
    categoryCodes: ['A02'],
    startsOn: today,
    endsOn: nextYear,
  });
  const certificates = [
    { kind: 'energy_saving', number: `CQC${randomBytes(3).toString('hex')}`, issuer: '中国质量认证中心', validUntil: nextYear },
  ];
  const listing = (
    await http.post('/api/listings', {
      productId: product.json().id,
      priceFen,
      stock: 100,
      deliveryRegions: ['000000'],
      leadTimeDays: 3,
      certificates,
    })
  ).json();
  await http.post(`/api/listings/${listing.id}/submit`, {});
  expect((await center.http.post(`/api/listings/${listing.id}/approve`, {})).statusCode).toBe(200);
  return listing.id as string;
}

async function cartIn(regionCode: string, listingId: string) {
  const unit = await createOrg(ctx.database.db, 'purchasing_unit', { regionCode, approvalThresholdFen: 100_000_000 });
  await createBudgetLine(ctx.database.db, unit.id, 50_000_000);
  const purchaser = await actor(ctx.app, ctx.database.db, 'purchaser', unit.id);
  expect((await purchaser.http.post('/api/cart/items', { listingId, quantity: 1 })).statusCode).toBeLessThan(300);
  return (await purchaser.http.get('/api/cart')).json() as {
    findings: { code: string; level: string; message: string; basis: string; params: Record<string, unknown> }[];
  };
}

describe('policy values by region', () => {
  it("judges a ¥60,000 cart in 上海 by 上海's limit and in 北京 by the national one, each finding naming the level and document", async () => {
    const listingId = await listingAt(6_000_000);
    const sh = (await cartIn('310104', listingId)).findings.find((f) => f.code.startsWith('band_'));
    expect(sh).toMatchObject({ code: 'band_direct', level: 'info' });
    expect(sh!.message).toContain('上海市规定的直购限额 ¥100,000.00');
    expect(sh!.basis).toContain('上海市规定：上海市财政局《关于调整本市政府采购电子卖场直购限额的通知》');
    // The same facts as params, for the storefront to word in its language (#21).
    expect(sh!.params).toMatchObject({
      amountFen: 6_000_000,
      limitFen: 10_000_000,
      policy: 'directOrderLimit',
      setBy: '上海市',
      ruleRegion: '310000',
      rule: expect.stringContaining('上海市财政局'),
    });
    const bj = (await cartIn('110108', listingId)).findings.find((f) => f.code.startsWith('band_'));
    expect(bj).toMatchObject({ code: 'band_quotation', level: 'block' });
    expect(bj!.message).toContain('全国规定的直购限额 ¥50,000.00');
    expect(bj!.basis).toContain('全国规定：电子卖场直购限额');
    expect(bj!.params).toMatchObject({
      amountFen: 6_000_000,
      limitFen: 5_000_000,
      policy: 'directOrderLimit',
      setBy: '全国',
      ruleRegion: '',
    });
  });

  it('shows each regulator the values in force in its area and who set them', async () => {
    const mine = async (who: Actor) => {
      const res = await who.http.get('/api/policy-values');
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items.find((i: { key: string }) => i.key === 'ordering.directOrderLimitFen');
    };
    expect(await mine(shanghai)).toMatchObject({ value: 10_000_000, regionCode: '310000', setBy: '上海市' });
    expect(await mine(await regulatorAt('310104'))).toMatchObject({ value: 10_000_000, setBy: '上海市' });
    expect(await mine(haidian)).toMatchObject({ value: 5_000_000, regionCode: '', setBy: '全国' });
  });

  it("lets a regulator set only its own level's values: validated, dated, audited; another region's is 403", async () => {
    const nanjing = await regulatorAt('320100');
    const future = `${Number(today.slice(0, 4)) + 1}-01-01`;
    const other = await haidian.http.post('/api/policy-values', {
      key: 'ordering.directOrderLimitFen',
      value: 1,
      effectiveFrom: future,
      basis: '他区文件',
      regionCode: '310000',
    });
    expect(other.statusCode).toBe(403);
    const bad = await nanjing.http.post('/api/policy-values', {
      key: 'ordering.directOrderLimitFen',
      value: -5,
      effectiveFrom: future,
      basis: '宁财采文件',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('value');
    const past = await nanjing.http.post('/api/policy-values', {
      key: 'quotation.minQuotes',
      value: 3,
      effectiveFrom: '2020-01-01',
      basis: '宁财采文件',
    });
    expect(past.json().errors[0].field).toBe('effectiveFrom');
    const wide = await nanjing.http.post('/api/policy-values', {
      key: 'sme.deduction.goodsServices',
      value: { min: '0.05', max: '0.25' },
      effectiveFrom: future,
      basis: '宁财采文件',
    });
    expect(wide.statusCode).toBe(422);
    expect(wide.json().errors[0].message).toContain('全国规定');
    const ok = await nanjing.http.post('/api/policy-values', {
      key: 'sme.deduction.goodsServices',
      value: { min: '0.15', max: '0.20' },
      effectiveFrom: future,
      basis: `南京市财政局 宁财购〔${tag}〕1号`,
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ regionCode: '320100', effectiveFrom: future });
    // Appended in the same transaction (pending until the sequencer chains it).
    const id = ok.json().id as string;
    const [entry, pending] = await Promise.all([
      ctx.database.db
        .select()
        .from(auditEntries)
        .where(and(eq(auditEntries.action, 'policy.value.set'), eq(auditEntries.entityId, id))),
      ctx.database.db
        .select()
        .from(auditPending)
        .where(and(eq(auditPending.action, 'policy.value.set'), eq(auditPending.entityId, id))),
    ]);
    expect(entry.length + pending.length).toBe(1);
  });
});

describe('a cart judged by one statement', () => {
  it("counts a split purchase against the unit's region's limit, and offers another unit's surplus first", async () => {
    // The split window is national (30 days); the direct limit it is measured against is 上海's ¥100,000.
    const listingId = await listingAt(6_000_000);
    const unit = await createOrg(ctx.database.db, 'purchasing_unit', { regionCode: '310104', approvalThresholdFen: 100_000_000 });
    const line = await createBudgetLine(ctx.database.db, unit.id, 50_000_000);
    const purchaser = await actor(ctx.app, ctx.database.db, 'purchaser', unit.id);
    const cart = async () =>
      (await purchaser.http.get('/api/cart')).json() as { findings: { code: string; params: Record<string, unknown> }[] };

    expect((await purchaser.http.post('/api/cart/items', { listingId, quantity: 1 })).statusCode).toBe(200);
    // The first ¥60,000 is within 上海's ¥100,000 direct limit and nothing was bought before: no split.
    expect((await cart()).findings.map((f) => f.code)).not.toContain('split_purchase');
    const placed = await purchaser.http.post(
      '/api/orders/checkout',
      {
        budgetLineId: line.id,
        deliveryAddress: '上海市黄浦区人民大道 200 号',
        contactName: '王芳',
        contactPhone: '021-63211234',
        overStandardReason: '科研计算需要高配置',
      },
      { 'idempotency-key': `${tag}-split` },
    );
    expect(placed.statusCode, placed.body).toBe(201);

    // Another unit of 上海 offers an idle laptop of the same 品目 in the warehouse (公物仓): reallocation stays
    // inside one province-level area.
    const owner = await actor(
      ctx.app,
      ctx.database.db,
      'purchaser',
      (await createOrg(ctx.database.db, 'purchasing_unit', { regionCode: '310101' })).id,
    );
    const asset = (
      await owner.http.post('/api/assets', {
        categoryCode: 'A02010105',
        name: `${tag} 便携式计算机（闲置）`,
        description: '2020 年购置，运行正常',
        quantity: 3,
        originalValueFen: 2_400_000,
        netValueFen: 600_000,
        acquiredOn: '2020-03-01',
        condition: 'good',
        location: '上海市黄浦区 B1 库房',
      })
    ).json();
    expect((await owner.http.post(`/api/assets/${asset.id}/offer`)).statusCode).toBe(200);

    const added = await purchaser.http.post('/api/cart/items', { listingId, quantity: 1 });
    expect(added.statusCode, added.body).toBe(200);
    const findings = (added.json() as Awaited<ReturnType<typeof cart>>).findings;
    expect(findings.find((f) => f.code === 'split_purchase')?.params).toMatchObject({
      days: 30,
      amountFen: 12_000_000,
      limitFen: 10_000_000,
      setBy: '全国',
    });
    expect(findings.find((f) => f.code === 'surplus_available')?.params).toMatchObject({ assetNo: asset.assetNo, quantity: 3 });
    // The same judgement as the cart page reads it.
    expect((await cart()).findings).toEqual(findings);
  });
});
