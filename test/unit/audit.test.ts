import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { loadAuditKey } from '../../server/platform/audit-anchor.ts';
import { canonicalJson } from '../../server/platform/audit.ts';

describe('audit chain', () => {
  it('canonical JSON does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { y: 2, z: 1 }] }, b: 1 }),
    );
  });
});

describe('the signing key', () => {
  it('is created once in DATA_DIR (owner-only) for the embedded default, and read back by the verifier', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jicai-audit-key-'));
    try {
      expect(await loadAuditKey({ dataDir: dir, create: false })).toBeNull();
      const [a, b] = await Promise.all([loadAuditKey({ dataDir: dir }), loadAuditKey({ dataDir: dir })]);
      expect(a!.keyId).toBe(b!.keyId);
      expect(statSync(path.join(dir, 'audit-signing.key')).mode & 0o777).toBe(0o600);
      expect((await loadAuditKey({ dataDir: dir, create: false }))!.keyId).toBe(a!.keyId);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('AUDIT_SIGNING_KEY must be an Ed25519 PKCS#8 key in base64: anything else is refused naming the variable', () => {
    const x25519 = generateKeyPairSync('x25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    for (const bad of ['not base64!', Buffer.from('short').toString('base64'), x25519]) {
      try {
        loadConfig({ AUDIT_SIGNING_KEY: bad });
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        expect([...new Set((error as ConfigError).issues.map((i) => i.variable))]).toEqual(['AUDIT_SIGNING_KEY']);
      }
    }
    const good = generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    expect(loadConfig({ AUDIT_SIGNING_KEY: good }).AUDIT_SIGNING_KEY).toBe(good);
    expect(loadConfig({ AUDIT_SIGNING_KEY: '' }).AUDIT_SIGNING_KEY).toBeUndefined();
  });
});
