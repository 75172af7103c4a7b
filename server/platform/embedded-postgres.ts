import fs from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * The embedded default: PGlite behind a PostgreSQL wire-protocol socket on loopback, so the app,
 * drizzle and BullMQ all reach it through `pg` exactly as they reach a real server.
 * `dataDir` undefined keeps the database in memory (tests).
 */
export async function startEmbeddedPostgres(dataDir: string | undefined): Promise<EmbeddedPostgres> {
  if (dataDir) await fs.mkdir(dataDir, { recursive: true });
  const db = await PGlite.create({
    ...(dataDir ? { dataDir: path.resolve(dataDir) } : {}),
    extensions: { pg_trgm },
  });
  // Every socket connection shares this one session (shared/EMBEDDED.md). BullMQ's PostgreSQL backend
  // calls its functions unqualified, so its schema must be on the path; app tables are qualified (jicai.*).
  await db.exec('create schema if not exists bullmq; set search_path to bullmq, public');
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 200 });
  await server.start();
  const url = `postgres://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable`;
  return {
    url,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
