import fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * The thread's script: beside this module in the source tree, or copied beside the bundle
 * (scripts/build-server.ts) when this module is bundled into build/server/main.js.
 */
function threadScript(): URL {
  const candidates = [
    new URL('./embedded-postgres.thread.mjs', import.meta.url),
    new URL('./platform/embedded-postgres.thread.mjs', import.meta.url),
  ];
  return candidates.find((u) => existsSync(u)) ?? candidates[0]!;
}

/**
 * The embedded default: PGlite behind a PostgreSQL wire-protocol socket on loopback, so the app,
 * drizzle and BullMQ all reach it through `pg` exactly as they reach a real server. The database runs on
 * a worker thread of its own (embedded-postgres.thread.mjs): its WebAssembly and the app's JavaScript use
 * two cores, where on the app's thread every query stopped the app. `dataDir` undefined keeps the
 * database in memory (tests).
 */
export async function startEmbeddedPostgres(dataDir: string | undefined): Promise<EmbeddedPostgres> {
  if (dataDir) await fs.mkdir(dataDir, { recursive: true });
  // No TypeScript loader is needed (the script is JavaScript), so the thread starts without the parent's flags.
  const worker = new Worker(threadScript(), { workerData: { dataDir }, execArgv: [] });
  const url = await new Promise<string>((resolve, reject) => {
    const onExit = (code: number) => reject(new Error(`the embedded database thread exited with ${code}`));
    worker.once('error', reject);
    worker.once('exit', onExit);
    worker.once('message', (m: { url?: string; error?: string }) => {
      worker.off('exit', onExit);
      if (m.url) resolve(m.url);
      else {
        void worker.terminate();
        reject(new Error(`the embedded database did not start: ${m.error}`));
      }
    });
  });
  let stopped: Promise<void> | undefined;
  return {
    url,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.once('message', () => void worker.terminate());
        worker.postMessage('stop');
      });
      return stopped;
    },
  };
}
