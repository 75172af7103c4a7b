import { postgresSearch } from '../../server/platform/search/postgres-search.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../server/services.ts';
import { sql } from 'drizzle-orm';
import { client, createTestContext, login, type TestContext } from '../helpers/context.ts';
import { actor, createOrg, type Actor } from '../helpers/factories.ts';
import { sequenceAudit } from '../../server/platform/audit.ts';

let ctx: TestContext;
let center: Actor;
beforeAll(async () => {
  ctx = await createTestContext();
  // The city's center keeps the city's pool (a district's draws from it and rates, #19).
  center = await actor(
    ctx.app,
    ctx.database.db,
    'center_staff',
    (await createOrg(ctx.database.db, 'procurement_center', { regionCode: '110000' })).id,
  );
});
afterAll(() => ctx.close());

const specialty = `A0299${String(Date.now()).slice(-4)}`;
const addExpert = async (name: string) =>
  (
    await center.http.post('/api/experts', {
      name,
      title: '高级工程师',
      employer: `某研究院${specialty}`,
      specialties: [specialty],
      regionCode: '110000',
    })
  ).json();

describe('expert pool', () => {
  it('rates experts; a violation suspends or removes, and the draw pool never holds them', async () => {
    const a = await addExpert('甲专家');
    const b = await addExpert('乙专家');
    const c = await addExpert('丙专家');
    const rated = await center.http.post(`/api/experts/${a.id}/ratings`, {
      projectRef: 'JC-2026-001',
      punctuality: 5,
      diligence: 4,
      recusalHonesty: 5,
      comment: '认真负责',
    });
    expect(rated.statusCode).toBe(201);
    await center.http.post(`/api/experts/${b.id}/ratings`, {
      projectRef: 'JC-2026-001',
      punctuality: 2,
      diligence: 2,
      recusalHonesty: 1,
      comment: '未主动申报与投标人的利害关系',
      violation: 'suspend',
    });
    await center.http.post(`/api/experts/${c.id}/ratings`, {
      projectRef: 'JC-2026-002',
      punctuality: 1,
      diligence: 1,
      recusalHonesty: 1,
      comment: '收受投标人财物',
      violation: 'remove',
    });

    // This file's experts (by their employer): the specialty matches other files' experts of its ancestors too.
    const list = (await center.http.get(`/api/experts?specialty=${specialty}&q=${encodeURIComponent(`某研究院${specialty}`)}`)).json();
    const byName = Object.fromEntries(list.items.map((e: { name: string; status: string }) => [e.name, e]));
    expect(byName['甲专家']).toMatchObject({ status: 'active', ratingCount: 1, averageRating: 4.67 });
    expect(byName['乙专家'].status).toBe('suspended');
    expect(byName['丙专家'].status).toBe('removed');

    const services = createServices({ config: ctx.config, db: ctx.database.db, jobs: ctx.jobs, search: postgresSearch(ctx.database.db) });
    const pool = await services.experts.drawablePool(ctx.database.db, `${specialty}01`);
    // Experts of broader specialties (A02, A) may also be drawn; of this test's three, only the active one.
    expect(pool.map((e) => e.name).filter((n) => ['甲专家', '乙专家', '丙专家'].includes(n))).toEqual(['甲专家']);

    expect((await center.http.post(`/api/experts/${c.id}/status`, { status: 'active', reason: '恢复' })).statusCode).toBe(409);
    const restored = await center.http.post(`/api/experts/${b.id}/status`, { status: 'active', reason: '暂停期满，经培训合格' });
    expect(restored.json().status).toBe('active');
    const detail = (await center.http.get(`/api/experts/${b.id}`)).json();
    expect(detail.statusHistory.map((h: { toStatus: string }) => h.toStatus)).toEqual(['active', 'suspended']);
  });

  it('validates input and keeps the pool to center staff and regulators', async () => {
    const bad = await center.http.post('/api/experts', { name: '丁', title: '', employer: 'x', specialties: ['Z99'], regionCode: '1' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['name', 'title', 'specialties.0', 'regionCode']),
    );
    const supplier = await actor(ctx.app, ctx.database.db, 'supplier');
    expect((await supplier.http.get('/api/experts')).statusCode).toBe(403);
    const expert = await actor(ctx.app, ctx.database.db, 'expert', center.orgId);
    expect((await expert.http.get('/api/experts')).statusCode).toBe(403);
    expect((await expert.http.get('/api/experts/me')).statusCode).toBe(404);
  });
});

