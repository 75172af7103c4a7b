import { generateKeyPairSync, randomBytes } from 'node:crypto';
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
import { connectDatabase, migrateDatabase, type Database } from '../../server/db/client.ts';
import { applyReferenceData } from '../../server/modules/reference/reference-data.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../server/platform/embedded-postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseBackend: 'pglite' | 'postgres';
    /** On PostgreSQL, the run's migrated database with reference data, that a test's own database copies. */
    baseTemplate: string | null;
    redisUrl: string | null;
    dataDir: string;
    auditSigningKey: string;
  }
}

/**
 * One database for each tier that needs one (the db and e2e projects of vitest.config.ts; the unit tier has
 * none): a fresh `jicai_test_<pid>_<tier>` database on the server named by DATABASE_URL, or an in-memory
 * PGlite behind its socket when DATABASE_URL is unset. Migrations, reference data and the demo data once;
 * tests then insert their own rows through factories and never assume an empty table.
 *
 * On a PostgreSQL server the work is done once per run, not once per tier: the first tier's setup builds two
 * template databases (`jicai_tpl_<run>_base`: migrated, with reference data; `jicai_tpl_<run>_demo`: that plus
 * the demo data and its search index) under an advisory lock, and every tier's database is a copy of the
 * demo template (CREATE DATABASE … TEMPLATE, a file copy). A test's own database (own-database.ts) is a copy
 * of the base template. The demo replay is the longest step of the setup: it now runs once, not twice.
 */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedPostgres | null = null;
  let url: string;
  const serverUrl = process.env.DATABASE_URL;
  // The tiers run in one vitest process (one pid): the tier's name keeps their databases apart.
  const name = `jicai_test_${process.pid}_${project.name.replace(/[^a-z0-9]/gi, '_').toLowerCase()}`;
  // The templates are this run's (the tiers' setups share the vitest process and its environment): a run killed
  // before its teardown leaves its own behind, never one a later run with a recycled pid would take as built.
  const run = (process.env.JICAI_TEST_RUN ??= randomBytes(4).toString('hex'));
  const templates = { base: `jicai_tpl_${run}_base`, demo: `jicai_tpl_${run}_demo` };
  if (serverUrl) {
    await buildTemplates(serverUrl, templates);
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name} template ${templates.demo}`);
    await admin.end();
    url = databaseUrlOf(serverUrl, name);
  } else {
    embedded = await startEmbeddedPostgres(undefined);
    url = embedded.url;
    const database = connectDatabase(url, 2);
    await fillBase(database);
    await fillDemo(database);
    await database.close();
  }

  project.provide('databaseUrl', url);
  project.provide('baseTemplate', serverUrl ? templates.base : null);
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
      await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
      // The teardowns run when the whole run ends: the first drops the templates, the second finds them gone.
      for (const template of [templates.demo, templates.base])
        await admin.query(`drop database if exists ${template} with (force)`).catch(() => undefined);
      await admin.end();
    }
  };
}

/** Migrated, with the reference data. */
async function fillBase(database: Database) {
  await migrateDatabase(database);
  await applyReferenceData(database.db);
}

/**
 * The demo data serves the browser tests and the db tests that draw from the demo's expert pool; loaded once
 * per run, not per file. The browser tier's storefront build is its own setup (storefront-setup.ts).
 */
async function fillDemo({ db }: Database) {
  await loadDemoData(db, { into: 'any' });
  await indexDemoListings(db);
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

function databaseUrlOf(serverUrl: string, name: string): string {
  const target = new URL(serverUrl);
  target.pathname = `/${name}`;
  return target.toString();
}

/**
 * The run's two templates, built by the first tier's setup; a later tier waits on the lock and finds them.
 * Built under their final names only once complete (built as `<name>_wip`, then renamed), so a template that
 * exists is whole.
 */
async function buildTemplates(serverUrl: string, templates: { base: string; demo: string }) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query('select pg_advisory_lock(hashtext($1))', [templates.demo]);
    const { rows } = await admin.query<{ datname: string }>('select datname from pg_database where datname = $1', [templates.demo]);
    if (rows.length > 0) return;
    const build = async (target: string, from: string, fill: (database: Database) => Promise<void>) => {
      const wip = `${target}_wip`;
      await admin.query(`drop database if exists ${wip} with (force)`);
      await admin.query(`create database ${wip} template ${from} encoding 'UTF8' lc_ctype 'C.UTF-8' lc_collate 'C.UTF-8'`);
      const database = connectDatabase(databaseUrlOf(serverUrl, wip), 2);
      try {
        await fill(database);
      } finally {
        await database.close();
      }
      await admin.query(`alter database ${wip} rename to ${target}`);
    };
    await build(templates.base, 'template0', fillBase);
    await build(templates.demo, templates.base, fillDemo);
  } finally {
    await admin.query('select pg_advisory_unlock(hashtext($1))', [templates.demo]).catch(() => undefined);
    await admin.end();
  }
}
