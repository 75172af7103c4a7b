import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries, organizations, users } from '../../server/db/schema/index.ts';
import { makeUscc } from '../../server/modules/organizations/organizations.rules.ts';
import { client, createTestContext, login, type TestContext } from '../helpers/context.ts';
import { actor, createOrg, type Actor } from '../helpers/factories.ts';
import { ownDatabase } from '../helpers/own-database.ts';
import { hashPublishedPassword } from '../../server/modules/auth/auth.service.ts';
import { bootstrapPlatform } from '../../server/modules/organizations/organizations.bootstrap.ts';
import { sequenceAudit } from '../../server/platform/audit.ts';

let ctx: TestContext;
let admin: Actor;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await actor(ctx.app, ctx.database.db, 'admin');
});
afterAll(() => ctx.close());

const supplierBody = (uscc: string) => ({
  kind: 'supplier',
  name: '北京测试供应商有限公司',
  regionCode: '110105',
  uscc,
  sizeClass: 'micro',
  industry: '零售业',
});

describe('organization registry', () => {
  it('refuses a supplier whose USCC check character is wrong, naming the field, and writes nothing [rule:organizations.uscc-check]', async () => {
    const good = makeUscc('110105', 61_234_567);
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const res = await admin.http.post('/api/admin/organizations', supplierBody(bad));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'uscc', message: '统一社会信用代码校验位错误' })]);
    const rows = await ctx.database.db.select().from(organizations).where(eq(organizations.uscc, bad));
    expect(rows).toHaveLength(0);
  });

  it('refuses a USCC whose region part is not a region, even with a correct check character, naming the field [rule:organizations.uscc-region]', async () => {
    // 9111A108551385082L: a letter among the region digits, check character correct (seen from outside).
    for (const bad of ['9111A108551385082L', makeUscc('990101', 61_234_568), makeUscc('100101', 61_234_569)]) {
      const res = await admin.http.post('/api/admin/organizations', supplierBody(bad));
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().errors).toEqual([expect.objectContaining({ field: 'uscc', message: expect.stringContaining('行政区划码') })]);
      expect(await ctx.database.db.select().from(organizations).where(eq(organizations.uscc, bad))).toHaveLength(0);
    }
  });

  it('registers a supplier, then refuses the same USCC with 409', async () => {
    const uscc = makeUscc('110105', 61_234_999);
    const res = await admin.http.post('/api/admin/organizations', supplierBody(uscc.toLowerCase()));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'supplier', uscc, sizeClass: 'micro', regionName: '北京市朝阳区' });
    const again = await admin.http.post('/api/admin/organizations', supplierBody(uscc));
    expect(again.statusCode).toBe(409);
    expect(again.json().errors[0].field).toBe('uscc');
  });

  it('records who controls a supplier, validated as a USCC, at registration and when edited', async () => {
    const parent = makeUscc('110105', 62_000_000 + Math.floor(Math.random() * 999_999));
    const uscc = makeUscc('110105', 63_000_000 + Math.floor(Math.random() * 999_999));
    const bad = parent.slice(0, 17) + (parent[17] === '0' ? '1' : '0');
    const refused = await admin.http.post('/api/admin/organizations', { ...supplierBody(uscc), controlledByUscc: bad });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors).toEqual([expect.objectContaining({ field: 'controlledByUscc', message: '统一社会信用代码校验位错误' })]);
    const created = await admin.http.post('/api/admin/organizations', { ...supplierBody(uscc), controlledByUscc: parent.toLowerCase() });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().controlledByUscc).toBe(parent);
    const id = created.json().id;
    const patchBad = await admin.http.patch(`/api/admin/organizations/${id}`, { controlledByUscc: '123' });
    expect(patchBad.statusCode).toBe(400);
    expect(patchBad.json().errors[0].field).toBe('controlledByUscc');
    const self = await admin.http.patch(`/api/admin/organizations/${id}`, { controlledByUscc: uscc });
    expect(self.statusCode).toBe(422);
    expect(self.json().errors[0].field).toBe('controlledByUscc');
    const cleared = await admin.http.patch(`/api/admin/organizations/${id}`, { controlledByUscc: null, legalRepresentative: '王五' });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json()).toMatchObject({ controlledByUscc: null, legalRepresentative: '王五' });
    const unit = await admin.http.post('/api/admin/organizations', { kind: 'regulator', name: '测试财政局', regionCode: '110105' });
    expect((await admin.http.patch(`/api/admin/organizations/${unit.json().id}`, { controlledByUscc: parent })).statusCode).toBe(404);
  });

  it('requires the fields of each kind and refuses an unknown region with 422', async () => {
    const missing = await admin.http.post('/api/admin/organizations', { kind: 'purchasing_unit', name: '某单位', regionCode: '110108' });
    expect(missing.statusCode).toBe(400);
    expect(
      missing
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['adminLevel', 'unitType']);
    const region = await admin.http.post('/api/admin/organizations', { kind: 'regulator', name: '某财政局', regionCode: '999999' });
    expect(region.statusCode).toBe(422);
    expect(region.json().errors[0].field).toBe('regionCode');
  });

  it('creates users only with roles that fit the organization, and the new user can log in', async () => {
    const unit = (
      await admin.http.post('/api/admin/organizations', {
        kind: 'purchasing_unit',
        name: '北京市测试区教育局',
        regionCode: '110108',
        adminLevel: 'county',
        unitType: '机关',
      })
    ).json();
    const wrong = await admin.http.post('/api/admin/users', {
      organizationId: unit.id,
      username: `bad-${Date.now()}`,
      displayName: '某人',
      password: 'Password-2026',
      roles: ['supplier'],
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors[0].field).toBe('roles');
    const weak = await admin.http.post('/api/admin/users', {
      organizationId: unit.id,
      username: `weak-${Date.now()}`,
      displayName: '某人',
      password: 'short',
      roles: ['purchaser'],
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors[0].field).toBe('password');
    const username = `buyer-${Date.now()}`;
    const ok = await admin.http.post('/api/admin/users', {
      organizationId: unit.id,
      username,
      displayName: '经办人',
      password: 'Password-2026',
      roles: ['purchaser', 'approver'],
    });
    expect(ok.statusCode).toBe(201);
    const session = await login(ctx.app, username, 'Password-2026');
    expect(session.orgId).toBe(unit.id);

    const disabled = await admin.http.patch(`/api/admin/users/${ok.json().id}`, { status: 'disabled' });
    expect(disabled.statusCode).toBe(200);
    expect((await client(ctx.app, session).get('/api/auth/me')).statusCode).toBe(401);
  });

  it('lists organizations and users with paging and filters', async () => {
    const res = await admin.http.get('/api/admin/organizations?kind=supplier&page=1&pageSize=5');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.pageSize).toBe(5);
    expect(body.items.length).toBeLessThanOrEqual(5);
    expect(body.items.every((o: { kind: string }) => o.kind === 'supplier')).toBe(true);
    const users = await admin.http.get('/api/admin/users?role=admin');
    expect(users.json().items.some((u: { id: string }) => u.id === admin.userId)).toBe(true);
    const bad = await admin.http.get('/api/admin/organizations?kind=bank&pageSize=1000');
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['kind', 'pageSize']);
  });
});

