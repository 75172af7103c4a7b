import path from 'node:path';
import { loadConfig } from '../server/config.ts';
import { connectDatabase } from '../server/db/client.ts';
import { verifyAuditChain } from '../server/platform/audit.ts';
import { startEmbeddedPostgres } from '../server/platform/embedded-postgres.ts';

/**
 * `npm run audit:verify`: recomputes the audit chain and exits non-zero naming the first broken entry.
 * On the embedded default, stop `npm start` first: PGlite's data folder has one owner at a time.
 */
const config = loadConfig();
const embedded = config.DATABASE_URL ? null : await startEmbeddedPostgres(path.join(config.DATA_DIR, 'pgdata'));
const database = connectDatabase(config.DATABASE_URL ?? embedded!.url, 2);
let exitCode = 0;
try {
  const result = await verifyAuditChain(database.db);
  if (result.ok) {
    console.log(`Audit chain intact: ${result.checked} entries verified.`);
  } else {
    console.error(`Audit chain BROKEN at entry ${result.firstBroken?.seq}: ${result.firstBroken?.reason} (${result.checked} entries verified before it).`);
    exitCode = 2;
  }
} finally {
  await database.close();
  await embedded?.stop();
}
process.exit(exitCode);
