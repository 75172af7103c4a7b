// Order tracking and the notifications of an order, end to end through the API on a real database, with a
// real SMTP server (smtp-server) as the e-mail catcher: the supplier chooses e-mail for orders, is told of a
// new order in the app and by e-mail (with its confirmation deadline), confirms, ships in two consignments
// with carrier, waybill and serial numbers, delivers each; the purchaser is told of each step, reads the
// timeline with who and when, and accepts with its findings. Outsiders get 404 on shipments and timeline.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { processors } from '../../workers/registry.ts';
import { postgresSearch } from '../../server/platform/search/postgres-search.ts';
import { client, createTestContext, login, type TestContext } from '../helpers/context.ts';
import { actor, createBudgetLine, createOrg, createUser, TEST_PASSWORD, type Actor } from '../helpers/factories.ts';
import { waitFor } from '../helpers/jobs.ts';
import { startMailCatcher } from '../helpers/mail-catcher.ts';

let ctx: TestContext;
let catcher: Awaited<ReturnType<typeof startMailCatcher>>;
const token = `t${randomBytes(3).toString('hex')}`;
const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const nextYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;

beforeAll(async () => {
  catcher = await startMailCatcher();
  ctx = await createTestContext({ env: { SMTP_URL: catcher.url } });
  const search = postgresSearch(ctx.database.db);
  await ctx.jobs.startWorkers(processors({ config: ctx.config, db: ctx.database.db, jobs: ctx.jobs, search }));
});
afterAll(async () => {
  await ctx.close();
  await catcher.close();
});

/** A supplier selling a new product of category A02 on an agreement, its listing approved. */
async function supplierWithListing(center: Actor) {
  const product = await center.http.post('/api/products', {
    categoryCode: 'A020206',
    brand: `${token}牌`,
    model: `S-${token}`,
    name: `${token} 碎纸机`,
    specs: {},
  });
  expect(product.statusCode, product.body).toBe(201);
  const org = await createOrg(ctx.database.db, 'supplier', { sizeClass: 'small' });
  const user = await createUser(ctx.database.db, org.id, ['supplier']);
  const http = client(ctx.app, await login(ctx.app, user.username, TEST_PASSWORD));
  await center.http.post('/api/agreements', {
    code: `XY-${token}`,
    title: '协议供货',
    supplierId: org.id,
    categoryCodes: ['A02'],
    startsOn: today,
    endsOn: nextYear,
  });
  const listing = (
    await http.post('/api/listings', {
      productId: product.json().id,
      priceFen: 100_000,
      stock: 100,
      deliveryRegions: ['000000'],
      leadTimeDays: 3,
      certificates: [],
    })
  ).json();
  await http.post(`/api/listings/${listing.id}/submit`, {});
  expect((await center.http.post(`/api/listings/${listing.id}/approve`, {})).statusCode).toBe(200);
  return { org, http, listingId: listing.id as string };
}

const titles = async (who: Actor | { http: Actor['http'] }) =>
  (
    (await who.http.get('/api/notifications?pageSize=50')).json().items as {
      kind: string;
      title: string;
      body: string;
      params: Record<string, string | number> | null;
    }[]
  ).map((n) => n);

