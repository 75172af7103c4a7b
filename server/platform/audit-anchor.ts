import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import { loadAuditKey, publicKeyRing, spkiOf, type AuditKey } from './audit-keys.ts';
import fs from 'node:fs/promises';
import path from 'node:path';
import { and, asc, desc, gt, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, DbOrTx, Tx } from '../db/client.ts';
import { auditCheckpoints, auditEntries, auditHead } from '../db/schema/index.ts';
import type { AfterCommit } from '../db/tx.ts';
import { canonicalJson, entryHash, GENESIS_HASH, sequenceAudit, verifyChainIn, type AuditVerification, type Witnesses } from './audit.ts';
import { dbNow } from './clock.ts';
import { lastNewlineEnd } from './file-tail.ts';
import { platformJobs } from './queue/definitions.ts';
import type { JobSystem } from './queue/job-system.ts';

/**
 * Anchoring the audit chain outside the database. A checkpoint signs the chain's head (seq, hash, time)
 * AND the hash of every entry since the checkpoint before, with an Ed25519 key the database does not
 * hold (AUDIT_SIGNING_KEY, or a key file created once in DATA_DIR). Checkpoints are stored (table
 * audit_checkpoints), appended to DATA_DIR/audit-checkpoints.jsonl before the row commits, and served at
 * GET /api/public/audit/checkpoints with the public key at GET /api/public/audit/key, so copies live
 * outside the database. Written every 10 minutes and at each tender opening.
 *
 * What verification then guarantees: an entry changed in any way at or before the last valid checkpoint
 * is found, and the first changed entry is named exactly — even when every later hash, prev_hash and the
 * head were recomputed — because the signed span holds what each entry's hash was. Entries after the last
 * checkpoint are checked for consistency only. A forged or edited checkpoint fails its signature; a
 * rewrite of the table together with the chain is still found from the exported file (or any copy of the
 * public feed). Someone holding the signing key can forge checkpoints: keep it out of the database's reach.
 */

export const CHECKPOINT_FILE = 'audit-checkpoints.jsonl';
const HASH_LENGTH = 64;

export { keyIdOf, loadAuditKey, type AuditKey } from './audit-keys.ts';

/** One checkpoint as signed, stored, exported and served. */
export const checkpointSchema = z.object({
  v: z.literal(1),
  seq: z.number().int().min(0),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  signedAt: z.iso.datetime(),
  prevSeq: z.number().int().min(0),
  reason: z.string().min(1).max(200),
  keyId: z.string().min(1).max(64),
  span: z.string().regex(/^(?:[0-9a-f]{64})*$/),
  signature: z.string().min(1),
});
export type Checkpoint = z.infer<typeof checkpointSchema>;

const spanDigest = (span: string) => createHash('sha256').update(span).digest('hex');

/** The exact text a checkpoint's signature covers. */
export const signedPayload = (c: Omit<Checkpoint, 'signature'>) =>
  canonicalJson({
    v: 1,
    seq: c.seq,
    hash: c.hash,
    signedAt: c.signedAt,
    prevSeq: c.prevSeq,
    spanDigest: spanDigest(c.span),
    reason: c.reason,
    keyId: c.keyId,
  });

export function checkSignature(c: Checkpoint, publicKey: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(signedPayload(c)), publicKey, Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}

export class AuditChainBrokenError extends Error {}

export type CheckpointProblem = { source: 'file' | 'table'; ref: string; seq: number | null; reason: string };

export interface AnchoredVerification extends AuditVerification {
  checkpoints: {
    /** Checkpoints whose signature verified (file and table, each counted once). */
    valid: number;
    /** The chain is anchored through this seq: a rewrite at or before it is found and named. */
    anchoredThrough: number;
    fileFound: boolean;
    problems: CheckpointProblem[];
  };
}

const rowToCheckpoint = (r: typeof auditCheckpoints.$inferSelect): Checkpoint => ({
  v: 1,
  seq: r.seq,
  hash: r.hash,
  signedAt: r.signedAt.toISOString(),
  prevSeq: r.prevSeq,
  reason: r.reason,
  keyId: r.keyId,
  span: r.span,
  signature: r.signature,
});

