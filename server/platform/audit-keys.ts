import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * The audit signing key (audit-anchor.ts) and, after rotations, the public keys of the keys it replaced.
 * A checkpoint names the key that signed it (keyId); the verifier checks it with that key.
 */
const KEY_FILE = 'audit-signing.key';

export interface AuditKey {
  privateKey: KeyObject | null;
  publicKey: KeyObject;
  keyId: string;
}

function keyFromPrivate(base64: string): AuditKey {
  const privateKey = createPrivateKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'pkcs8' });
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('the audit signing key is not an Ed25519 key');
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

export const spkiOf = (publicKey: KeyObject) => publicKey.export({ format: 'der', type: 'spki' });
export const keyIdOf = (publicKey: KeyObject) => createHash('sha256').update(spkiOf(publicKey)).digest('hex').slice(0, 16);

/**
 * The signing key: AUDIT_SIGNING_KEY when set (production keeps it in a secret store), or a key file
 * created once under DATA_DIR for the embedded default — as seal.ts keeps its master key. With
 * `create: false` (the verifier) a missing file yields null instead of a new key.
 */
export async function loadAuditKey(opts: { signingKey?: string | undefined; dataDir: string; create?: boolean }): Promise<AuditKey | null> {
  if (opts.signingKey) return keyFromPrivate(opts.signingKey);
  const file = path.resolve(opts.dataDir, KEY_FILE);
  if (opts.create !== false) {
    await fs.mkdir(path.dirname(file), { recursive: true });
    const fresh = generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    try {
      await fs.writeFile(file, fresh, { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  // Another process may be writing it this instant: read until the whole key is there.
  for (let attempt = 0; ; attempt++) {
    let text: string;
    try {
      text = (await fs.readFile(file, 'utf8')).trim();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && opts.create === false) return null;
      throw error;
    }
    try {
      return keyFromPrivate(text);
    } catch (error) {
      if (attempt > 20) throw error;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

/**
 * Every public key a checkpoint may name, by keyId: the current one and the retired ones
 * (AUDIT_SIGNING_KEYS_RETIRED: base64 SPKI DER, as GET /api/public/audit/key served them).
 */
export function publicKeyRing(current: AuditKey | null, retired: string[] = []): Map<string, KeyObject> {
  const ring = new Map<string, KeyObject>();
  for (const spki of retired) {
    const publicKey = createPublicKey({ key: Buffer.from(spki, 'base64'), format: 'der', type: 'spki' });
    ring.set(keyIdOf(publicKey), publicKey);
  }
  if (current) ring.set(current.keyId, current.publicKey);
  return ring;
}
