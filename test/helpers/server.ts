import { defaultWebDist } from '../../server/app.ts';
import { postgresSearch } from '../../server/platform/search/postgres-search.ts';
import { processors } from '../../workers/registry.ts';
import { createTestContext, type TestContext } from './context.ts';

/**
 * The real app listening on a loopback port and serving the built storefront, on the run's database,
 * where the global setup has built web/dist and loaded the demo data: what a browser test drives.
 * `startWorkers` runs the job workers in it, for files whose journeys need deadlines and scans to run
 * (called after the file has written rows the jobs must see). `databaseUrl` and `env`: a database of the
 * file's own (own-database.ts) and settings of its own, as createTestContext takes them.
 */
export async function startBrowserContext(
  opts: { databaseUrl?: string; env?: Record<string, string> } = {},
): Promise<{ ctx: TestContext; url: string; startWorkers(): Promise<void> }> {
  const ctx = await createTestContext({ ...opts, webDist: defaultWebDist });
  await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  const address = ctx.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const db = ctx.database.db;
  return {
    ctx,
    url: `http://127.0.0.1:${port}`,
    startWorkers: () => ctx.jobs.startWorkers(processors({ config: ctx.config, db, jobs: ctx.jobs, search: postgresSearch(db) })),
  };
}

export async function startTestServer(): Promise<{ url: string; close(): Promise<void> }> {
  const { ctx, url } = await startBrowserContext();
  return { url, close: () => ctx.close() };
}