describe('experts are people with accounts', () => {
  it('center staff give a pool expert a login with a one-time password, revoke it (its session ends) and give it again', async () => {
    const e = await addExpert('丁专家');
    const username = `exp${Date.now().toString(36)}`;
    const supplier = await actor(ctx.app, ctx.database.db, 'supplier');
    expect((await supplier.http.post(`/api/experts/${e.id}/account`, { username })).statusCode).toBe(403);
    expect((await center.http.post(`/api/experts/${e.id}/account`, { username: '1x' })).json().errors[0].field).toBe('username');
    const granted = await center.http.post(`/api/experts/${e.id}/account`, { username });
    expect(granted.statusCode, granted.body).toBe(201);
    const { initialPassword, userId } = granted.json();
    expect(initialPassword).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect((await center.http.get(`/api/experts/${e.id}/account`)).json()).toMatchObject({
      username,
      status: 'active',
      initialPassword: null,
    });
    // The password is nowhere in the database or the audit trail in clear.
    const dump = await ctx.database.db.execute<{ t: string }>(
      sql`select row_to_json(u)::text as t from jicai.users u where id = ${userId}`,
    );
    expect(dump.rows[0]!.t).not.toContain(initialPassword);
    await sequenceAudit(ctx.database.db);
    const audit = await ctx.database.db.execute<{ t: string }>(
      sql`select data::text as t from jicai.audit_entries where entity_id = ${e.id}`,
    );
    for (const r of audit.rows) expect(r.t).not.toContain(initialPassword);

    const expert = client(ctx.app, await login(ctx.app, username, initialPassword));
    expect((await expert.get('/api/experts/me')).json()).toMatchObject({ id: e.id, name: '丁专家' });
    expect((await center.http.post(`/api/experts/${e.id}/account`, { username: `${username}2` })).statusCode).toBe(409);

    expect((await center.http.send('DELETE', `/api/experts/${e.id}/account`)).json()).toMatchObject({ status: 'disabled' });
    expect((await expert.get('/api/experts/me')).statusCode).toBe(401);
    await expect(login(ctx.app, username, initialPassword)).rejects.toThrow();

    const again = await center.http.post(`/api/experts/${e.id}/account`, { username: 'ignored-when-reenabled' });
    expect(again.json()).toMatchObject({ username, status: 'active' });
    expect(again.json().initialPassword).not.toBe(initialPassword);
    expect((await client(ctx.app, await login(ctx.app, username, again.json().initialPassword)).get('/api/experts/me')).statusCode).toBe(
      200,
    );
  });

  it('an expert declares affiliations (refused by field when incomplete), withdraws an unreviewed one, and center staff accept or reject with a note', async () => {
    const e = await addExpert('戊专家');
    const username = `exq${Date.now().toString(36)}`;
    const { initialPassword } = (await center.http.post(`/api/experts/${e.id}/account`, { username })).json();
    const expert = client(ctx.app, await login(ctx.app, username, initialPassword));

    const noName = await expert.post('/api/experts/me/affiliations', { kind: 'relative_of_legal_rep' });
    expect(noName.statusCode).toBe(400);
    expect(noName.json().errors[0].field).toBe('personName');
    const backwards = await expert.post('/api/experts/me/affiliations', {
      kind: 'employee',
      organizationName: '某科技有限公司',
      fromDate: '2024-01-01',
      toDate: '2023-01-01',
    });
    expect(backwards.json().errors[0].field).toBe('toDate');
    const badUscc = await expert.post('/api/experts/me/affiliations', {
      kind: 'director',
      organizationName: '某科技有限公司',
      organizationUscc: '9111A108551385082L',
    });
    expect(badUscc.json().errors[0].field).toBe('organizationUscc');

    const supplier = await createOrg(ctx.database.db, 'supplier');
    const employed = await expert.post('/api/experts/me/affiliations', {
      kind: 'employee',
      organizationName: supplier.name,
      organizationUscc: supplier.uscc,
      fromDate: '2021-03-01',
      toDate: '2024-06-30',
    });
    expect(employed.statusCode, employed.body).toBe(201);
    expect(employed.json()).toMatchObject({ organizationId: supplier.id, status: 'declared' });
    const relative = (await expert.post('/api/experts/me/affiliations', { kind: 'relative_of_legal_rep', personName: '张某某' })).json();
    const mistaken = (await expert.post('/api/experts/me/affiliations', { kind: 'supervisor', organizationName: '误填单位' })).json();
    expect((await expert.send('DELETE', `/api/experts/me/affiliations/${mistaken.id}`)).statusCode).toBe(204);

    const other = await actor(ctx.app, ctx.database.db, 'expert');
    expect((await other.http.get(`/api/experts/${e.id}/affiliations`)).statusCode).toBe(403);
    expect((await center.http.get(`/api/experts/${e.id}/affiliations`)).json()).toHaveLength(2);
    const reviewed = await center.http.post(`/api/experts/${e.id}/affiliations/${relative.id}/review`, {
      decision: 'rejected',
      note: '经核实非直系亲属',
    });
    expect(reviewed.json()).toMatchObject({ status: 'rejected', reviewNote: '经核实非直系亲属' });
    expect((await expert.send('DELETE', `/api/experts/me/affiliations/${relative.id}`)).statusCode).toBe(409);
    expect(
      (await expert.get('/api/experts/me/affiliations'))
        .json()
        .map((a: { status: string }) => a.status)
        .sort(),
    ).toEqual(['declared', 'rejected']);
  });
});
