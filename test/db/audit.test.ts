import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { auditEntries, auditPending, tenders } from '../../server/db/schema/index.ts';
import { SEALED_ACTOR } from '../../server/modules/audit/audit.service.ts';
import { appendAudit, entryHash, sequenceAudit, verifyAuditChain } from '../../server/platform/audit.ts';
import { appendChained } from '../helpers/audit.ts';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { actor, createOrg } from '../helpers/factories.ts';
import { intentionExempt } from '../helpers/procurement.ts';

const run = promisify(execFile);
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('audit chain', () => {
  it('links each entry to the one before, appended in the same transaction as the change', async () => {
    await ctx.database.db.transaction(async (tx) => {
      await appendAudit(tx, { actor: null, action: 'test.a', entityType: 'test', entityId: 'x', data: { n: 1 } });
      await appendAudit(tx, { actor: null, action: 'test.b', entityType: 'test', entityId: 'x', data: { n: 2 } });
    });
    await sequenceAudit(ctx.database.db);
    const rows = await ctx.database.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.entityType, 'test'), eq(auditEntries.entityId, 'x')))
      .orderBy(asc(auditEntries.seq));
    expect(rows.map((r) => r.action)).toEqual(['test.a', 'test.b']);
    expect(rows[1]!.seq).toBe(rows[0]!.seq + 1);
    expect(rows[1]!.prevHash).toBe(rows[0]!.hash);

    await expect(
      ctx.database.db.transaction(async (tx) => {
        await appendAudit(tx, { actor: null, action: 'test.rolled-back', entityType: 'test', entityId: 'y' });
        throw new Error('the change fails');
      }),
    ).rejects.toThrow('the change fails');
    await sequenceAudit(ctx.database.db);
    const rolledBack = await ctx.database.db.select().from(auditEntries).where(eq(auditEntries.action, 'test.rolled-back'));
    expect(rolledBack).toHaveLength(0);
  });

  it('appending waits on no lock: a business write commits while the sequencer holds the head', async () => {
    const db = ctx.database.db;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    // A sequencer (or a checkpoint) that holds the chain's head for as long as this test wants.
    const holder = db.transaction(async (tx) => {
      await tx.execute(sql`select 1 from jicai.audit_head where id = 'head' for update`);
      locked();
      await held;
    });
    await isLocked;
    try {
      // The append commits without waiting for the head (statement_timeout would fire if it did).
      await db.transaction(async (tx) => {
        await tx.execute(sql`set local statement_timeout = '2s'`);
        await appendAudit(tx, { actor: null, action: 'test.unblocked', entityType: 'test', entityId: 'z' });
      });
      const [pending] = await db.select({ n: count() }).from(auditPending).where(eq(auditPending.action, 'test.unblocked'));
      expect(pending!.n).toBe(1);
    } finally {
      release();
      await holder;
    }
    await sequenceAudit(db);
    const [chained] = await db.select().from(auditEntries).where(eq(auditEntries.action, 'test.unblocked'));
    expect(chained).toBeDefined();
    const [left] = await db.select({ n: count() }).from(auditPending).where(eq(auditPending.action, 'test.unblocked'));
    expect(left!.n).toBe(0);
  });

  it('keeps one unbroken chain under concurrent writers and concurrent sequencers: each entry chained once', async () => {
    const db = ctx.database.db;
    await Promise.all([
      ...Array.from({ length: 20 }, (_, i) =>
        db.transaction((tx) => appendAudit(tx, { actor: null, action: 'test.concurrent', entityType: 'test', entityId: String(i) })),
      ),
      sequenceAudit(db),
      sequenceAudit(db),
    ]);
    await Promise.all([sequenceAudit(db), sequenceAudit(db)]);
    const rows = await db.select({ entityId: auditEntries.entityId }).from(auditEntries).where(eq(auditEntries.action, 'test.concurrent'));
    expect(rows.map((r) => Number(r.entityId)).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    const result = await verifyAuditChain(db);
    expect(result).toMatchObject({ ok: true, firstBroken: null });
  });

  it('refuses updates and deletes through the database', async () => {
    const [entry] = await ctx.database.db.select().from(auditEntries).limit(1);
    await expect(ctx.database.db.update(auditEntries).set({ action: 'forged' }).where(eq(auditEntries.seq, entry!.seq))).rejects.toThrow();
    await expect(ctx.database.db.delete(auditEntries).where(eq(auditEntries.seq, entry!.seq))).rejects.toThrow();
  });

  it('names the first edited entry: through the admin route and through npm run audit:verify', async () => {
    const admin = await actor(ctx.app, ctx.database.db, 'admin');
    const { seq } = await appendChained(ctx.database.db, {
      actor: null,
      action: 'budget.reserve',
      entityType: 'budget_line',
      entityId: 'b-1',
      data: { amountFen: 10_000 },
    });
    const before = await admin.http.post('/api/admin/audit/verify');
    expect(before.json(), before.body).toMatchObject({ ok: true });

    // Someone with database access edits a row around the append-only trigger.
    const tamper = (amount: number) =>
      ctx.database.db.transaction(async (tx) => {
        await tx.execute(sql`alter table jicai.audit_entries disable trigger audit_entries_no_update`);
        await tx.execute(sql`update jicai.audit_entries set data = ${JSON.stringify({ amountFen: amount })}::jsonb where seq = ${seq}`);
        await tx.execute(sql`alter table jicai.audit_entries enable trigger audit_entries_no_update`);
      });
    await tamper(1);
    try {
      const after = await admin.http.post('/api/admin/audit/verify');
      expect(after.json()).toMatchObject({ ok: false, firstBroken: { seq } });

      const script = await run('npx', ['tsx', 'scripts/audit-verify.ts'], {
        env: {
          ...process.env,
          DATABASE_URL: inject('databaseUrl'),
          DATA_DIR: ctx.config.DATA_DIR,
          AUDIT_SIGNING_KEY: ctx.config.AUDIT_SIGNING_KEY,
          LOG_LEVEL: 'silent',
        },
      }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
      );
      expect(script.code).not.toBe(0);
      expect(script.stderr).toContain(`BROKEN at entry ${seq}`);
    } finally {
      await tamper(10_000);
    }
    expect((await admin.http.post('/api/admin/audit/verify')).json()).toMatchObject({ ok: true });
  });

  it('names the edited entry, not the next one, when its own hash was recomputed too', async () => {
    const { seq } = await appendChained(ctx.database.db, {
      actor: null,
      action: 'budget.reserve',
      entityType: 'budget_line',
      entityId: 'b-2',
      data: { amountFen: 20_000 },
    });
    await appendChained(ctx.database.db, {
      actor: null,
      action: 'budget.release',
      entityType: 'budget_line',
      entityId: 'b-2',
      data: { amountFen: 20_000 },
    });
    // Forged in a transaction that is rolled back, so no other test file sees it.
    const result = await ctx.database.db
      .transaction(async (tx) => {
        // The table before the head, in the order an append takes them (else the two can deadlock).
        await tx.execute(sql`alter table jicai.audit_entries disable trigger audit_entries_no_update`);
        await tx.execute(sql`select 1 from jicai.audit_head where id = 'head' for update`);
        await tx.execute(sql`update jicai.audit_entries set data = ${JSON.stringify({ amountFen: 1 })}::jsonb where seq = ${seq}`);
        const [row] = await tx.select().from(auditEntries).where(eq(auditEntries.seq, seq));
        await tx.execute(sql`update jicai.audit_entries set hash = ${entryHash(row!.prevHash, row!)} where seq = ${seq}`);
        const { verifyChainIn } = await import('../../server/platform/audit.ts');
        throw Object.assign(new Error('rollback'), { result: await verifyChainIn(tx) });
      })
      .catch((error: { result?: unknown }) => error.result);
    expect(result).toMatchObject({ ok: false, firstBroken: { seq } });
  });

  it('records logins in the chain and lists entries for admins, newest first', async () => {
    const admin = await actor(ctx.app, ctx.database.db, 'admin');
    const res = await admin.http.get('/api/admin/audit?pageSize=50');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { seq: number; action: string; actorUserId: string }[];
    expect(items.some((e) => e.action === 'auth.login' && e.actorUserId === admin.userId)).toBe(true);
    expect(items[0]!.seq).toBeGreaterThan(items[items.length - 1]!.seq);
  });

  it('hides who submitted to a process, and to which, until its opening: even from admins', async () => {
    const center = await actor(ctx.app, ctx.database.db, 'center_staff');
    const supplier = await actor(ctx.app, ctx.database.db, 'supplier');
    const admin = await actor(ctx.app, ctx.database.db, 'admin');
    const unit = await createOrg(ctx.database.db, 'purchasing_unit');
    const res = await center.http.post('/api/tenders', {
      title: '审计测试 办公计算机采购',
      methodCode: 'open',
      ...intentionExempt,
      purchaserOrgId: unit.id,
      kind: 'goods',
      categoryCode: 'A02',
      description: '办公计算机更新',
      documents: '第一章 投标邀请……第二章 采购需求……',
      deadline: new Date(Date.now() + 21 * 86_400_000).toISOString(),
      smeExemptReason: '采购标的为标准化通用设备，不宜专门面向中小企业',
      lots: [
        {
          name: '台式计算机',
          budgetFen: 300_000_000,
          items: [{ name: '台式计算机', quantity: 500, unit: '台', specs: 'i5' }],
          evaluationMethod: 'lowest_price',
          smeReserved: false,
          smeDeductionRate: '0.10',
          bidBondFen: 0,
        },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const tenderId = res.json<{ id: string }>().id;
    const entry = await appendChained(ctx.database.db, {
      actor: { userId: supplier.userId, orgId: supplier.orgId },
      action: 'tender.bid',
      entityType: 'tender',
      entityId: tenderId,
      data: { commitment: 'x' },
    });
    const listed = async () =>
      (await admin.http.get('/api/admin/audit?pageSize=100'))
        .json<{ items: { seq: number; actorUserId: string | null; actorName: string | null; entityId: string }[] }>()
        .items.find((i) => i.seq === entry.seq);
    expect(await listed()).toMatchObject({ actorUserId: null, actorName: SEALED_ACTOR, entityId: SEALED_ACTOR });
    // Opened, the entry reads in full.
    await ctx.database.db.update(tenders).set({ openedAt: new Date() }).where(eq(tenders.id, tenderId));
    expect(await listed()).toMatchObject({ actorUserId: supplier.userId, entityId: tenderId });
  });
});
