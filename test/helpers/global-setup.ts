import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { connectDatabase, migrateDatabase } from '../../server/db/client.ts';
import { applyReferenceData } from '../../server/modules/reference/reference-data.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../server/platform/embedded-postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseBackend: 'pglite' | 'postgres';
    redisUrl: string | null;
  }
}

/**
 * One database for the run: a fresh `jicai_test` database on the server named by DATABASE_URL, or an
 * in-memory PGlite behind its socket when DATABASE_URL is unset. Migrations and reference data once;
 * tests then insert their own rows through factories and never assume an empty table.
 */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedPostgres | null = null;
  let url: string;
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    const name = `jicai_test_${process.pid}`;
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name} template template0 encoding 'UTF8' lc_ctype 'C.UTF-8' lc_collate 'C.UTF-8'`);
    await admin.end();
    const target = new URL(serverUrl);
    target.pathname = `/${name}`;
    url = target.toString();
  } else {
    embedded = await startEmbeddedPostgres(undefined);
    url = embedded.url;
  }
  const database = connectDatabase(url, 2);
  await migrateDatabase(database);
  await applyReferenceData(database.db);
  await database.close();

  project.provide('databaseUrl', url);
  project.provide('databaseBackend', serverUrl ? 'postgres' : 'pglite');
  project.provide('redisUrl', process.env.REDIS_URL ?? null);

  return async () => {
    if (embedded) await embedded.stop();
    if (serverUrl) {
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`drop database if exists jicai_test_${process.pid} with (force)`).catch(() => undefined);
      await admin.end();
    }
  };
}
