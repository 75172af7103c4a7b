import { openEnvelope, receiptHolds, type Binding, type OpenedSubmission } from './receipts.ts';
import type { Sealer } from './seal.ts';

/** One sealed submission as the opening reads it: the ciphertext and its AAD, and the receipt stored beside it. */
export interface SealedSubmission {
  sealed: string;
  aad: string;
  /** The stored commitment (version 2) or digest (version 1). */
  commitment: string;
  /** What a version-2 commitment binds the content to (receipts.ts). */
  binding: Binding;
  /** What a version-1 digest was taken over, before the plaintext. */
  legacyPrefix: string;
}

export interface Unsealed<R> {
  row: R;
  envelope: OpenedSubmission;
  /** Whether the receipt the bidder holds matches what was sealed: a submission whose receipt fails is not counted. */
  receiptHolds: boolean;
}

/**
 * Opens every sealed submission of a process at its opening (a tender's bids, a quotation's quotes): the
 * process's private key is unwrapped once, each submission decrypted and its envelope read, and each
 * receipt checked (`receiptHolds`). Thousands are decrypted on worker threads (Sealer.openMany), so an
 * opening spreads over the machine's cores and does not hold up the process's other work.
 *
 * A key that does not unwrap, a submission that does not decrypt under its AAD, or a plaintext that is not
 * JSON throws: the opening's transaction rolls back and nothing is opened (with nothing to open, the key is
 * not unwrapped at all). A receipt that does not hold is not an error here; the
 * caller records it on the submission, which is then not counted. Results keep the rows' order.
 */
export async function unsealAll<R>(
  sealer: Sealer,
  wrappedPrivateKey: string,
  rows: readonly R[],
  sealedOf: (row: R) => SealedSubmission,
): Promise<Unsealed<R>[]> {
  if (rows.length === 0) return [];
  const sealed = rows.map(sealedOf);
  const chunks = await sealer.openMany(
    wrappedPrivateKey,
    sealed.map((s) => [s.sealed, s.aad] as const),
  );
  const out: Unsealed<R>[] = [];
  // Each chunk's envelopes are read and receipts checked here while the workers decrypt the next chunks.
  for (const chunk of chunks) {
    for (const plaintext of await chunk) {
      const i = out.length;
      const s = sealed[i]!;
      const envelope = openEnvelope(plaintext);
      out.push({ row: rows[i]!, envelope, receiptHolds: receiptHolds(envelope, s.commitment, s.binding, s.legacyPrefix) });
    }
  }
  return out;
}
