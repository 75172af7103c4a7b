import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { apiPath } from './api.ts';

type ProcessType = 'order' | 'quotation' | 'tender' | 'auction_lot';

/** One event stream per process for the whole page, however many hooks follow it. */
const open = new Map<string, { source: EventSource; users: number }>();

function follow(client: QueryClient, type: ProcessType, id: string): () => void {
  const key = `${type}:${id}`;
  let entry = open.get(key);
  if (!entry) {
    const source = new EventSource(apiPath('/api/live/{type}/{id}', { type, id }));
    // A step was recorded (a party acted, a deadline job ran): what the page shows is read again.
    source.addEventListener('changed', () => void client.invalidateQueries());
    entry = { source, users: 0 };
    open.set(key, entry);
  }
  entry.users += 1;
  return () => {
    const e = open.get(key);
    if (!e) return;
    e.users -= 1;
    if (e.users === 0) {
      e.source.close();
      open.delete(key);
    }
  };
}

/**
 * 实时页面: the process page follows its process by server-sent events (/api/live/…), so a deadline job
 * (an opening, a close) or the other party's step shows without a reload.
 */
export function useLiveProcess(type: ProcessType, id: string | undefined, enabled = true) {
  const client = useQueryClient();
  useEffect(() => {
    if (!id || !enabled || typeof EventSource === 'undefined') return;
    return follow(client, type, id);
  }, [client, type, id, enabled]);
}
