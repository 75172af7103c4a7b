import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { connectDatabase, migrateDatabase, type Database } from '../../server/db/client.ts';
import { applyReferenceData } from '../../server/modules/reference/reference-data.ts';
import { startEmbeddedPostgres } from '../../server/platform/embedded-postgres.ts';

/**
 * A database of the test's own, migrated and with reference data, for tests that move what every process
 * shares (the platform clock) or build a whole world (the demo replay): a fresh database on the run's
 * PostgreSQL server, or an in-memory PGlite when the run has none. `drop()` removes it.
 */
export async function ownDatabase(tag: string): Promise<{ url: string; database: Database; drop(): Promise<void> }> {
  const runUrl = inject('databaseUrl');
  if (inject('databaseBackend') === 'pglite') {
    const embedded = await startEmbeddedPostgres(undefined);
    const database = connectDatabase(embedded.url, 2);
    await migrateDatabase(database);
    await applyReferenceData(database.db);
    return { url: embedded.url, database, drop: async () => (await database.close(), await embedded.stop()) };
  }
  const name = `jicai_${tag}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: runUrl });
    await client.connect();
    await client.query(text).finally(() => client.end());
  };
  // A copy of the run's migrated template with its reference data (global-setup.ts): a file copy, not the
  // migrations and reference data once more.
  await admin(`create database ${name} template ${inject('baseTemplate')}`);
  const url = new URL(runUrl);
  url.pathname = `/${name}`;
  const database = connectDatabase(url.toString(), 4);
  return {
    url: url.toString(),
    database,
    async drop() {
      await database.close();
      await admin(`drop database if exists ${name} with (force)`);
    },
  };
}
