import fs from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
}

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
  private queue: QueuedMessage[] = [];
  private processing = false;
  private owner: number | null = null;
  private midExchange = false;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      if (!this.processing) void this.processQueue();
    });
  }

  private next(): QueuedMessage | undefined {
    const held = this.owner !== null && (this.midExchange || this.db.isInTransaction());
    if (!held) return this.queue.shift();
    const index = this.queue.findIndex((m) => m.handlerId === this.owner);
    // The owner's next message has not arrived yet: wait for it rather than interleave another connection.
    return index === -1 ? undefined : this.queue.splice(index, 1)[0];
  }

  async processQueue(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (let item = this.next(); item; item = this.next()) {
        const current = item;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(current.message, {
              onRawData: (data: Uint8Array) => {
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

  clearQueueForHandler(handlerId: number) {
    this.queue = this.queue.filter((m) => {
      if (m.handlerId !== handlerId) return true;
      m.reject(new Error('Handler disconnected'));
      return false;
    });
  }

  async clearTransactionIfNeeded(handlerId: number) {
    if (this.owner !== handlerId) return;
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    this.owner = null;
    this.midExchange = false;
    await this.processQueue();
  }
}

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
  // Connections are handed the server's queue when they connect, so replacing it before start() covers all.
  (server as unknown as { queryQueue: ExchangeAwareQueue }).queryQueue = new ExchangeAwareQueue(db);
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
