import { setImmediate as nextTurn } from 'node:timers/promises';
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

/** How many submissions are opened between two turns of the event loop. */
export const UNSEAL_BATCH = 256;

/**
 * Opens every sealed submission of a process at its opening (a tender's bids, a quotation's quotes): the
 * process's private key is unwrapped once, each submission decrypted and its envelope read, and each
 * receipt checked (`receiptHolds`). Submissions are opened in batches of UNSEAL_BATCH, the event loop let
 * go between batches, so an opening of thousands of bids does not hold up the process's other work.
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
  const open = await sealer.opener(wrappedPrivateKey);
  const out: Unsealed<R>[] = [];
  for (let start = 0; start < rows.length; start += UNSEAL_BATCH) {
    if (start > 0) await nextTurn();
    for (const row of rows.slice(start, start + UNSEAL_BATCH)) {
      const s = sealedOf(row);
      const envelope = openEnvelope(open(s.sealed, s.aad));
      out.push({ row, envelope, receiptHolds: receiptHolds(envelope, s.commitment, s.binding, s.legacyPrefix) });
    }
  }
  return out;
}
