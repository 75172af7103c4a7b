import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { like, eq } from 'drizzle-orm';
import type { TestProject } from 'vitest/node';
import type { Db } from '../../server/db/client.ts';
import { frameworkAgreements, listings } from '../../server/db/schema/index.ts';
import { buildDocuments } from '../../server/modules/catalogue/catalogue.documents.ts';
import { loadDemoData } from '../../server/modules/demo/demo-data.ts';
import { postgresSearch } from '../../server/platform/search/postgres-search.ts';
import type { SearchDocument } from '../../server/platform/search/search-port.ts';
import pg from 'pg';
import { connectDatabase, migrateDatabase } from '../../server/db/client.ts';
import { applyReferenceData } from '../../server/modules/reference/reference-data.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../server/platform/embedded-postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseBackend: 'pglite' | 'postgres';
    redisUrl: string | null;
    dataDir: string;
    auditSigningKey: string;
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
  // The demo data and the built storefront serve the browser tests; done once here, not per file.
  await loadDemoData(database.db, { into: 'any' });
  await indexDemoListings(database.db);
  await database.close();
  const build = spawnSync('npx', ['tsx', 'scripts/ensure-web.ts'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('building the storefront failed');

  project.provide('databaseUrl', url);
  project.provide('databaseBackend', serverUrl ? 'postgres' : 'pglite');
  project.provide('redisUrl', process.env.REDIS_URL ?? null);
  // One DATA_DIR and one audit signing key per run, like one deployment: every test file's checkpoints
  // land in this run's database and file, never in another run's (runs on one machine share /tmp).
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jicai-test-data-'));
  project.provide('dataDir', dataDir);
  project.provide('auditSigningKey', generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'));

  return async () => {
    rmSync(dataDir, { recursive: true, force: true });
    if (embedded) await embedded.stop();
    if (serverUrl) {
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`drop database if exists jicai_test_${process.pid} with (force)`).catch(() => undefined);
      await admin.end();
    }
  };
}

/** Index only the demo suppliers' listings: test files own theirs in this shared database. */
async function indexDemoListings(db: Db) {
  const demo = await db
    .select({ id: listings.id })
    .from(listings)
    .innerJoin(frameworkAgreements, eq(frameworkAgreements.id, listings.agreementId))
    .where(like(frameworkAgreements.code, 'BJ-XYGH-2026-%'));
  const docs = await buildDocuments(
    db,
    demo.map((l) => l.id),
  );
  await postgresSearch(db, { cacheTtlMs: 0 }).load(
    [...docs.values()].filter((d): d is SearchDocument => d !== null),
    { replace: false },
  );
}