it('tells each party of each step in the app and by e-mail, tracks shipments, and keeps the timeline', async () => {
  const center = await actor(ctx.app, ctx.database.db, 'center_staff');
  const supplier = await supplierWithListing(center);
  const unitOrg = await createOrg(ctx.database.db, 'purchasing_unit', { approvalThresholdFen: 100_000_000 });
  const line = await createBudgetLine(ctx.database.db, unitOrg.id, 10_000_000);
  const purchaser = await actor(ctx.app, ctx.database.db, 'purchaser', unitOrg.id);
  const address = `orders-${token}@supplier.example.cn`;

  // 通知设置: a bad address is refused naming the field; orders by e-mail at the supplier's address.
  const bad = await supplier.http.send('PUT', '/api/notifications/settings', { email: 'not-an-address', emailTopics: ['order'] });
  expect(bad.statusCode).toBe(400);
  expect(bad.headers['content-type']).toContain('application/problem+json');
  expect(bad.json().errors[0].field).toBe('email');
  const set = await supplier.http.send('PUT', '/api/notifications/settings', { email: address, emailTopics: ['order'] });
  expect(set.statusCode, set.body).toBe(200);
  expect(set.json()).toMatchObject({ email: address, emailTopics: ['order'], emailEnabled: true });

  await purchaser.http.post('/api/cart/items', { listingId: supplier.listingId, quantity: 3 });
  const placed = await purchaser.http.post(
    '/api/orders/checkout',
    { budgetLineId: line.id, deliveryAddress: '北京市海淀区中关村大街 1 号', contactName: '张晓明', contactPhone: '010-62345678' },
    { 'idempotency-key': `ck-${randomUUID()}` },
  );
  expect(placed.statusCode, placed.body).toBe(201);
  const order = placed.json().orders[0] as { id: string; orderNo: string; status: string; lines: { id: string }[] };
  expect(order.status).toBe('placed');

  // The supplier's bell, and its e-mail (sent by the mail job, after the commit).
  const inApp = (await titles(supplier)).find((n) => n.kind === 'order.placed');
  expect(inApp?.title).toContain(order.orderNo);
  expect(inApp?.body).toMatch(/请于 .*（北京时间）前确认/);
  // …with the facts the storefront words it from in another language: the order, its amount in fen, the deadline.
  expect(inApp?.params).toMatchObject({ orderNo: order.orderNo, totalFen: placed.json().orders[0].totalFen });
  expect(new Date(String(inApp?.params?.confirmDeadline)).getTime()).toBeGreaterThan(Date.now() - 86_400_000);
  const mail = await waitFor(async () => catcher.to(address).find((m) => m.subject.includes(order.orderNo)), {
    what: 'the new-order e-mail',
    // The mail job runs after the commit; on a loaded CI machine it may wait its turn for a while.
    timeoutMs: 60_000,
  });
  expect(mail.subject).toContain('新订单待确认');
  expect(mail.text).toContain(`/supplier/orders/${order.id}`);
  // Chinese first, then the same notice in English, worded from the catalogue the storefront uses.
  expect(mail.text.indexOf(`New order to confirm: ${order.orderNo}`)).toBeGreaterThan(mail.text.indexOf('请于'));
  expect(mail.text).toMatch(/Please confirm it by \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(Beijing time\)/);

  expect((await supplier.http.post(`/api/orders/${order.id}/confirm`, {})).statusCode).toBe(200);
  const lineId = order.lines[0]!.id;

  // Shipments: each input checked on its field; over the ordered quantity or with a wrong number of serials refused.
  const noWaybill = await supplier.http.post(`/api/orders/${order.id}/shipments`, {
    carrier: '顺丰速运',
    items: [{ lineId, quantity: 1 }],
  });
  expect(noWaybill.statusCode).toBe(400);
  expect(noWaybill.json().errors.map((e: { field: string }) => e.field)).toContain('waybillNo');
  const tooMany = await supplier.http.post(`/api/orders/${order.id}/shipments`, {
    carrier: '顺丰速运',
    waybillNo: 'SF1234567890',
    items: [{ lineId, quantity: 4 }],
  });
  expect(tooMany.statusCode).toBe(422);
  expect(tooMany.json().errors[0].field).toBe('items.0.quantity');
  const serials = await supplier.http.post(`/api/orders/${order.id}/shipments`, {
    carrier: '顺丰速运',
    waybillNo: 'SF1234567890',
    items: [{ lineId, quantity: 2, serialNumbers: ['SN-1'] }],
  });
  expect(serials.statusCode).toBe(422);
  expect(serials.json().errors[0].field).toBe('items.0.serialNumbers');

  const first = await supplier.http.post(`/api/orders/${order.id}/shipments`, {
    carrier: '顺丰速运',
    waybillNo: 'SF1234567890',
    items: [{ lineId, quantity: 2, serialNumbers: [`SN-${token}-1`, `SN-${token}-2`] }],
  });
  expect(first.statusCode, first.body).toBe(201);
  expect(first.json().remaining[0]).toMatchObject({ ordered: 3, shipped: 2 });
  const second = await supplier.http.post(`/api/orders/${order.id}/shipments`, {
    carrier: '京东物流',
    waybillNo: 'JD0099887766',
    items: [{ lineId, quantity: 1, serialNumbers: [`SN-${token}-3`] }],
  });
  expect(second.statusCode, second.body).toBe(201);
  const [s1, s2] = second.json().items as { id: string; seq: number; deliveredAt: string | null }[];
  expect((await purchaser.http.get(`/api/orders/${order.id}`)).json().status).toBe('shipped');

  expect((await supplier.http.post(`/api/orders/${order.id}/shipments/${s1!.id}/deliver`, {})).statusCode).toBe(200);
  expect((await purchaser.http.get(`/api/orders/${order.id}`)).json().status).toBe('shipped');
  // Shipped in consignments, the order is not delivered by the plain step while one has not arrived.
  const plain = await supplier.http.post(`/api/orders/${order.id}/deliver`, {});
  expect(plain.statusCode, plain.body).toBe(409);
  expect(plain.headers['content-type']).toContain('application/problem+json');
  expect((await purchaser.http.get(`/api/orders/${order.id}`)).json().status).toBe('shipped');
  expect((await supplier.http.post(`/api/orders/${order.id}/shipments/${s2!.id}/deliver`, {})).statusCode).toBe(200);
  expect((await purchaser.http.get(`/api/orders/${order.id}`)).json().status).toBe('delivered');

  const note = await purchaser.http.get(`/api/orders/${order.id}/shipments/${s1!.id}/delivery-note.pdf`);
  expect(note.statusCode).toBe(200);
  expect(note.headers['content-type']).toContain('application/pdf');
  expect(note.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

  const accepted = await purchaser.http.post(`/api/orders/${order.id}/accept`, {
    rating: 5,
    comment: '到货完好',
    findings: [
      { item: '数量与序列号核对', passed: true },
      { item: '外观', passed: true, note: '包装完好' },
    ],
  });
  expect(accepted.statusCode, accepted.body).toBe(200);

  // The purchaser was told of each step.
  const told = (await titles(purchaser)).map((n) => n.kind);
  expect(told).toEqual(expect.arrayContaining(['order.confirmed', 'order.shipped', 'order.delivered']));
  expect((await titles(purchaser)).some((n) => n.body.includes('SF1234567890'))).toBe(true);
  // Each consignment's facts, for the words in other languages: the first shipped the order, the second was one more.
  const shipped = (await titles(purchaser)).filter((n) => n.kind === 'order.shipped').map((n) => n.params);
  expect(shipped).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ orderNo: order.orderNo, seq: 1, carrier: '顺丰速运', waybillNo: 'SF1234567890', units: 2, left: 1 }),
      expect.objectContaining({ seq: 2, carrier: '京东物流', units: 1, left: 0, variant: 'more' }),
    ]),
  );
  expect((await titles(purchaser)).find((n) => n.kind === 'order.delivered' && n.params?.variant === 'partial')?.params).toMatchObject({
    seq: 1,
    waybillNo: 'SF1234567890',
  });
  expect((await titles(supplier)).map((n) => n.kind)).toContain('order.accepted');

  // The timeline: every step with who and when, the acceptance with its findings.
  const timeline = (await purchaser.http.get(`/api/orders/${order.id}/timeline`)).json().items as {
    action: string;
    actorName: string | null;
    at: string;
    data: Record<string, unknown>;
  }[];
  expect(timeline.map((e) => e.action)).toEqual([
    'order.place',
    'order.confirm',
    'order.shipment',
    'order.ship',
    'order.shipment',
    'order.shipment.delivered',
    'order.shipment.delivered',
    'order.deliver',
    'order.accept',
  ]);
  expect(timeline.every((e) => e.actorName && e.at)).toBe(true);
  expect(timeline.at(-1)!.data.findings).toHaveLength(2);
  expect(timeline[2]!.data).toMatchObject({ carrier: '顺丰速运', waybillNo: 'SF1234567890' });

  // Only the order's parties see its shipments and timeline.
  const other = await actor(ctx.app, ctx.database.db, 'supplier');
  const regulator = await actor(ctx.app, ctx.database.db, 'regulator');
  for (const path of [`/api/orders/${order.id}/shipments`, `/api/orders/${order.id}/timeline`, `/api/timeline/order/${order.id}`])
    expect((await other.http.get(path)).statusCode, path).toBe(404);
  // A regulator oversees the order but is not a party: its role may not read shipments (403), the timeline does not exist for it.
  expect((await regulator.http.get(`/api/orders/${order.id}/shipments`)).statusCode).toBe(403);
  expect((await regulator.http.get(`/api/timeline/order/${order.id}`)).statusCode).toBe(404);
  expect((await other.http.get(`/api/orders/${order.id}/shipments/${s1!.id}/delivery-note.pdf`)).statusCode).toBe(404);
  expect((await ctx.app.inject({ method: 'GET', url: `/api/timeline/order/${order.id}` })).statusCode).toBe(404);
}, 240_000);