describe('budget lines (下达预算指标)', () => {
  const line = (code: string) => ({
    code,
    name: '2026年办公设备购置',
    fiscalYear: 2026,
    fundSource: '一般公共预算',
    amountFen: 80_000_000,
  });

  it('the finance department issues a line to a unit: audited, listed, refused again with 409 on the same code and year', async () => {
    const unit = await createOrg(ctx.database.db, 'purchasing_unit');
    const regulator = await actor(ctx.app, ctx.database.db, 'regulator');
    const res = await regulator.http.post(`/api/organizations/${unit.id}/budget-lines`, line('2026-BG-01'));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ code: '2026-BG-01', amountFen: 80_000_000, reservedFen: 0, spentFen: 0, freeFen: 80_000_000 });
    await sequenceAudit(ctx.database.db);
    const audit = await ctx.database.db.select().from(auditEntries).where(eq(auditEntries.entityId, res.json().id));
    expect(audit.map((a) => [a.action, a.actorUserId])).toEqual([['budget.line.create', regulator.userId]]);
    const listed = await admin.http.get(`/api/organizations/${unit.id}/budget-lines`);
    expect(listed.json().items.map((l: { code: string }) => l.code)).toEqual(['2026-BG-01']);
    const again = await admin.http.post(`/api/organizations/${unit.id}/budget-lines`, { ...line('2026-BG-01'), amountFen: 1 });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors[0].field).toBe('code');
    const nextYear = await admin.http.post(`/api/organizations/${unit.id}/budget-lines`, { ...line('2026-BG-01'), fiscalYear: 2027 });
    expect(nextYear.statusCode, nextYear.body).toBe(201);
  });

  it('refuses fractional, zero or missing amounts naming the field, a unit that does not exist, and a non-unit', async () => {
    const unit = await createOrg(ctx.database.db, 'purchasing_unit');
    for (const amountFen of [0, -100, 12.5, '100']) {
      const res = await admin.http.post(`/api/organizations/${unit.id}/budget-lines`, { ...line('X-1'), amountFen });
      expect(res.statusCode, String(amountFen)).toBe(400);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['amountFen']);
    }
    const missing = await admin.http.post(`/api/organizations/${unit.id}/budget-lines`, { code: 'X-2' });
    expect(
      missing
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['amountFen', 'fiscalYear', 'fundSource', 'name']);
    const nowhere = await admin.http.post('/api/organizations/00000000-0000-4000-8000-000000000000/budget-lines', line('X-3'));
    expect(nowhere.statusCode).toBe(404);
    const supplier = await createOrg(ctx.database.db, 'supplier');
    const notUnit = await admin.http.post(`/api/organizations/${supplier.id}/budget-lines`, line('X-4'));
    expect(notUnit.statusCode).toBe(422);
    expect(notUnit.json().errors[0].field).toBe('id');
  });
});

