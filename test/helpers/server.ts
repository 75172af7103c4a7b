import { spawnSync } from 'node:child_process';
import { defaultWebDist } from '../../server/app.ts';
import { eq, like } from 'drizzle-orm';
import { frameworkAgreements, listings } from '../../server/db/schema/index.ts';
import { buildDocuments } from '../../server/modules/catalogue/catalogue.documents.ts';
import { loadDemoData } from '../../server/modules/demo/demo-data.ts';
import { postgresSearch } from '../../server/platform/search/postgres-search.ts';
import type { SearchDocument } from '../../server/platform/search/search-port.ts';
import { createTestContext } from './context.ts';

/**
 * The real app listening on a loopback port, serving the built storefront, with the demo data loaded
 * into the run's database: what a browser test drives.
 */
export async function startTestServer(): Promise<{ url: string; close(): Promise<void> }> {
  const build = spawnSync('npx', ['tsx', 'scripts/ensure-web.ts'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('building the storefront failed');
  const ctx = await createTestContext({ webDist: defaultWebDist });
  if (await loadDemoData(ctx.database.db, { into: 'any' })) {
    // Index only the demo suppliers' listings: other test files own theirs in this shared database.
    const demo = await ctx.database.db
      .select({ id: listings.id })
      .from(listings)
      .innerJoin(frameworkAgreements, eq(frameworkAgreements.id, listings.agreementId))
      .where(like(frameworkAgreements.code, 'BJ-XYGH-2026-%'));
    const docs = await buildDocuments(ctx.database.db, demo.map((l) => l.id));
    await postgresSearch(ctx.database.db).load([...docs.values()].filter((d): d is SearchDocument => d !== null), { replace: false });
  }
  await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  const address = ctx.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => ctx.close() };
}
