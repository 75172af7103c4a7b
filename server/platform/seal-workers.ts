import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * Decryption of many sealed submissions on worker threads: an opening of thousands of bids is CPU work
 * (one X25519 agreement and one AES-GCM decryption each), so it is spread over the machine's cores. The
 * workers are started on the first large opening, kept for the next (unref'd: they never keep the process
 * alive) and given the unwrapped process key with each chunk; it never leaves the process.
 *
 * The worker's code is the same scheme as seal.ts `opener` (its test compares them), written out as a
 * CommonJS source so that it runs alike under tsx and in the esbuild bundle.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const c = require('node:crypto');
parentPort.on('message', ({ id, key, items }) => {
  try {
    const privateKey = c.createPrivateKey({ key: Buffer.from(key), format: 'der', type: 'pkcs8' });
    const out = items.map(([sealed, aad]) => {
      const [ephemeralPublic = '', body = ''] = sealed.split('.');
      const raw = Buffer.from(ephemeralPublic, 'base64').subarray(-32);
      const sender = c.createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: raw.toString('base64url') }, format: 'jwk' });
      const k = c.createHash('sha256').update(c.diffieHellman({ privateKey, publicKey: sender })).update(aad).digest();
      const bytes = Buffer.from(body, 'base64');
      const d = c.createDecipheriv('aes-256-gcm', k, bytes.subarray(0, 12));
      d.setAAD(Buffer.from(aad));
      d.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([d.update(bytes.subarray(28)), d.final()]).toString('utf8');
    });
    parentPort.postMessage({ id, out });
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  }
});
`;

/** Below this many submissions the calling thread decrypts them itself (a worker's round trip costs more). */
export const PARALLEL_UNSEAL_MIN = 512;

interface Pending {
  resolve: (out: string[]) => void;
  reject: (error: Error) => void;
}

let pool: { workers: Worker[]; pending: Map<number, Pending>; next: number } | undefined;

function workers() {
  if (pool) return pool;
  const size = Math.max(1, Math.min(availableParallelism(), 4));
  const pending = new Map<number, Pending>();
  const created = Array.from({ length: size }, () => {
    // Plain CommonJS needing no loader: the parent's flags (tsx's --import under development) are not
    // passed on, so a worker starts in milliseconds rather than loading a TypeScript transformer first.
    const w = new Worker(WORKER_SOURCE, { eval: true, execArgv: [] });
    w.unref();
    w.on('message', (m: { id: number; out?: string[]; error?: string }) => {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.error !== undefined) p?.reject(new Error(m.error));
      else p?.resolve(m.out!);
    });
    w.on('error', (error) => {
      for (const p of pending.values()) p.reject(error);
      pending.clear();
      pool = undefined;
    });
    return w;
  });
  pool = { workers: created, pending, next: 0 };
  return pool;
}

/**
 * Starts the decryption threads now, in a process that runs the workers, so that an opening at its deadline
 * does not wait for threads to boot (they are unref'd and idle until then).
 */
export function warmUnsealWorkers(): void {
  workers();
}

/**
 * The submissions decrypted in chunks spread over the workers: one promise per chunk, in order, so the
 * caller reads each chunk's plaintexts while the workers decrypt the next ones.
 */
export function decryptInWorkers(privateKeyDer: Buffer, items: readonly (readonly [sealed: string, aad: string])[]): Promise<string[]>[] {
  const p = workers();
  const chunk = Math.max(128, Math.ceil(items.length / (p.workers.length * 4)));
  const out: Promise<string[]>[] = [];
  for (let start = 0; start < items.length; start += chunk) {
    const id = p.next++;
    const worker = p.workers[id % p.workers.length]!;
    out.push(
      new Promise<string[]>((resolve, reject) => {
        p.pending.set(id, { resolve, reject });
        worker.postMessage({ id, key: privateKeyDer, items: items.slice(start, start + chunk) });
      }),
    );
  }
  // A chunk that fails rejects its own promise; the others must not be left unhandled meanwhile.
  for (const o of out) o.catch(() => undefined);
  return out;
}
