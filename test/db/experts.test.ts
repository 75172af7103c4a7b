import { postgresSearch } from '../../server/platform/search/postgres-search.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../server/services.ts';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { actor, type Actor } from '../helpers/factories.ts';

let ctx: TestContext;
let center: Actor;
beforeAll(async () => {
  ctx = await createTestContext();
  center = await actor(ctx.app, ctx.database.db, 'center_staff');
});
afterAll(() => ctx.close());

const specialty = `A0299${String(Date.now()).slice(-4)}`;
const addExpert = async (name: string) =>
  (
    await center.http.post('/api/experts', {
      name,
      title: '高级工程师',
      employer: '某研究院',
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

    const list = (await center.http.get(`/api/experts?specialty=${specialty}`)).json();
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
