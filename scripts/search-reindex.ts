import { loadConfig } from '../server/config.ts';
import { reindexAll } from '../server/modules/catalogue/catalogue.documents.ts';
import { startRuntime } from '../server/runtime.ts';
import { jobSpecs } from '../workers/registry.ts';

/** `npm run search:reindex`: rebuilds the catalogue index (PostgreSQL, or Meilisearch with MEILI_HOST) from the listings. */
const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
const runtime = await startRuntime(config, { specs: jobSpecs(), seed: false });
try {
  const started = performance.now();
  const n = await reindexAll(runtime.database.db, runtime.search);
  console.log(`Reindexed ${n} findable listings into ${runtime.search.backend} in ${Math.round(performance.now() - started)} ms.`);
} finally {
  await runtime.close();
}
