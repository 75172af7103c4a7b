import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { digest } from './seal.ts';

/**
 * Receipts of sealed submissions (quotes, bids) that reveal nothing.
 *
 * A bidder gets, at submission and only then, a random 32-byte 回执密钥 (nonce). The receipt stored beside the
 * sealed ciphertext is a commitment: HMAC-SHA256 keyed by the nonce over the scheme, the process it binds to
 * (quotation / tender, lot, supplier, documents version) and the canonical JSON of what the bidder sent.
 * Without the nonce no guess of the content can be checked against it, so a database dump holding the
 * commitment gives nothing to brute-force. The nonce is not stored in clear: it travels inside the sealed
 * payload, readable only at the opening, which checks each commitment before it counts the submission.
 * After the opening anyone holding the content and the nonce (the bidder) can have the commitment checked.
 *
 * The sealed payload is an envelope `{ v: 2, nonce, body, server }` padded with trailing spaces (JSON allows
 * them) to a size bucket, so the ciphertext's length says nothing of the price's digits or the text's
 * length. Payloads sealed before (version 1: the content's JSON alone, receipt = SHA-256 of
 * `ids\nplaintext`) still open, and are checked against their old digest.
 */
export const RECEIPT_SCHEME = 'jicai-receipt-v2';

export { receiptNonce } from '../../contracts/receipt-nonce.ts';

export const newReceiptNonce = () => randomBytes(32).toString('base64url');

/** JSON with object keys sorted at every level and undefined members left out: the bytes a commitment covers. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What a commitment binds the content to: the kind of submission and its process, lot, supplier… (ids, no newlines). */
export type Binding = readonly string[];

export function commitmentOf(nonce: string, binding: Binding, body: unknown): string {
  return createHmac('sha256', Buffer.from(nonce, 'base64url'))
    .update([RECEIPT_SCHEME, ...binding, canonicalJson(body)].join('\n'))
    .digest('hex');
}

/** Constant-time check of a stored commitment against content and nonce. */
export function commitmentMatches(stored: string, nonce: string, binding: Binding, body: unknown): boolean {
  const expected = Buffer.from(commitmentOf(nonce, binding, body), 'hex');
  const given = Buffer.from(stored, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const MIN_BUCKET = 1024;

/** The plaintext to seal: the bidder's body, what the platform adds (size class…), the nonce; padded to a power-of-two size ≥ 1 KiB. */
export function sealedEnvelope(nonce: string, body: unknown, server: Record<string, unknown>): string {
  const json = JSON.stringify({ v: 2, nonce, body, server });
  const n = Buffer.byteLength(json, 'utf8');
  let size = MIN_BUCKET;
  while (size < n) size *= 2;
  return json + ' '.repeat(size - n);
}

export type OpenedSubmission =
  | { version: 2; content: Record<string, unknown>; body: Record<string, unknown>; nonce: string }
  | { version: 1; content: Record<string, unknown>; plaintext: string };

/** The opened plaintext: a version-2 envelope, or a version-1 payload (the content's JSON alone). */
export function openEnvelope(plaintext: string): OpenedSubmission {
  const parsed = JSON.parse(plaintext) as Record<string, unknown>;
  if (parsed.v === 2 && typeof parsed.nonce === 'string' && parsed.body && typeof parsed.body === 'object') {
    const body = parsed.body as Record<string, unknown>;
    return { version: 2, body, nonce: parsed.nonce, content: { ...body, ...(parsed.server as Record<string, unknown> | undefined) } };
  }
  return { version: 1, content: parsed, plaintext };
}

/**
 * Whether an opened submission agrees with the receipt stored beside it: the HMAC under its nonce (version 2),
 * or the old unsalted digest of `legacyPrefix\nplaintext` (version 1).
 */
export function receiptHolds(opened: OpenedSubmission, stored: string, binding: Binding, legacyPrefix: string): boolean {
  return opened.version === 2
    ? commitmentMatches(stored, opened.nonce, binding, opened.body)
    : digest(`${legacyPrefix}\n${opened.plaintext}`) === stored;
}
