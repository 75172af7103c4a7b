import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, randomBytes, randomInt } from 'node:crypto';

/**
 * Where the product's visible chance comes from: the committee draw's seed and auction bidder codes.
 * Cryptographically random, except inside `withSeededEntropy`, which the demo world's replay runs in, so
 * that one seed plays one world. The scope is the replay's own async context: requests served meanwhile
 * (there are none: the replay runs before the server listens) and every other process stay random.
 */
const scope = new AsyncLocalStorage<{ seed: string; counter: number }>();

export function withSeededEntropy<T>(seed: string, fn: () => Promise<T>): Promise<T> {
  return scope.run({ seed, counter: 0 }, fn);
}

/** n bytes of chance: random, or the next bytes of the seeded stream. */
export function chanceBytes(n: number): Buffer {
  const seeded = scope.getStore();
  if (!seeded) return randomBytes(n);
  const out = Buffer.alloc(n);
  for (let filled = 0; filled < n; filled += 32) {
    createHash('sha256').update(`${seeded.seed}:${seeded.counter++}`).digest().copy(out, filled);
  }
  return out;
}

/** A whole number in [0, max). */
export function chanceInt(max: number): number {
  if (!scope.getStore()) return randomInt(max);
  return Number(chanceBytes(8).readBigUInt64BE(0) % BigInt(max));
}
