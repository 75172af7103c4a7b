import type { Db } from '../db/client.ts';
import { historyVersions } from './history.ts';

type Listener = () => void;

/**
 * Who watches which process in this process, and a change feed for them (the auction hall's way, see
 * auctions.live.ts): every API process polls the number of steps recorded for the processes its viewers
 * watch (one small query, a few times a second, only while someone watches). Every state change records
 * its step in the transaction that makes it, so a change committed by any process (an opening job in a
 * worker, a party's action) reaches every viewer within a second, whatever the database or queue.
 */
export function createProcessWatch(db: Db, intervalMs = 500) {
  const listeners = new Map<string, Set<Listener>>();
  const versions = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  let polling = false;

  async function poll() {
    if (polling || listeners.size === 0) return;
    polling = true;
    try {
      const refs = [...listeners.keys()].map((key) => {
        const at = key.indexOf(':');
        return { entityType: key.slice(0, at), entityId: key.slice(at + 1) };
      });
      for (const [key, version] of await historyVersions(db, refs)) {
        const first = !versions.has(key);
        if (versions.get(key) === version) continue;
        versions.set(key, version);
        if (!first) for (const l of listeners.get(key) ?? []) l();
      }
    } catch {
      // A failed poll is retried on the next tick.
    } finally {
      polling = false;
    }
  }

  return {
    watch(entityType: string, entityId: string, listener: Listener): () => void {
      const key = `${entityType}:${entityId}`;
      const set = listeners.get(key) ?? new Set();
      set.add(listener);
      listeners.set(key, set);
      if (!timer) {
        timer = setInterval(() => void poll(), intervalMs);
        timer.unref();
      }
      void poll();
      return () => {
        set.delete(listener);
        if (set.size === 0) {
          listeners.delete(key);
          versions.delete(key);
        }
        if (listeners.size === 0 && timer) {
          clearInterval(timer);
          timer = undefined;
        }
      };
    },
    close() {
      if (timer) clearInterval(timer);
      timer = undefined;
      listeners.clear();
    },
  };
}

export type ProcessWatch = ReturnType<typeof createProcessWatch>;