export function createAuditAnchor(opts: { signingKey?: string | undefined; retiredPublicKeys?: string[] | undefined; dataDir: string }) {
  const file = path.resolve(opts.dataDir, CHECKPOINT_FILE);
  let signer: Promise<AuditKey | null> | undefined;
  const signingKey = async () => (await (signer ??= loadAuditKey({ ...opts, create: true })))!;

  /**
   * Signs the chain's current head and the hashes of every entry since the last checkpoint, after
   * checking those entries still recompute and link. A broken chain is never signed: when an entry does
   * not verify, the checkpoint stops at the entry before it and says where (`brokenAt`), so the part
   * that verifies stays anchored. The row and the file line are written in one transaction, the line
   * first, so the file holds every committed row.
   */
  async function checkpoint(db: DbOrTx, reason: string): Promise<Checkpoint & { id: number; brokenAt: number | null }> {
    const key = await signingKey();
    return db.transaction(async (tx) => {
      // One writer at a time, so spans follow each other; appenders are not blocked.
      await tx.execute(sql`select pg_advisory_xact_lock(7105844577519068011)`);
      await sequenceAudit(tx); // what is committed (and what the caller's transaction appended) first
      const [head] = await tx
        .select()
        .from(auditHead)
        .where(sql`id = 'head'`);
      if (!head) throw new Error('audit head missing: migrations not applied');
      const [last] = await tx.select({ seq: auditCheckpoints.seq }).from(auditCheckpoints).orderBy(desc(auditCheckpoints.id)).limit(1);
      const prevSeq = Math.min(last?.seq ?? 0, head.seq);
      const { span, seq, hash, brokenAt } = await spanOf(tx, prevSeq, head.seq, head.hash);
      const unsigned = { v: 1 as const, seq, hash, signedAt: (await dbNow(tx)).toISOString(), prevSeq, reason, keyId: key.keyId, span };
      const signature = sign(null, Buffer.from(signedPayload(unsigned)), key.privateKey!).toString('base64');
      const cp: Checkpoint = { ...unsigned, signature };
      const [row] = await tx
        .insert(auditCheckpoints)
        .values({ seq: cp.seq, hash: cp.hash, signedAt: new Date(cp.signedAt), prevSeq, span, reason, keyId: cp.keyId, signature })
        .returning({ id: auditCheckpoints.id });
      await appendLine(cp);
      return { ...cp, id: row!.id, brokenAt };
    });
  }

  /**
   * Appends one line, under the checkpoint lock (so one writer across every process). A line is
   * complete only with its newline: a line without one is a write that a crash cut short, and its
   * transaction never committed (the line goes first, the row after). Such a torn tail is cut back to
   * the last newline before appending, so it never glues itself to the next line.
   */
  async function appendLine(cp: Checkpoint) {
    await fs.mkdir(path.dirname(file), { recursive: true });
    const handle = await fs.open(file, 'a+', 0o644);
    try {
      const { size } = await handle.stat();
      if (size > 0) {
        const last = Buffer.alloc(1);
        await handle.read(last, 0, 1, size - 1);
        if (last[0] !== 0x0a) await handle.truncate(await lastNewlineEnd(handle, size));
      }
      await handle.write(`${JSON.stringify(cp)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /** The exported checkpoints, in file order; unreadable lines are reported, not skipped silently. */
  async function readFile(): Promise<{ found: boolean; checkpoints: { line: number; cp: Checkpoint }[]; problems: CheckpointProblem[] }> {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { found: false, checkpoints: [], problems: [] };
      throw error;
    }
    const checkpoints: { line: number; cp: Checkpoint }[] = [];
    const problems: CheckpointProblem[] = [];
    // Only lines ended by their newline: the text after the last one is a line being written right now
    // by another process (a checkpoint's span can run to hundreds of kilobytes), or a crash's torn
    // remnant whose row never committed. Neither is a checkpoint yet, and neither is a forgery.
    text = text.slice(0, text.lastIndexOf('\n') + 1);
    text.split('\n').forEach((raw, i) => {
      if (raw.trim() === '') return;
      let parsed: ReturnType<typeof checkpointSchema.safeParse>;
      try {
        parsed = checkpointSchema.safeParse(JSON.parse(raw));
      } catch {
        parsed = checkpointSchema.safeParse(undefined);
      }
      if (parsed.success) checkpoints.push({ line: i + 1, cp: parsed.data });
      else problems.push({ source: 'file', ref: `${CHECKPOINT_FILE}:${i + 1}`, seq: null, reason: 'line is not a checkpoint' });
    });
    return { found: true, checkpoints, problems };
  }

  /**
   * Verifies the chain and every published checkpoint, in one read-only snapshot (or the caller's
   * transaction). Checkpoints come from the exported file when present and from the table; each must
   * carry a valid signature, a table row must match the file's line with the same signature, and each
   * valid one's hashes are checked against the entries by the walk in verifyChainIn.
   */
  async function verifyIn(tx: Tx): Promise<AnchoredVerification> {
    // The current key and the retired ones (a rotation): each checkpoint is checked with the key it names.
    const keys = publicKeyRing(await (signer ?? loadAuditKey({ ...opts, create: false })), opts.retiredPublicKeys);
    const fromFile = await readFile();
    const tableRows = await tx.select().from(auditCheckpoints).orderBy(asc(auditCheckpoints.id));
    const problems = [...fromFile.problems];
    const valid = new Map<string, { cp: Checkpoint; label: string }>();
    const fileBySignature = new Map(fromFile.checkpoints.map((c) => [c.cp.signature, c]));
    const consider = (cp: Checkpoint, source: 'file' | 'table', ref: string, label: string) => {
      const key = keys.get(cp.keyId);
      if (!key) {
        const reason = keys.size
          ? `signed by key ${cp.keyId}, neither the current key nor a retired one (AUDIT_SIGNING_KEYS_RETIRED)`
          : 'no public key to check the signature with (AUDIT_SIGNING_KEY unset and no key file)';
        return problems.push({ source, ref, seq: cp.seq, reason });
      }
      const okLength = cp.span.length === (cp.seq - cp.prevSeq) * HASH_LENGTH && cp.prevSeq <= cp.seq;
      if (!okLength || !checkSignature(cp, key))
        return problems.push({ source, ref, seq: cp.seq, reason: 'signature does not verify (checkpoint forged or edited)' });
      if (!valid.has(cp.signature)) valid.set(cp.signature, { cp, label });
      return undefined;
    };
    for (const { line, cp } of fromFile.checkpoints)
      consider(cp, 'file', `${CHECKPOINT_FILE}:${line}`, `the checkpoint of ${cp.signedAt} (${CHECKPOINT_FILE} line ${line})`);
    for (const row of tableRows) {
      const cp = rowToCheckpoint(row);
      const ref = `audit_checkpoints#${row.id}`;
      const exported = fileBySignature.get(cp.signature);
      if (fromFile.found && exported && canonicalJson(exported.cp) !== canonicalJson(cp)) {
        problems.push({
          source: 'table',
          ref,
          seq: cp.seq,
          reason: `row differs from the exported checkpoint (${CHECKPOINT_FILE} line ${exported.line})`,
        });
        continue;
      }
      consider(cp, 'table', ref, `checkpoint #${row.id} of ${cp.signedAt}`);
    }
    const anchors = [...valid.values()];
    const result = await verifyChainIn(tx, { witnesses: witnessesOf(anchors) });
    return {
      ...result,
      ok: result.ok && problems.length === 0,
      checkpoints: {
        valid: anchors.length,
        anchoredThrough: Math.max(0, ...anchors.map((a) => a.cp.seq)),
        fileFound: fromFile.found,
        problems,
      },
    };
  }

  return {
    file,
    checkpoint,
    publicKey: async () => {
      const key = await signingKey();
      return {
        algorithm: 'Ed25519' as const,
        keyId: key.keyId,
        publicKey: spkiOf(key.publicKey).toString('base64'),
        publicKeyPem: key.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
        // Keys replaced by a rotation: the checkpoints they signed name them by keyId.
        retired: [...publicKeyRing(null, opts.retiredPublicKeys)].map(([keyId, k]) => ({
          keyId,
          publicKey: spkiOf(k).toString('base64'),
          publicKeyPem: k.export({ format: 'pem', type: 'spki' }).toString(),
        })),
      };
    },
    verifyIn,
    verify: (db: Db) =>
      sequenceAudit(db).then(() => db.transaction(verifyIn, { isolationLevel: 'repeatable read', accessMode: 'read only' })),
  };
}

export type AuditAnchor = ReturnType<typeof createAuditAnchor>;

/**
 * The hashes of entries from+1 … to, concatenated, each checked to recompute from its content and link
 * to the one before; it stops before the first that does not (a checkpoint never signs a broken chain).
 */
async function spanOf(
  tx: Tx,
  from: number,
  to: number,
  headHash: string,
): Promise<{ span: string; seq: number; hash: string; brokenAt: number | null }> {
  let start = GENESIS_HASH;
  if (from > 0) {
    const [before] = await tx
      .select({ hash: auditEntries.hash })
      .from(auditEntries)
      .where(sql`${auditEntries.seq} = ${from}`);
    if (!before) throw new AuditChainBrokenError(`audit entry ${from} is missing; not signing a checkpoint`);
    start = before.hash;
  }
  let prev = start;
  const hashes: string[] = [];
  let expected = from + 1;
  const stop = (brokenAt: number) => ({ span: hashes.join(''), seq: expected - 1, hash: prev, brokenAt });
  while (expected <= to) {
    const rows = await tx
      .select()
      .from(auditEntries)
      .where(and(gt(auditEntries.seq, expected - 1), lte(auditEntries.seq, to)))
      .orderBy(asc(auditEntries.seq))
      .limit(5000);
    if (rows.length === 0) break;
    for (const row of rows) {
      if (row.seq !== expected || row.prevHash !== prev || entryHash(prev, row) !== row.hash) return stop(expected);
      hashes.push(row.hash);
      prev = row.hash;
      expected += 1;
    }
  }
  if (expected !== to + 1) return stop(expected);
  if (prev !== headHash) {
    // The head records another hash for the last entry: leave that entry out.
    hashes.pop();
    return { span: hashes.join(''), seq: from + hashes.length, hash: hashes.at(-1) ?? start, brokenAt: to };
  }
  return { span: hashes.join(''), seq: to, hash: prev, brokenAt: null };
}

/** Every valid checkpoint's hashes, looked up by seq as the walk goes up the chain. */
function witnessesOf(anchors: { cp: Checkpoint; label: string }[]): Witnesses {
  const ranges = anchors.map(({ cp, label }) => ({ cp, label, start: Math.min(cp.prevSeq + 1, cp.seq) })).sort((a, b) => a.start - b.start);
  let next = 0;
  let active: typeof ranges = [];
  const last = anchors.reduce<{ cp: Checkpoint; label: string } | null>((m, a) => (!m || a.cp.seq > m.cp.seq ? a : m), null);
  return {
    lastSeq: last?.cp.seq ?? 0,
    lastLabel: last?.label ?? '',
    at(seq) {
      while (next < ranges.length && ranges[next]!.start <= seq) active.push(ranges[next++]!);
      active = active.filter((r) => r.cp.seq >= seq);
      return active.map(({ cp, label }) => {
        const hash = seq === cp.seq ? cp.hash : cp.span.slice((seq - cp.prevSeq - 1) * HASH_LENGTH, (seq - cp.prevSeq) * HASH_LENGTH);
        return { hash, label };
      });
    },
  };
}

/**
 * Asks for a checkpoint once the caller's transaction commits, as a durable job (the reconciler retries
 * it if the queue was down). The tender opening calls this, so every opening is anchored at once.
 */
export async function requestAuditCheckpoint(
  tx: Tx,
  afterCommit: AfterCommit,
  jobs: JobSystem,
  input: { reason: string; ref: string; at: Date },
) {
  await jobs.schedule(tx, afterCommit, platformJobs['audit.checkpoint.event'], {
    key: input.ref,
    runAt: input.at,
    payload: { reason: input.reason },
  });
}