describe('the first admin (bootstrapPlatform)', () => {
  it('on an empty installation makes the operator organization and one admin, audited, however many start at once', async () => {
    const own = await ownDatabase('bootstrap');
    try {
      const db = own.database.db;
      const passwordHash = await hashPublishedPassword('Op3rator-Pass');
      const results = await Promise.all(['ops1', 'ops2', 'ops3'].map((username) => bootstrapPlatform(db, { username, passwordHash })));
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      const admins = await db.select().from(users);
      expect(admins.map((u) => u.roles)).toEqual([['admin']]);
      expect(await db.select().from(organizations)).toEqual([expect.objectContaining({ kind: 'platform', name: '集采平台运营中心' })]);
      await sequenceAudit(db);
      expect((await db.select().from(auditEntries)).map((a) => [a.action, a.actorUserId])).toEqual([['platform.bootstrap', null]]);
      expect(await bootstrapPlatform(db, { username: 'ops4', passwordHash })).toBeNull();
    } finally {
      await own.drop();
    }
  });

  it('does nothing where an admin exists', async () => {
    // The shared test database has admins (this file's own): a second bootstrap writes nothing.
    const before = await ctx.database.db.select().from(organizations).where(eq(organizations.kind, 'platform'));
    expect(await bootstrapPlatform(ctx.database.db, { username: 'root2', passwordHash: await hashPublishedPassword('x') })).toBeNull();
    expect(await ctx.database.db.select().from(organizations).where(eq(organizations.kind, 'platform'))).toHaveLength(before.length);
  });
});
