// The embedded default's database thread (embedded-postgres.ts starts it): PGlite behind a PostgreSQL
// wire-protocol socket on loopback, on a worker thread of its own so that the database's work (WebAssembly)
// and the app's (HTTP, drizzle, pg) run on two cores instead of taking turns on one. Plain JavaScript: it
// loads as it is under tsx, vitest and the esbuild bundle alike, with no TypeScript loader.
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** Protocol messages after which a client's exchange is complete: Sync, simple Query, Terminate, startup. */
const BATCH_END = new Set([0x53, 0x51, 0x58, 0x00]);

/**
 * pglite-socket's own queue runs one message at a time but lets connections interleave between the
 * messages of an extended-protocol exchange (Parse, Bind, Execute, Sync). All connections share one
 * PostgreSQL session, so the unnamed statement of one connection can be replaced by another's Parse
 * before its Bind ("bind message supplies 1 parameters, but prepared statement requires 3"). This queue
 * keeps a connection's exchange together until its Sync, and its transaction together until it ends.
 */
class ExchangeAwareQueue {
  /** @type {{ handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void, resolve: (bytes: number) => void, reject: (error: unknown) => void }[]} */
  queue = [];
  processing = false;
  /** @type {number | null} */
  owner = null;
  midExchange = false;

  /** @param {PGlite} db */
  constructor(db) {
    this.db = db;
  }

  enqueue(handlerId, message, onData) {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      if (!this.processing) void this.processQueue();
    });
  }

  next() {
    const held = this.owner !== null && (this.midExchange || this.db.isInTransaction());
    if (!held) return this.queue.shift();
    const index = this.queue.findIndex((m) => m.handlerId === this.owner);
    // The owner's next message has not arrived yet: wait for it rather than interleave another connection.
    return index === -1 ? undefined : this.queue.splice(index, 1)[0];
  }

  async processQueue() {
    if (this.processing) return;
    this.processing = true;
    try {
      for (let item = this.next(); item; item = this.next()) {
        const current = item;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(current.message, {
              onRawData: (data) => {
                bytes += data.length;
                current.onData(data);
              },
            }),
          );
        } catch (error) {
          this.owner = current.handlerId;
          this.midExchange = false;
          current.reject(error);
          continue;
        }
        this.owner = current.handlerId;
        this.midExchange = !BATCH_END.has(current.message[0] ?? 0);
        current.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }

  getQueueLength() {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId) {
    this.queue = this.queue.filter((m) => {
      if (m.handlerId !== handlerId) return true;
      m.reject(new Error('Handler disconnected'));
      return false;
    });
  }

  async clearTransactionIfNeeded(handlerId) {
    if (this.owner !== handlerId) return;
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    this.owner = null;
    this.midExchange = false;
    await this.processQueue();
  }
}

/** @type {string | undefined} */
const dataDir = workerData?.dataDir;
try {
  const db = await PGlite.create({ ...(dataDir ? { dataDir: path.resolve(dataDir) } : {}), extensions: { pg_trgm } });
  // Every socket connection shares this one session (docs/EMBEDDED.md). BullMQ's PostgreSQL backend
  // calls its functions unqualified, so its schema must be on the path; app tables are qualified (jicai.*).
  await db.exec('create schema if not exists bullmq; set search_path to bullmq, public');
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 200 });
  // Connections are handed the server's queue when they connect, so replacing it before start() covers all.
  server.queryQueue = new ExchangeAwareQueue(db);
  await server.start();
  parentPort.on('message', async (m) => {
    if (m !== 'stop') return;
    await server.stop();
    await db.close();
    parentPort.postMessage({ stopped: true });
  });
  parentPort.postMessage({ url: `postgres://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable` });
} catch (error) {
  parentPort.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
