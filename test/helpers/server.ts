import { spawnSync } from 'node:child_process';
import { defaultWebDist } from '../../server/app.ts';
import { loadDemoData } from '../../server/modules/demo/demo-data.ts';
import { createTestContext } from './context.ts';

/**
 * The real app listening on a loopback port, serving the built storefront, with the demo data loaded
 * into the run's database: what a browser test drives.
 */
export async function startTestServer(): Promise<{ url: string; close(): Promise<void> }> {
  const build = spawnSync('npx', ['tsx', 'scripts/ensure-web.ts'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('building the storefront failed');
  const ctx = await createTestContext({ webDist: defaultWebDist });
  await loadDemoData(ctx.database.db, { into: 'any' });
  await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  const address = ctx.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => ctx.close() };
}
