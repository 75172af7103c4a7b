/**
 * npm run check:consistency — every cross-table invariant of the database named by DATABASE_URL (or the
 * embedded default's PGlite data in DATA_DIR), listed with examples; exits 1 when any is broken.
 * Read-only. Options: --json (the report as one JSON line), --limit N (examples per check, default 20).
 * On the embedded default, stop `npm start` first: PGlite's data folder has one owner at a time.
 */
import path from 'node:path';
import { loadConfig } from '../server/config.ts';
import { connectDatabase } from '../server/db/client.ts';
import { checkConsistency } from '../server/platform/consistency.ts';
import { startEmbeddedPostgres } from '../server/platform/embedded-postgres.ts';

const args = process.argv.slice(2);
const json = args.includes('--json');
const limitAt = args.indexOf('--limit');
const limit = limitAt >= 0 ? Number(args[limitAt + 1]) : 20;
if (!Number.isInteger(limit) || limit < 0) {
  console.error('--limit must be a whole number');
  process.exit(2);
}

const config = loadConfig();
const embedded = config.DATABASE_URL ? null : await startEmbeddedPostgres(path.join(config.DATA_DIR, 'pgdata'));
const database = connectDatabase(config.DATABASE_URL ?? embedded!.url, 2);
try {
  const report = await checkConsistency(database.db, { limit });
  if (json) console.log(JSON.stringify(report));
  else {
    for (const c of report.checks) {
      console.log(`${c.count === 0 ? 'ok    ' : 'BROKEN'} ${c.name} — ${c.description}${c.count ? `: ${c.count}` : ''}`);
      for (const e of c.examples) console.log(`         ${e.ref}: ${e.detail}`);
      if (c.count > c.examples.length) console.log(`         … and ${c.count - c.examples.length} more`);
    }
    console.log(report.ok ? 'consistent' : `${report.checks.filter((c) => c.count).length} of ${report.checks.length} checks broken`);
  }
  process.exitCode = report.ok ? 0 : 1;
} finally {
  await database.close();
  await embedded?.stop();
}
