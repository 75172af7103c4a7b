import type { Db, Tx } from './client.ts';

export type AfterCommit = (work: () => Promise<unknown> | unknown) => void;

/**
 * One state change, one transaction. Work registered with `afterCommit` (enqueueing jobs, search sync)
 * runs only once the transaction has committed; if it fails, the reconciler picks the work up later,
 * because the transaction itself recorded it.
 */
export async function inTransaction<T>(
  db: Db,
  fn: (tx: Tx, afterCommit: AfterCommit) => Promise<T>,
  onAfterCommitError: (error: unknown) => void = () => undefined,
): Promise<T> {
  const pending: (() => Promise<unknown> | unknown)[] = [];
  const result = await db.transaction((tx) => fn(tx, (work) => pending.push(work)));
  for (const work of pending) {
    try {
      await work();
    } catch (error) {
      onAfterCommitError(error);
    }
  }
  return result;
}
