import { randomBytes, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { experts, roles, users } from '../../server/db/schema/index.ts';
import { DEMO_PASSWORD } from '../../server/modules/demo/demo-data.ts';
import { raiseAlert } from '../../server/modules/risk/risk.alerts.ts';
import { inTransaction } from '../../server/db/tx.ts';
import type { Todo, Todos } from '../../contracts/workbench.schemas.ts';
import { client, login, type TestContext } from '../helpers/context.ts';
import { actor, createBudgetLine, createOrg, createUser, TEST_PASSWORD, type Actor } from '../helpers/factories.ts';
import { drawCommittee, goodsTender, insertExpert, passReviews, passTenderDeadline, procurementContext } from '../helpers/procurement.ts';

/**
 * 工作台待办 (#21): the state is made through the API as each party would (a listing on the shelf, orders
 * placed, confirmed, shipped and delivered, one waiting for approval) and through the risk module's own
 * way of raising an alert; then each party's GET /api/workbench/todos lists what waits on it — and
 * nobody else's. The database is shared with other files: every assertion looks at this file's records.
 */
let ctx: TestContext;
let center: Actor;
const token = `w${randomBytes(3).toString('hex')}`;
const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const nextYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;

beforeAll(async () => {
  ({ ctx, center } = await procurementContext());
});
afterAll(() => ctx.close());

type Http = ReturnType<typeof client>;

async function todosOf(who: Actor | { http: Http }, query = ''): Promise<Todos> {
  const res = await who.http.get(`/api/workbench/todos${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
const about = (todos: Todos, entityId: string) => todos.items.filter((t) => t.entityId === entityId);

/** A shredder on the shelf of a fresh supplier (agreement, listing submitted and approved by the center). */
async function supplierSelling(priceFen: number) {
  const product = await center.http.post('/api/products', {
    categoryCode: 'A020206',
    brand: `${token}牌`,
    model: `S-${randomBytes(3).toString('hex')}`,
    name: `${token} 碎纸机`,
    specs: {},
  });
  expect(product.statusCode, product.body).toBe(201);
  const org = await createOrg(ctx.database.db, 'supplier', { sizeClass: 'small' });
  const seller = await actor(ctx.app, ctx.database.db, 'supplier', org.id);
  const agreement = await center.http.post('/api/agreements', {
    code: `XY-${randomBytes(4).toString('hex')}`,
    title: '协议供货',
    supplierId: org.id,
    categoryCodes: ['A02'],
    startsOn: today,
    endsOn: nextYear,
  });
  expect(agreement.statusCode, agreement.body).toBe(201);
  const listing = await seller.http.post('/api/listings', {
    productId: product.json().id,
    priceFen,
    stock: 1000,
    deliveryRegions: ['000000'],
    leadTimeDays: 3,
    certificates: [],
  });
  expect(listing.statusCode, listing.body).toBe(201);
  expect((await seller.http.post(`/api/listings/${listing.json().id}/submit`, {})).statusCode).toBe(200);
  expect((await center.http.post(`/api/listings/${listing.json().id}/approve`, {})).statusCode).toBe(200);
  return { seller, listingId: listing.json().id as string };
}

/** A purchasing unit approving orders above ¥1,000, with a budget line, its purchaser and its approver. */
async function unit() {
  const org = await createOrg(ctx.database.db, 'purchasing_unit', { approvalThresholdFen: 100_000 });
  const line = await createBudgetLine(ctx.database.db, org.id, 100_000_000);
  return {
    line,
    purchaser: await actor(ctx.app, ctx.database.db, 'purchaser', org.id),
    approver: await actor(ctx.app, ctx.database.db, 'approver', org.id),
  };
}

async function order(buyer: Actor, budgetLineId: string, listingId: string, quantity: number) {
  expect((await buyer.http.post('/api/cart/items', { listingId, quantity })).statusCode).toBe(200);
  const res = await buyer.http.post(
    '/api/orders/checkout',
    { budgetLineId, deliveryAddress: '北京市海淀区中关村大街 1 号', contactName: '张晓明', contactPhone: '010-62345678' },
    { 'idempotency-key': `ck-${randomUUID()}` },
  );
  expect(res.statusCode, res.body).toBe(201);
  return res.json().orders[0] as { id: string; orderNo: string; status: string; totalFen: number; confirmDeadline: string | null };
}

describe('GET /api/workbench/todos', () => {
  it('lists each party its orders by deadline: the supplier what to confirm by when, the unit what to accept, the approver what to approve; nobody else', async () => {
    const { seller, listingId } = await supplierSelling(30_000);
    const buyer = await unit();
    const stranger = await unit();
    const otherSeller = await actor(ctx.app, ctx.database.db, 'supplier');

    // Placed (¥600, under the unit's threshold): the supplier confirms within one working day.
    const placed = await order(buyer.purchaser, buyer.line.id, listingId, 2);
    expect(placed.status).toBe('placed');
    expect(placed.confirmDeadline).not.toBeNull();
    // Delivered: the unit accepts it.
    const delivered = await order(buyer.purchaser, buyer.line.id, listingId, 1);
    for (const step of ['confirm', 'ship', 'deliver'] as const)
      expect((await seller.http.post(`/api/orders/${delivered.id}/${step}`, {})).statusCode).toBe(200);
    // ¥1,500, over the threshold: it waits for the approver.
    const pending = await order(buyer.purchaser, buyer.line.id, listingId, 5);
    expect(pending.status).toBe('pending_approval');

    const supplierTodos = await todosOf(seller);
    expect(about(supplierTodos, placed.id)).toEqual([
      expect.objectContaining({
        kind: 'order_to_confirm',
        role: 'supplier',
        title: placed.orderNo,
        entityType: 'order',
        link: `/supplier/orders/${placed.id}`,
        due: new Date(placed.confirmDeadline!).toISOString(),
        amountFen: 60_000,
        count: null,
      }),
    ]);
    // Delivered is done on the supplier's side; the one awaiting approval is not its yet.
    expect(about(supplierTodos, delivered.id)).toEqual([]);
    expect(about(supplierTodos, pending.id)).toEqual([]);
    // Soonest due first, those without a deadline last.
    const dues = supplierTodos.items.map((t) => t.due);
    expect(dues).toEqual([...dues.filter((d) => d !== null).sort(), ...dues.filter((d) => d === null)]);
    expect(supplierTodos.total).toBeGreaterThanOrEqual(supplierTodos.items.length);
    expect(Date.parse(supplierTodos.asOf)).not.toBeNaN();

    const purchaserTodos = await todosOf(buyer.purchaser);
    expect(about(purchaserTodos, delivered.id)).toEqual([
      expect.objectContaining({ kind: 'order_to_accept', role: 'purchaser', link: `/purchaser/orders/${delivered.id}`, amountFen: 30_000 }),
    ]);
    expect(about(purchaserTodos, placed.id)).toEqual([]);
    expect(about(purchaserTodos, pending.id)).toEqual([]);

    const approverTodos = await todosOf(buyer.approver);
    expect(about(approverTodos, pending.id)).toEqual([
      expect.objectContaining({ kind: 'order_to_approve', role: 'approver', link: `/approver/orders/${pending.id}`, amountFen: 150_000 }),
    ]);
    expect(approverTodos.items.every((t) => t.role === 'approver')).toBe(true);

    // Another supplier, another unit's purchaser and approver: none of these.
    const ids = [placed.id, delivered.id, pending.id];
    for (const other of [otherSeller, stranger.purchaser, stranger.approver])
      expect((await todosOf(other)).items.filter((t) => ids.includes(t.entityId ?? ''))).toEqual([]);

    // Once approved, the order leaves the approver's list and comes to the supplier's, to confirm.
    expect((await buyer.approver.http.post(`/api/orders/${pending.id}/approve`, {})).statusCode).toBe(200);
    expect(about(await todosOf(buyer.approver), pending.id)).toEqual([]);
    expect(about(await todosOf(seller), pending.id).map((t) => t.kind)).toEqual(['order_to_confirm']);
    // Confirmed: now to ship, by the delivery date promised.
    expect((await seller.http.post(`/api/orders/${placed.id}/confirm`, {})).statusCode).toBe(200);
    const [toShip] = about(await todosOf(seller), placed.id);
    expect(toShip).toMatchObject({ kind: 'order_to_ship' });
    expect(toShip!.due).not.toBeNull();
  }, 120_000);

  it("lists a regulator the open risk alerts of its area, not another province's, and not those another regulator took", async () => {
    const tianjin = await createOrg(ctx.database.db, 'regulator', { regionCode: '120000', adminLevel: 'provincial' });
    const regulator = await actor(ctx.app, ctx.database.db, 'regulator', tianjin.id);
    const colleague = await createUser(ctx.database.db, tianjin.id, ['regulator']);
    const shanghai = await actor(
      ctx.app,
      ctx.database.db,
      'regulator',
      (await createOrg(ctx.database.db, 'regulator', { regionCode: '310000', adminLevel: 'provincial' })).id,
    );
    const raise = (regionCode: string, label: string) =>
      inTransaction(ctx.database.db, (tx) =>
        raiseAlert(tx, 'split_purchase', 'medium', {
          fingerprint: `workbench:${token}:${label}`,
          title: `${token} 疑似拆分采购（${label}）`,
          evidence: { test: token },
          subjectKind: 'supplier',
          subjectId: randomUUID(),
          subjectLabel: `${token} ${label}`,
          organizationId: null,
          regionCode,
        }),
      );
    const local = (await raise('120000', '天津'))!;
    const taken = (await raise('120000', '天津-已分派'))!;
    const elsewhere = (await raise('310104', '上海'))!;
    expect((await regulator.http.post(`/api/risk/alerts/${taken}/assign`, { assigneeId: colleague.id })).statusCode).toBe(200);

    const mine = await todosOf(regulator, '?role=regulator');
    expect(about(mine, local)).toEqual([
      expect.objectContaining({
        kind: 'risk_alert',
        role: 'regulator',
        title: `${token} 疑似拆分采购（天津）`,
        entityType: 'risk_alert',
        link: `/risk/alerts?alert=${local}`,
        due: null,
      }),
    ]);
    expect(about(mine, elsewhere)).toEqual([]);
    expect(about(mine, taken)).toEqual([]);

    const theirs = await todosOf(shanghai);
    expect(about(theirs, elsewhere).map((t: Todo) => t.kind)).toEqual(['risk_alert']);
    expect(about(theirs, local)).toEqual([]);

    // Assigned to this regulator: still its own.
    expect((await shanghai.http.post(`/api/risk/alerts/${elsewhere}/assign`, { assigneeId: shanghai.userId })).statusCode).toBe(200);
    expect(about(await todosOf(shanghai), elsewhere).map((t: Todo) => t.kind)).toEqual(['risk_alert']);
  }, 60_000);

  it('answers only for a role the caller holds, and for a signed-in caller only', async () => {
    const seller = await actor(ctx.app, ctx.database.db, 'supplier');
    const refused = await seller.http.get('/api/workbench/todos?role=regulator');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().errors).toEqual([expect.objectContaining({ field: 'role', in: 'query' })]);
    expect((await seller.http.get('/api/workbench/todos?role=nobody')).statusCode).toBe(400);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/workbench/todos' })).statusCode).toBe(401);
    const admin = await actor(ctx.app, ctx.database.db, 'admin');
    expect(await todosOf(admin)).toMatchObject({ items: [], total: 0, upcoming: [] });
    // Every role's sources answer, each item on the role asked for.
    for (const role of roles) {
      const someone = await actor(ctx.app, ctx.database.db, role);
      const answer = await todosOf(someone, `?role=${role}`);
      expect(answer.items.every((t) => t.role === role)).toBe(true);
    }
  }, 60_000);

  it('follows a tender: the center announces it and answers questions, bidders see their deadline, the committee is drawn, each expert declares and scores', async () => {
    const CODE = 'A080601';
    for (let i = 0; i < 6; i++) await insertExpert(ctx, token, { specialties: [CODE] });
    const buyer = await unit();
    const draft = await center.http.post(
      '/api/tenders',
      goodsTender(buyer.purchaser.orgId, `${token} 基础软件采购`, {
        categoryCode: CODE,
        lot: {
          name: '基础软件',
          categoryCode: CODE,
          evaluationMethod: 'comprehensive',
          priceWeight: '0.30',
          criteria: [{ key: 'tech', name: '技术', weight: '0.70' }],
        },
      }),
    );
    expect(draft.statusCode, draft.body).toBe(201);
    const tenderId = draft.json().id as string;
    const lotId = draft.json().lots[0].id as string;
    expect(about(await todosOf(center), tenderId).map((t) => t.kind)).toEqual(['tender_draft']);

    const published = await center.http.post(`/api/tenders/${tenderId}/publish`);
    expect(published.statusCode, published.body).toBe(200);
    const deadline = new Date(published.json().deadline).toISOString();
    expect(about(await todosOf(center), tenderId)).toEqual([]);
    // The unit waits for the opening: a date coming up, not a to-do.
    const unitView = await todosOf(buyer.purchaser);
    expect(unitView.upcoming.filter((m) => m.entityId === tenderId)).toEqual([
      expect.objectContaining({ kind: 'tender_bids_close', due: deadline, link: `/purchaser/tenders/${tenderId}` }),
    ]);
    expect(about(unitView, tenderId)).toEqual([]);

    const bidders: Actor[] = [];
    for (const [i, price] of [280_000_000, 285_000_000, 290_000_000].entries()) {
      const org = await createOrg(ctx.database.db, 'supplier', { sizeClass: 'large', name: `${token}投标人${i}有限公司` });
      const bidder = await actor(ctx.app, ctx.database.db, 'supplier', org.id);
      const bid = await bidder.http.send('PUT', `/api/tenders/${tenderId}/bids`, {
        lotId,
        priceFen: price,
        technicalResponse: '完全响应采购需求',
      });
      expect(bid.statusCode, bid.body).toBe(200);
      bidders.push(bidder);
    }
    const asked = await bidders[0]!.http.post(`/api/tenders/${tenderId}/questions`, { question: '第二章的授权数量是否含备份环境？' });
    expect(asked.statusCode, asked.body).toBe(201);
    expect(about(await todosOf(center), tenderId)).toEqual([
      expect.objectContaining({ kind: 'tender_questions', count: 1, due: deadline, link: `/center/tenders/${tenderId}` }),
    ]);
    expect(about(await todosOf(bidders[0]!), tenderId)).toEqual([
      expect.objectContaining({ kind: 'tender_bid_closing', due: deadline, link: `/supplier/tenders/${tenderId}` }),
    ]);
    // Another supplier that did not bid has nothing of it.
    expect(about(await todosOf(await actor(ctx.app, ctx.database.db, 'supplier')), tenderId)).toEqual([]);

    await passTenderDeadline(ctx, tenderId);
    expect(about(await todosOf(bidders[0]!), tenderId)).toEqual([]);
    expect(about(await todosOf(center), tenderId).map((t) => t.kind)).toEqual(['tender_committee_to_draw']);
    // Another center runs its own tenders.
    expect(about(await todosOf(await actor(ctx.app, ctx.database.db, 'center_staff')), tenderId)).toEqual([]);

    const drawn = await drawCommittee(center, tenderId);
    expect(drawn.drawFailure).toBeNull();
    expect(about(await todosOf(center), tenderId).map((t) => t.kind)).toEqual(['tender_evaluation']);
    const members: { http: Http; seatId: string }[] = [];
    for (const seat of drawn.seats as { id: string; expertId: string }[]) {
      const http = await expertClient(seat.expertId);
      const mine = (await todosOf({ http })).items.filter((t) => t.entityId === seat.id);
      expect(mine).toEqual([
        expect.objectContaining({ kind: 'expert_seat_to_declare', role: 'expert', link: `/expert/assignments/${seat.id}` }),
      ]);
      expect((await http.post(`/api/tender-experts/${seat.id}/confirm`)).statusCode).toBe(200);
      members.push({ http, seatId: seat.id });
    }
    await passReviews(center, members[0]!, tenderId, lotId);
    const first = members[0]!;
    expect((await todosOf(first)).items.filter((t) => t.entityId === first.seatId)).toEqual([
      expect.objectContaining({ kind: 'expert_scores_to_submit', count: 1 }),
    ]);
  }, 180_000);
});

/** A logged-in client for a drawn expert: its own account (a test's or the demo's), or a new one linked to it. */
async function expertClient(expertId: string): Promise<Http> {
  const [e] = await ctx.database.db.select().from(experts).where(eq(experts.id, expertId));
  if (e!.userId) {
    const [u] = await ctx.database.db.select().from(users).where(eq(users.id, e!.userId));
    for (const password of [TEST_PASSWORD, DEMO_PASSWORD]) {
      try {
        return client(ctx.app, await login(ctx.app, u!.username, password));
      } catch {
        // the other password
      }
    }
  }
  const user = await createUser(ctx.database.db, (await createOrg(ctx.database.db, 'procurement_center')).id, ['expert']);
  await ctx.database.db.update(experts).set({ userId: user.id }).where(eq(experts.id, expertId));
  return client(ctx.app, await login(ctx.app, user.username, TEST_PASSWORD));
}
