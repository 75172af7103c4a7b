import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSealer, spkiOf } from '../../server/platform/seal.ts';
import { PARALLEL_UNSEAL_MIN } from '../../server/platform/seal-workers.ts';

describe('opening many sealed submissions', () => {
  it('opens on worker threads exactly what the opener opens, in order, and refuses a submission sealed under another AAD', async () => {
    const sealer = createSealer({ dataDir: '/tmp/jicai-seal-workers-test' });
    const { publicKey, wrappedPrivateKey } = await sealer.newKeyPair();
    const items = Array.from({ length: PARALLEL_UNSEAL_MIN + 37 }, (_, i) => {
      const aad = `tender:lot:${i}`;
      return [sealer.seal(publicKey, JSON.stringify({ i, price: 1000 + i }), aad), aad] as const;
    });
    const chunks = await sealer.openMany(wrappedPrivateKey, items);
    expect(chunks.length).toBeGreaterThan(1);
    const opened = (await Promise.all(chunks)).flat();
    const open = await sealer.opener(wrappedPrivateKey);
    expect(opened).toEqual(items.map(([s, aad]) => open(s, aad)));
    expect(JSON.parse(opened[PARALLEL_UNSEAL_MIN]!)).toEqual({ i: PARALLEL_UNSEAL_MIN, price: 1000 + PARALLEL_UNSEAL_MIN });
    const tampered = items.map(([s], i) => [s, i === 3 ? 'tender:lot:other' : `tender:lot:${i}`] as const);
    await expect(Promise.all(await sealer.openMany(wrappedPrivateKey, tampered))).rejects.toThrow();
  });

  it("writes a bid's ephemeral key as the very DER (SPKI) bytes Node exports", () => {
    for (let i = 0; i < 50; i++) {
      const { publicKey } = generateKeyPairSync('x25519');
      expect(spkiOf(publicKey).equals(publicKey.export({ format: 'der', type: 'spki' }))).toBe(true);
    }
  });
});
