import { inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { auctionLots } from '../../db/schema/index.ts';

type Listener = () => void;

/**
 * Who watches which lot in this process, and a change feed for them. Every API process polls the
 * versions of the lots its viewers watch (one small query, a few times a second, only while someone
 * watches), so a bid taken by any process reaches every viewer within a second whichever database,
 * queue or process count is in use; a bid taken here is pushed at once after its commit.
 */
export function createLotWatch(db: Db, intervalMs = 300) {
  const listeners = new Map<string, Set<Listener>>();
  const versions = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  let polling = false;

  async function poll() {
    if (polling || listeners.size === 0) return;
    polling = true;
    try {
      const rows = await db
        .select({ id: auctionLots.id, version: auctionLots.version })
        .from(auctionLots)
        .where(inArray(auctionLots.id, [...listeners.keys()]));
      for (const row of rows) {
        if (versions.get(row.id) !== row.version) {
          const first = !versions.has(row.id);
          versions.set(row.id, row.version);
          if (!first) for (const l of listeners.get(row.id) ?? []) l();
        }
      }
    } catch {
      // A failed poll is retried on the next tick.
    } finally {
      polling = false;
    }
  }

  return {
    watch(lotId: string, listener: Listener): () => void {
      const set = listeners.get(lotId) ?? new Set();
      set.add(listener);
      listeners.set(lotId, set);
      if (!timer) {
        timer = setInterval(() => void poll(), intervalMs);
        timer.unref();
      }
      void poll();
      return () => {
        set.delete(listener);
        if (set.size === 0) {
          listeners.delete(lotId);
          versions.delete(lotId);
        }
        if (listeners.size === 0 && timer) {
          clearInterval(timer);
          timer = undefined;
        }
      };
    },
    /** After a commit in this process: tell this lot's watchers at once (other processes learn by polling). */
    changed(lotId: string) {
      for (const l of listeners.get(lotId) ?? []) l();
    },
    close() {
      if (timer) clearInterval(timer);
      timer = undefined;
      listeners.clear();
    },
  };
}

export type LotWatch = ReturnType<typeof createLotWatch>;
