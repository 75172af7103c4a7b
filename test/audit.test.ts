import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { auditEntries } from '../server/db/schema/index.ts';
import { appendAudit, canonicalJson, entryHash, verifyAuditChain } from '../server/platform/audit.ts';
import { createTestContext, type TestContext } from './helpers/context.ts';
import { actor } from './helpers/factories.ts';

const run = promisify(execFile);
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('audit chain', () => {
  it('canonical JSON does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { y: 2, z: 1 }] }, b: 1 }));
  });

  it('links each entry to the one before, in the same transaction as the change', async () => {
    const entries = await ctx.database.db.transaction(async (tx) => [
      await appendAudit(tx, { actor: null, action: 'test.a', entityType: 'test', entityId: 'x', data: { n: 1 } }),
      await appendAudit(tx, { actor: null, action: 'test.b', entityType: 'test', entityId: 'x', data: { n: 2 } }),
    ]);
    expect(entries[1]!.seq).toBe(entries[0]!.seq + 1);
    const [second] = await ctx.database.db.select().from(auditEntries).where(eq(auditEntries.seq, entries[1]!.seq));
    expect(second?.prevHash).toBe(entries[0]!.hash);

    await expect(
      ctx.database.db.transaction(async (tx) => {
        await appendAudit(tx, { actor: null, action: 'test.rolled-back', entityType: 'test', entityId: 'y' });
        throw new Error('the change fails');
      }),
    ).rejects.toThrow('the change fails');
    const rolledBack = await ctx.database.db.select().from(auditEntries).where(eq(auditEntries.action, 'test.rolled-back'));
    expect(rolledBack).toHaveLength(0);
  });

  it('keeps one unbroken chain under concurrent writers', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        ctx.database.db.transaction((tx) => appendAudit(tx, { actor: null, action: 'test.concurrent', entityType: 'test', entityId: String(i) })),
      ),
    );
    const result = await verifyAuditChain(ctx.database.db);
    expect(result).toMatchObject({ ok: true, firstBroken: null });
  });

  it('refuses updates and deletes through the database', async () => {
    const [entry] = await ctx.database.db.select().from(auditEntries).limit(1);
    await expect(ctx.database.db.update(auditEntries).set({ action: 'forged' }).where(eq(auditEntries.seq, entry!.seq))).rejects.toThrow();
    await expect(ctx.database.db.delete(auditEntries).where(eq(auditEntries.seq, entry!.seq))).rejects.toThrow();
  });

  it('names the first edited entry: through the admin route and through npm run audit:verify', async () => {
    const admin = await actor(ctx.app, ctx.database.db, 'admin');
    const { seq } = await ctx.database.db.transaction((tx) =>
      appendAudit(tx, { actor: null, action: 'budget.reserve', entityType: 'budget_line', entityId: 'b-1', data: { amountFen: 10_000 } }),
    );
    const before = await admin.http.post('/api/admin/audit/verify');
    expect(before.json()).toMatchObject({ ok: true });

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

      const script = await run('npx', ['tsx', 'scripts/audit-verify.ts'], { env: { ...process.env, DATABASE_URL: inject('databaseUrl'), DATA_DIR: ctx.config.DATA_DIR, AUDIT_SIGNING_KEY: ctx.config.AUDIT_SIGNING_KEY, LOG_LEVEL: 'silent' } }).then(
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
    const { seq } = await ctx.database.db.transaction((tx) =>
      appendAudit(tx, { actor: null, action: 'budget.reserve', entityType: 'budget_line', entityId: 'b-2', data: { amountFen: 20_000 } }),
    );
    await ctx.database.db.transaction((tx) => appendAudit(tx, { actor: null, action: 'budget.release', entityType: 'budget_line', entityId: 'b-2', data: { amountFen: 20_000 } }));
    // Forged in a transaction that is rolled back, so no other test file sees it.
    const result = await ctx.database.db
      .transaction(async (tx) => {
        await tx.execute(sql`select 1 from jicai.audit_head where id = 'head' for update`);
        await tx.execute(sql`alter table jicai.audit_entries disable trigger audit_entries_no_update`);
        await tx.execute(sql`update jicai.audit_entries set data = ${JSON.stringify({ amountFen: 1 })}::jsonb where seq = ${seq}`);
        const [row] = await tx.select().from(auditEntries).where(eq(auditEntries.seq, seq));
        await tx.execute(sql`update jicai.audit_entries set hash = ${entryHash(row!.prevHash, row!)} where seq = ${seq}`);
        const { verifyChainIn } = await import('../server/platform/audit.ts');
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
});
