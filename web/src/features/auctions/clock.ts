import { useSyncExternalStore } from 'react';

// The auction's clock is the database's: every lot carries the serverTime it was read at, and the
// countdowns run on the viewer's clock corrected by the offset seen then, so a viewer whose computer
// is minutes off still sees the end when the server will enforce it.

let offsetMs = 0;
let now = Date.now();
let timer: number | undefined;
const listeners = new Set<() => void>();

function tick() {
  now = Date.now() + offsetMs;
  for (const listener of listeners) listener();
}

/** Called with each lot answer (GET or a live event): the server's time as it was sent. */
export function syncServerClock(serverTime: string | undefined, receivedAt = Date.now()): void {
  const server = serverTime ? Date.parse(serverTime) : NaN;
  if (!Number.isFinite(server)) return;
  offsetMs = server - receivedAt;
  tick();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  now = Date.now() + offsetMs;
  timer ??= window.setInterval(tick, 1000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      window.clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The server's time now (ms), re-rendering the caller every second. */
export function useServerNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}

/** "02:03:04", or "2 days" worth as { days, hms } for the caller to word. */
export function splitRemaining(ms: number): { days: number; hms: string } {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  const days = Math.floor(s / 86_400);
  const rest = s % 86_400;
  return { days, hms: `${pad(Math.floor(rest / 3600))}:${pad(Math.floor((rest % 3600) / 60))}:${pad(rest % 60)}` };
}
