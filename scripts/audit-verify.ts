import path from 'node:path';
import { loadConfig } from '../server/config.ts';
import { connectDatabase } from '../server/db/client.ts';
import { createAuditAnchor } from '../server/platform/audit-anchor.ts';
import { startEmbeddedPostgres } from '../server/platform/embedded-postgres.ts';

/**
 * `npm run audit:verify`: recomputes the audit chain, checks every signed checkpoint (the exported
 * DATA_DIR/audit-checkpoints.jsonl and the table), and exits non-zero naming the first changed entry.
 * On the embedded default, stop `npm start` first: PGlite's data folder has one owner at a time.
 */
const config = loadConfig();
const embedded = config.DATABASE_URL ? null : await startEmbeddedPostgres(path.join(config.DATA_DIR, 'pgdata'));
const database = connectDatabase(config.DATABASE_URL ?? embedded!.url, 2);
const anchor = createAuditAnchor({
  signingKey: config.AUDIT_SIGNING_KEY,
  retiredPublicKeys: config.AUDIT_SIGNING_KEYS_RETIRED,
  dataDir: config.DATA_DIR,
});
let exitCode = 0;
try {
  const result = await anchor.verify(database.db);
  const { valid, anchoredThrough, fileFound, problems } = result.checkpoints;
  for (const p of problems) console.error(`Checkpoint ${p.ref}${p.seq === null ? '' : ` (seq ${p.seq})`}: ${p.reason}`);
  if (result.firstBroken) {
    console.error(
      `Audit chain BROKEN at entry ${result.firstBroken.seq}: ${result.firstBroken.reason} (${result.checked} entries verified before it).`,
    );
    exitCode = 2;
  } else if (!result.ok) {
    console.error(`Audit chain intact (${result.checked} entries), but ${problems.length} checkpoint(s) failed.`);
    exitCode = 3;
  } else {
    console.log(
      `Audit chain intact: ${result.checked} entries verified; ${valid} signed checkpoint(s)${fileFound ? ` (${anchor.file})` : ', no exported file'} anchor it through entry ${anchoredThrough}.`,
    );
  }
} finally {
  await database.close();
  await embedded?.stop();
}
process.exit(exitCode);
