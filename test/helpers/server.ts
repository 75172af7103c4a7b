import { defaultWebDist } from '../../server/app.ts';
import { createTestContext } from './context.ts';

/**
 * The real app listening on a loopback port and serving the built storefront, on the run's database,
 * where the global setup has built web/dist and loaded the demo data: what a browser test drives.
 */
export async function startTestServer(): Promise<{ url: string; close(): Promise<void> }> {
  const ctx = await createTestContext({ webDist: defaultWebDist });
  await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  const address = ctx.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => ctx.close() };
}
