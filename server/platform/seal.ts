import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { PARALLEL_UNSEAL_MIN, decryptInWorkers } from './seal-workers.ts';

/**
 * Sealed submissions (quotes, bids). Each process (a quotation, a tender) gets its own X25519 key pair:
 * submissions are encrypted to its public key, so accepting one never needs anything secret, and its
 * private key is stored only wrapped under the platform's master key, which never enters the database.
 * A database dump therefore holds no readable price, and nothing before the opening can read one: the
 * modules fetch the wrapped private key with a query that returns it only once the database clock has
 * passed the deadline, and only the opening job asks.
 */
export interface Sealer {
  /** A new key pair for a process: the public key to seal with, the private key wrapped for storage. */
  newKeyPair(): Promise<{ publicKey: string; wrappedPrivateKey: string }>;
  seal(publicKey: string, plaintext: string, aad: string): string;
  open(wrappedPrivateKey: string, sealed: string, aad: string): Promise<string>;
  /** Unwraps the private key once to open many submissions (a bid opening opens thousands). */
  opener(wrappedPrivateKey: string): Promise<(sealed: string, aad: string) => string>;
  /**
   * Opens many submissions, the key unwrapped once: on worker threads when there are many
   * (PARALLEL_UNSEAL_MIN), here otherwise. One promise per chunk of plaintexts, in the items' order.
   */
  openMany(wrappedPrivateKey: string, items: readonly (readonly [sealed: string, aad: string])[]): Promise<Promise<string[]>[]>;
}

const encrypt = (key: Buffer, plaintext: Buffer, aad: string) => {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
};

const decrypt = (key: Buffer, sealed: string, aad: string) => {
  const raw = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
};

/** SHA-256 of a submission, hex: the receipt a bidder keeps to prove what it sent. */
export const digest = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The master key: SEAL_KEY (base64, 32 bytes) when set — production keeps it in a secret store — or a
 * key file created once under DATA_DIR for the embedded default.
 */
