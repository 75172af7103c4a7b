import { createPublicKey, generateKeyPairSync, randomBytes, randomUUID, sign, verify } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { asc, desc, eq, gte, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '../../server/db/client.ts';
import { auditCheckpoints, auditEntries, auditHead } from '../../server/db/schema/index.ts';
import { inTransaction } from '../../server/db/tx.ts';
import {
  CHECKPOINT_FILE,
  createAuditAnchor,
  requestAuditCheckpoint,
  signedPayload,
  type AuditAnchor,
} from '../../server/platform/audit-anchor.ts';
import { appendAudit, entryHash, verifyChainIn } from '../../server/platform/audit.ts';
import { appendChained } from '../helpers/audit.ts';
import { dbNow } from '../../server/platform/clock.ts';
import { postgresSearch } from '../../server/platform/search/postgres-search.ts';
import { processors } from '../../workers/registry.ts';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { actor } from '../helpers/factories.ts';
import { ownDatabase } from '../helpers/own-database.ts';

let ctx: TestContext;
let own: Awaited<ReturnType<typeof ownDatabase>>;
let anchor: AuditAnchor;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jicai-audit-anchor-'));

beforeAll(async () => {
  // Its own database and DATA_DIR (so its own chain and exported file); the run's signing key, like every
  // other test file. On the run's shared database another file's job system, running the deadlines due
  // there, could take this file's checkpoint job and export it to its own DATA_DIR.
  own = await ownDatabase('anchor');
  ctx = await createTestContext({ databaseUrl: own.url, env: { DATA_DIR: dataDir } });
  anchor = createAuditAnchor({ signingKey: ctx.config.AUDIT_SIGNING_KEY, dataDir });
});
afterAll(async () => {
  await ctx?.close();
  await own?.drop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

const db = () => ctx.database.db;
/**
 * Test files share the database, and audit.test.ts commits a forged entry for a few seconds (to run the
 * verifier as its own process). A checkpoint stops before an entry that does not verify, and the chain
 * does not verify meanwhile: these wait for the state they need instead.
 */
async function until<T>(get: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; ; i++) {
    const value = await get();
    if (done(value) || i >= 600) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}
const checkpoint = async () => {
  const [head] = await db().select().from(auditHead);
  return until(
    () => anchor.checkpoint(db(), 'test'),
    (cp) => cp.seq >= head!.seq,
  );
};
const verifiedIntact = () =>
  until(
    () => anchor.verify(db()),
    (r) => r.ok,
  );

async function append(n: number, tag: string) {
  const seqs: number[] = [];
  for (let i = 0; i < n; i++) {
    const { seq } = await appendChained(db(), {
      actor: null,
      action: `test.${tag}`,
      entityType: 'budget_line',
      entityId: `b-${i}`,
      data: { amountFen: 10_000 + i },
    });
    seqs.push(seq);
  }
  return seqs;
}

class Rollback extends Error {}
class NotIntactYet extends Error {}

/**
 * Runs an attack in one transaction and rolls it back, so no other test file ever sees the forged chain.
 * It starts from an intact chain: holding the tables' locks, it checks that first, and otherwise waits for
 * another file's committed forgery to be undone and tries again.
 */
async function underAttack(attack: (tx: Tx) => Promise<void>): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      await db().transaction(async (tx) => {
        // In the order appenders take them: an append's one statement locks the entries table when it
        // starts and the head row as it runs, so the tables come first here, then the head.
        await tx.execute(sql`alter table jicai.audit_entries disable trigger audit_entries_no_update`);
        await tx.execute(sql`alter table jicai.audit_checkpoints disable trigger audit_checkpoints_no_update`);
        await tx.execute(sql`select 1 from jicai.audit_head where id = 'head' for update`);
        if (!(await anchor.verifyIn(tx)).ok) throw new NotIntactYet();
        await attack(tx);
        throw new Rollback();
      });
    } catch (error) {
      if (error instanceof Rollback) return;
      if (!(error instanceof NotIntactYet) || i >= 600) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

const forgeContent = (tx: Tx, seq: number) =>
  tx.execute(sql`update jicai.audit_entries set data = ${JSON.stringify({ amountFen: 1 })}::jsonb where seq = ${seq}`);

/** What an attacker with database access does: recompute the forged entry's hash and every later one, and the head. */
async function recomputeFrom(tx: Tx, seq: number) {
  const [before] = await tx
    .select()
    .from(auditEntries)
    .where(eq(auditEntries.seq, seq - 1));
  let prev = before!.hash;
  const rows = await tx.select().from(auditEntries).where(gte(auditEntries.seq, seq)).orderBy(asc(auditEntries.seq));
  for (const row of rows) {
    const hash = entryHash(prev, row);
    await tx.execute(sql`update jicai.audit_entries set prev_hash = ${prev}, hash = ${hash} where seq = ${row.seq}`);
    prev = hash;
  }
  await tx.update(auditHead).set({ hash: prev }).where(eq(auditHead.id, 'head'));
}

describe('signed audit checkpoints', () => {
  it('sign the head and every entry since the last one, are stored, exported to DATA_DIR and served publicly; an unchanged chain verifies', async () => {
    await append(3, 'anchor');
    const cp = await checkpoint();
    const [head] = await db().select().from(auditHead);
    expect(cp.seq).toBeLessThanOrEqual(head!.seq);
    expect(cp.span.length).toBe((cp.seq - cp.prevSeq) * 64);
    expect(cp.span.slice(-64)).toBe(cp.hash);

    // Exported, append-only, one JSON line per checkpoint.
    const lines = readFileSync(path.join(dataDir, CHECKPOINT_FILE), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.at(-1)).toMatchObject({ seq: cp.seq, hash: cp.hash, signature: cp.signature });

    // Public: the key and the checkpoints, whose signature anyone can check.
    const anon = (url: string) => ctx.app.inject({ method: 'GET', url });
    const key = (await anon('/api/public/audit/key')).json();
    expect(key).toMatchObject({ algorithm: 'Ed25519', keyId: cp.keyId });
    const total = (await anon('/api/public/audit/checkpoints?pageSize=1')).json().total as number;
    const page = await anon(`/api/public/audit/checkpoints?pageSize=200&page=${Math.ceil(total / 200)}`);
    expect(page.statusCode).toBe(200);
    const served = (page.json().items as { signature: string; signedPayload: string; seq: number }[]).find(
      (c) => c.signature === cp.signature,
    )!;
    expect(served.seq).toBe(cp.seq);
    const publicKey = createPublicKey({ key: Buffer.from(key.publicKey, 'base64'), format: 'der', type: 'spki' });
    expect(verify(null, Buffer.from(served.signedPayload), publicKey, Buffer.from(served.signature, 'base64'))).toBe(true);
    expect((await anon('/api/public/audit/checkpoints?pageSize=0')).statusCode).toBe(400);

    // The database holds the public half only.
    const [row] = await db().select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.id)).limit(1);
    expect(JSON.stringify(row)).not.toContain(ctx.config.AUDIT_SIGNING_KEY);

    const admin = await actor(ctx.app, db(), 'admin');
    await verifiedIntact();
    const res = await admin.http.post('/api/admin/audit/verify');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, firstBroken: null, checkpoints: { fileFound: true, problems: [] } });
    expect(res.json().checkpoints.anchoredThrough).toBeGreaterThanOrEqual(cp.seq);

    // The next checkpoint's span starts where this one ended.
    await append(2, 'anchor-next');
    const next = await checkpoint();
    expect(next.prevSeq).toBeGreaterThanOrEqual(cp.seq);
  });

  it('names the forged entry itself when its content is edited, and when its own hash is recomputed too (not the next one)', async () => {
    const [, n] = await append(3, 'forge-one');
    await underAttack(async (tx) => {
      await forgeContent(tx, n!);
      expect((await anchor.verifyIn(tx)).firstBroken?.seq).toBe(n);
      const [row] = await tx.select().from(auditEntries).where(eq(auditEntries.seq, n!));
      await tx.execute(sql`update jicai.audit_entries set hash = ${entryHash(row!.prevHash, row!)} where seq = ${n!}`);
      const result = await anchor.verifyIn(tx);
      expect(result.firstBroken).toEqual({ seq: n, reason: expect.stringMatching(/rewritten|signed/) });
    });
  });

  it('names entry N when N is forged and every later hash and the head recomputed, through the checkpoints — and through the exported file when the checkpoints table is rewritten too', async () => {
    const [, n] = await append(4, 'forge-all');
    await checkpoint();
    await append(2, 'after-checkpoint');
    await underAttack(async (tx) => {
      await forgeContent(tx, n!);
      await recomputeFrom(tx, n!);
      // Inside the database the rewritten chain is consistent: this is what the anchor is for.
      expect(await verifyChainIn(tx)).toMatchObject({ ok: true });

      const result = await anchor.verifyIn(tx);
      expect(result.ok).toBe(false);
      expect(result.firstBroken).toEqual({ seq: n, reason: expect.stringContaining('signed') });

      await tx.delete(auditCheckpoints);
      const fromFile = await anchor.verifyIn(tx);
      expect(fromFile.checkpoints.fileFound).toBe(true);
      expect(fromFile.firstBroken?.seq).toBe(n);
    });
    expect((await verifiedIntact()).ok).toBe(true);
  });

  it('never signs a broken chain: a checkpoint stops at the entry before the first that does not verify', async () => {
    await checkpoint();
    const [, n] = await append(3, 'broken-before-checkpoint');
    await underAttack(async (tx) => {
      await forgeContent(tx, n!);
      const cp = await anchor.checkpoint(tx, 'test');
      // (Unless another test file's checkpoint already covered n, so this one starts after it.)
      if (cp.prevSeq >= n!) return;
      expect(cp).toMatchObject({ seq: n! - 1, brokenAt: n });
      const [before] = await tx
        .select()
        .from(auditEntries)
        .where(eq(auditEntries.seq, n! - 1));
      expect(cp.hash).toBe(before!.hash);
    });
  });

  it('reports a forged checkpoint: a table row with a bad signature, a row signed by another key, and a forged line in the file', async () => {
    await append(1, 'forged-checkpoint');
    const cp = await checkpoint();
    const other = generateKeyPairSync('ed25519');
    await underAttack(async (tx) => {
      const forged = {
        v: 1 as const,
        seq: cp.seq,
        hash: 'f'.repeat(64),
        signedAt: cp.signedAt,
        prevSeq: cp.seq,
        span: '',
        reason: 'forged',
        keyId: cp.keyId,
      };
      const badSignature = randomBytes(64).toString('base64');
      const otherKeySignature = sign(null, Buffer.from(signedPayload(forged)), other.privateKey).toString('base64');
      for (const signature of [badSignature, otherKeySignature]) {
        await tx.insert(auditCheckpoints).values({ ...forged, signedAt: new Date(cp.signedAt), signature });
      }
      const result = await anchor.verifyIn(tx);
      expect(result.ok).toBe(false);
      expect(result.firstBroken).toBeNull();
      expect(result.checkpoints.problems).toEqual([
        {
          source: 'table',
          ref: expect.stringMatching(/^audit_checkpoints#\d+$/),
          seq: cp.seq,
          reason: expect.stringContaining('signature does not verify'),
        },
        {
          source: 'table',
          ref: expect.stringMatching(/^audit_checkpoints#\d+$/),
          seq: cp.seq,
          reason: expect.stringContaining('signature does not verify'),
        },
      ]);
    });
    await underAttack(async (tx) => {
      // A rewritten row that still carries its exported signature disagrees with the file.
      await tx.execute(sql`update jicai.audit_checkpoints set reason = 'edited' where signature = ${cp.signature}`);
      expect((await anchor.verifyIn(tx)).checkpoints.problems).toContainEqual(
        expect.objectContaining({ source: 'table', reason: expect.stringContaining('differs from the exported') }),
      );
    });
    // A forged line in a copy of the exported file, signed with a key that is not the platform's.
    const copyDir = mkdtempSync(path.join(os.tmpdir(), 'jicai-audit-forged-'));
    try {
      const forged = { ...cp, reason: 'forged' } as Record<string, unknown>;
      delete forged.id;
      forged.signature = sign(null, Buffer.from(signedPayload(forged as never)), other.privateKey).toString('base64');
      await fs.writeFile(
        path.join(copyDir, CHECKPOINT_FILE),
        `${readFileSync(path.join(dataDir, CHECKPOINT_FILE), 'utf8')}${JSON.stringify(forged)}\nnot json\n`,
      );
      const copy = createAuditAnchor({ signingKey: ctx.config.AUDIT_SIGNING_KEY, dataDir: copyDir });
      const result = await copy.verify(db());
      expect(result.ok).toBe(false);
      expect(
        result.checkpoints.problems
          .filter((p) => p.source === 'file')
          .map((p) => p.reason)
          .sort(),
      ).toEqual(['line is not a checkpoint', expect.stringContaining('signature')]);
    } finally {
      await fs.rm(copyDir, { recursive: true, force: true });
    }
  });

  it('reads only complete lines of the exported file: a line still being written (or torn by a crash) is not a problem, and the next checkpoint cuts a torn tail off', async () => {
    const cp = await checkpoint();
    const copyDir = mkdtempSync(path.join(os.tmpdir(), 'jicai-audit-torn-'));
    try {
      const exported = readFileSync(path.join(dataDir, CHECKPOINT_FILE), 'utf8');
      const torn = JSON.stringify(cp).slice(0, 200);
      await fs.writeFile(path.join(copyDir, CHECKPOINT_FILE), `${exported}${torn}`);
      const copy = createAuditAnchor({ signingKey: ctx.config.AUDIT_SIGNING_KEY, dataDir: copyDir });
      const result = await until(
        () => copy.verify(db()),
        (r) => r.ok,
      );
      expect(result).toMatchObject({ ok: true, checkpoints: { fileFound: true, problems: [] } });

      const next = await until(
        () => copy.checkpoint(db(), 'test'),
        (c) => c.brokenAt === null,
      );
      const text = readFileSync(path.join(copyDir, CHECKPOINT_FILE), 'utf8');
      expect(text).not.toContain(torn + '{');
      expect(text.endsWith(`${JSON.stringify({ ...next, id: undefined, brokenAt: undefined })}\n`)).toBe(true);
      expect(text.startsWith(exported)).toBe(true);
    } finally {
      await fs.rm(copyDir, { recursive: true, force: true });
    }
  });

  it('a durable job writes the checkpoint asked for when a transaction commits (as the tender opening asks), and the hourly job is declared', async () => {
    const search = postgresSearch(db());
    await ctx.jobs.startWorkers(processors({ config: ctx.config, db: db(), jobs: ctx.jobs, search }));
    const ref = randomUUID();
    await inTransaction(db(), async (tx, afterCommit) => {
      await appendAudit(tx, { actor: null, action: 'test.opening', entityType: 'tender', entityId: ref });
      await requestAuditCheckpoint(tx, afterCommit, ctx.jobs, { reason: `test ${ref}`, ref: `test:${ref}`, at: await dbNow(tx) });
    });
    let row: typeof auditCheckpoints.$inferSelect | undefined;
    for (let i = 0; i < 1200 && !row; i++) {
      [row] = await db()
        .select()
        .from(auditCheckpoints)
        .where(eq(auditCheckpoints.reason, `test ${ref}`));
      if (!row) await new Promise((r) => setTimeout(r, 50));
    }
    expect(row).toBeDefined();
    const [entry] = await db().select().from(auditEntries).where(eq(auditEntries.entityId, ref));
    expect(row!.seq).toBeGreaterThanOrEqual(entry!.seq);
    expect(readFileSync(path.join(dataDir, CHECKPOINT_FILE), 'utf8')).toContain(row!.signature);
    const { platformJobs } = await import('../../server/platform/queue/definitions.ts');
    expect(platformJobs['audit.checkpoint'].everySeconds).toBeLessThanOrEqual(3600);
  });
});
