import { describe, expect, it } from 'vitest';
import { canonicalJson, commitmentOf, newReceiptNonce, openEnvelope, sealedEnvelope } from '../../server/platform/receipts.ts';

describe('receipt commitments', () => {
  it('canonical JSON sorts keys at every level and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 'é' }], c: undefined } })).toBe('{"a":{"d":[1,{"x":"é","y":2}]},"b":1}');
  });

  it('a commitment depends on the nonce, the binding and the content; the sealed envelope hides the content length', () => {
    const nonce = newReceiptNonce();
    const body = { priceFen: 1 };
    const c = commitmentOf(nonce, ['bid', 'a'], body);
    expect(c).toMatch(/^[0-9a-f]{64}$/);
    expect(commitmentOf(newReceiptNonce(), ['bid', 'a'], body)).not.toBe(c);
    expect(commitmentOf(nonce, ['bid', 'b'], body)).not.toBe(c);
    expect(commitmentOf(nonce, ['bid', 'a'], { priceFen: 2 })).not.toBe(c);
    expect(commitmentOf(nonce, ['bid', 'a'], { priceFen: 1 })).toBe(c);
    const short = sealedEnvelope(nonce, { priceFen: 1, text: 'x' }, {});
    const long = sealedEnvelope(nonce, { priceFen: 123_456_789_012, text: 'x'.repeat(600) }, {});
    expect(Buffer.byteLength(short)).toBe(Buffer.byteLength(long));
    expect(openEnvelope(long)).toMatchObject({ version: 2, nonce, body: { priceFen: 123_456_789_012 } });
  });
});