async function masterKey(opts: { sealKey?: string | undefined; dataDir: string }): Promise<Buffer> {
  if (opts.sealKey) return Buffer.from(opts.sealKey, 'base64');
  const file = path.resolve(opts.dataDir, 'seal.key');
  await fs.mkdir(path.dirname(file), { recursive: true });
  try {
    await fs.writeFile(file, randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  // Another process may be writing it this instant: read until the whole key is there.
  for (let attempt = 0; ; attempt++) {
    const key = Buffer.from((await fs.readFile(file, 'utf8')).trim(), 'base64');
    if (key.length === 32 || attempt > 20) return key;
    await new Promise((r) => setTimeout(r, 25));
  }
}

const derive = (privateKey: KeyObject, publicKey: KeyObject, aad: string) =>
  createHash('sha256').update(diffieHellman({ privateKey, publicKey })).update(aad).digest();

/**
 * A process's public key, parsed once: every bid on a tender seals to the same key, and parsing the SPKI
 * cost more than the X25519 agreement itself. Public keys only (nothing secret is kept); the oldest is
 * dropped past RECIPIENT_CACHE keys.
 */
const RECIPIENT_CACHE = 256;
const recipients = new Map<string, KeyObject>();
function recipientKey(publicKey: string): KeyObject {
  let key = recipients.get(publicKey);
  if (!key) {
    key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    if (recipients.size >= RECIPIENT_CACHE) recipients.delete(recipients.keys().next().value!);
    recipients.set(publicKey, key);
  }
  return key;
}

/**
 * An X25519 public key as DER SubjectPublicKeyInfo: the fixed 12-byte prefix (SEQUENCE, AlgorithmIdentifier
 * 1.3.101.110, BIT STRING) and the raw 32-byte key. The same bytes as `export({ format: 'der', type: 'spki' })`,
 * which took 71 µs a key against 1 µs for the raw key (JWK), on every bid sealed.
 */
const X25519_SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');
export const spkiOf = (publicKey: KeyObject): Buffer =>
  Buffer.concat([X25519_SPKI_PREFIX, Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url')]);

/** A seal key's id: the first 16 hex digits of its SHA-256 (names the key, reveals nothing of it). */
export const sealKeyId = (key: Buffer) => createHash('sha256').update('jicai:seal-key-id').update(key).digest('hex').slice(0, 16);

export class SealKeyMissingError extends Error {}

/**
 * Process keys are wrapped as `<key id>:<ciphertext>` under the current master key. After a rotation
 * (SEAL_KEY set to a new key, the old one moved to SEAL_KEYS_RETIRED) new processes are wrapped under the
 * new key, and a process sealed before is unwrapped with the retired key its id names. Keys wrapped before
 * ids were written (no `:`) are tried with the current key, then each retired one (the GCM tag tells).
 */
export function createSealer(opts: { sealKey?: string | undefined; retiredKeys?: string[] | undefined; dataDir: string }): Sealer {
  let master: Promise<Buffer> | undefined;
  const key = () => (master ??= masterKey(opts));
  const retired = (opts.retiredKeys ?? []).map((k) => Buffer.from(k, 'base64'));
  const unwrap = async (wrapped: string): Promise<Buffer> => {
    const current = await key();
    const colon = wrapped.indexOf(':');
    if (colon < 0) {
      for (const candidate of [current, ...retired]) {
        try {
          return decrypt(candidate, wrapped, 'jicai:process-key');
        } catch {
          // Not this key: the next one.
        }
      }
      throw new SealKeyMissingError('no configured seal key unwraps this process key (SEAL_KEY, SEAL_KEYS_RETIRED)');
    }
    const id = wrapped.slice(0, colon);
    const match = [current, ...retired].find((k) => sealKeyId(k) === id);
    if (!match)
      throw new SealKeyMissingError(`the process key is wrapped under seal key ${id}, which is neither SEAL_KEY nor in SEAL_KEYS_RETIRED`);
    return decrypt(match, wrapped.slice(colon + 1), 'jicai:process-key');
  };
  const opener = async (wrappedPrivateKey: string) => {
    const privateKey = createPrivateKey({ key: await unwrap(wrappedPrivateKey), format: 'der', type: 'pkcs8' });
    return (sealed: string, aad: string) => {
      const [ephemeralPublic = '', body = ''] = sealed.split('.');
      // An X25519 SPKI ends with the 32-byte key; importing it as a JWK is several times faster than parsing DER.
      const raw = Buffer.from(ephemeralPublic, 'base64').subarray(-32);
      const sender = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: raw.toString('base64url') }, format: 'jwk' });
      return decrypt(derive(privateKey, sender, aad), body, aad).toString('utf8');
    };
  };
  return {
    async newKeyPair() {
      const pair = generateKeyPairSync('x25519');
      const privateDer = pair.privateKey.export({ format: 'der', type: 'pkcs8' });
      return {
        publicKey: pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
        wrappedPrivateKey: `${sealKeyId(await key())}:${encrypt(await key(), privateDer, 'jicai:process-key')}`,
      };
    },
    seal(publicKey, plaintext, aad) {
      const recipient = recipientKey(publicKey);
      const ephemeral = generateKeyPairSync('x25519');
      const ephemeralPublic = spkiOf(ephemeral.publicKey);
      const body = encrypt(derive(ephemeral.privateKey, recipient, aad), Buffer.from(plaintext, 'utf8'), aad);
      return `${ephemeralPublic.toString('base64')}.${body}`;
    },
    async open(wrappedPrivateKey, sealed, aad) {
      return (await opener(wrappedPrivateKey))(sealed, aad);
    },
    opener,
    async openMany(wrappedPrivateKey, items) {
      if (items.length < PARALLEL_UNSEAL_MIN) {
        const open = await opener(wrappedPrivateKey);
        return [Promise.resolve(items.map(([sealed, aad]) => open(sealed, aad)))];
      }
      return decryptInWorkers(await unwrap(wrappedPrivateKey), items);
    },
  };
}
