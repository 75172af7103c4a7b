import path from 'node:path';
import { loadConfig } from '../server/config.ts';
import { connectDatabase, migrateDatabase } from '../server/db/client.ts';
import { backfillReleasesOnce } from '../server/modules/ocds/ocds.service.ts';
import { startEmbeddedPostgres } from '../server/platform/embedded-postgres.ts';

/** `npm run db:migrate`: applies migrations/ to DATABASE_URL, or to the embedded database in DATA_DIR. */
const config = loadConfig();
const embedded = config.DATABASE_URL ? null : await startEmbeddedPostgres(path.join(config.DATA_DIR, 'pgdata'));
const database = connectDatabase(config.DATABASE_URL ?? embedded!.url, 2);
try {
  await migrateDatabase(database);
  // The release store's one-off backfill: processes from before it get their releases (once per database).
  const backfilled = await backfillReleasesOnce(database.db);
  if (backfilled) console.log(`Open data: ${backfilled} releases recorded for processes that had none.`);
  console.log(`Migrations applied to ${embedded ? `the embedded database in ${config.DATA_DIR}` : 'DATABASE_URL'}.`);
} finally {
  await database.close();
  await embedded?.stop();
}
