import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditAnchor } from '../../server/platform/audit-anchor.ts';
import { appendAudit } from '../../server/platform/audit.ts';
import { inTransaction } from '../../server/db/tx.ts';
import { postgresSearch } from '../../server/platform/search/postgres-search.ts';
import { createSealer } from '../../server/platform/seal.ts';
import { createServices } from '../../server/services.ts';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { ownDatabase } from '../helpers/own-database.ts';

/**
 * Rotating the seal key and the audit signing key (docs/operations.md): before and after are two
 * deployments of one database, configured from the environment as the servers are. A database of its
 * own, so checkpoints signed by keys the rest of the run does not know never reach the shared chain.
 */
const ed25519 = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    private: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    public: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
  };
};
const [auditOld, auditNew] = [ed25519(), ed25519()];
const [sealOld, sealNew] = [randomBytes(32).toString('base64'), randomBytes(32).toString('base64')];
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jicai-rotation-'));

let own: Awaited<ReturnType<typeof ownDatabase>>;
let before: TestContext;
let after: TestContext;
const servicesOf = (ctx: TestContext) =>
  createServices({ config: ctx.config, db: ctx.database.db, jobs: ctx.jobs, search: postgresSearch(ctx.database.db) });

beforeAll(async () => {
  own = await ownDatabase('rotation');
  before = await createTestContext({
    databaseUrl: own.url,
    env: { DATA_DIR: dataDir, AUDIT_SIGNING_KEY: auditOld.private, SEAL_KEY: sealOld },
  });
  after = await createTestContext({
    databaseUrl: own.url,
    env: {
      DATA_DIR: dataDir,
      AUDIT_SIGNING_KEY: auditNew.private,
      AUDIT_SIGNING_KEYS_RETIRED: auditOld.public,
      SEAL_KEY: sealNew,
      SEAL_KEYS_RETIRED: sealOld,
    },
  });
});
afterAll(async () => {
  await before?.close();
  await after?.close();
  await own?.drop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

const audited = (ctx: TestContext, action: string) =>
  inTransaction(ctx.database.db, (tx) => appendAudit(tx, { actor: null, action, entityType: 'test', entityId: action }));

describe('key rotation', () => {
  it('keeps a checkpoint signed before an audit key rotation verifiable after it, with the key the checkpoint names', async () => {
    const anchorOf = (ctx: TestContext) =>
      createAuditAnchor({ signingKey: ctx.config.AUDIT_SIGNING_KEY, retiredPublicKeys: ctx.config.AUDIT_SIGNING_KEYS_RETIRED, dataDir });
    await audited(before, 'rotation.before');
    const old = await anchorOf(before).checkpoint(own.database.db, 'before rotation');
    await audited(after, 'rotation.after');
    const rotated = anchorOf(after);
    const fresh = await rotated.checkpoint(own.database.db, 'after rotation');
    expect(fresh.keyId).not.toBe(old.keyId);

    const verified = await rotated.verify(own.database.db);
    expect(verified.checkpoints.problems).toEqual([]);
    expect(verified.ok).toBe(true);
    // Each checkpoint is counted once though it is in the table and the exported file.
    expect(verified.checkpoints.valid).toBe(2);

    // Without the retired key the old checkpoint is reported by the key it names, not taken as forged silently.
    const forgetful = await createAuditAnchor({ signingKey: auditNew.private, dataDir }).verify(own.database.db);
    expect(forgetful.ok).toBe(false);
    expect(forgetful.checkpoints.problems.map((p) => p.reason)).toContain(
      `signed by key ${old.keyId}, neither the current key nor a retired one (AUDIT_SIGNING_KEYS_RETIRED)`,
    );

    // The public key endpoint lists the current key and the retired one.
    const res = await after.app.inject({ method: 'GET', url: '/api/public/audit/key' });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ keyId: string; retired: { keyId: string; publicKey: string }[] }>();
    expect(body.keyId).toBe(fresh.keyId);
    expect(body.retired).toEqual([expect.objectContaining({ keyId: old.keyId, publicKey: auditOld.public })]);
  });

  it('opens after a seal key rotation a bid sealed before it, and wraps new processes under the new key', async () => {
    const sealedBefore = servicesOf(before).sealer;
    const tender = await sealedBefore.newKeyPair();
    const bid = JSON.stringify({ priceFen: 88_000_000, brand: '品牌甲' });
    const sealed = sealedBefore.seal(tender.publicKey, bid, 'tender-1:supplier-1');

    const sealer = servicesOf(after).sealer;
    expect(await sealer.open(tender.wrappedPrivateKey, sealed, 'tender-1:supplier-1')).toBe(bid);
    // A key wrapped before key ids were written (no prefix) opens too: the retired key is tried.
    const legacy = tender.wrappedPrivateKey.slice(tender.wrappedPrivateKey.indexOf(':') + 1);
    expect(await sealer.open(legacy, sealed, 'tender-1:supplier-1')).toBe(bid);

    const next = await sealer.newKeyPair();
    expect(next.wrappedPrivateKey.split(':')[0]).not.toBe(tender.wrappedPrivateKey.split(':')[0]);
    // The new key alone cannot open what the old one wrapped: the error names the missing key.
    const [oldId] = tender.wrappedPrivateKey.split(':');
    const newOnly = createSealer({ sealKey: sealNew, dataDir });
    await expect(newOnly.open(tender.wrappedPrivateKey, sealed, 'tender-1:supplier-1')).rejects.toThrow(`seal key ${oldId}`);
  });
});
