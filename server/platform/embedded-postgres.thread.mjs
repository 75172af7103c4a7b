// The embedded default's database thread (embedded-postgres.ts starts it): PGlite behind a PostgreSQL
// wire-protocol socket on loopback, on a worker thread of its own so that the database's work (WebAssembly)
// and the app's (HTTP, drizzle, pg) run on two cores instead of taking turns on one. Plain JavaScript: it
// loads as it is under tsx, vitest and the esbuild bundle alike, with no TypeScript loader.
import path from 'node:path';
import { TextDecoder, TextEncoder } from 'node:util';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** Protocol messages after which a client's exchange is complete: Sync, simple Query, Terminate, startup. */
const BATCH_END = new Set([0x53, 0x51, 0x58, 0x00]);

const utf8 = new TextDecoder();
const encoder = new TextEncoder();
/** A statement carrying this marker is planned for its own values every time (server/db/prepared-statements.ts). */
const PLAN_EACH_TIME = 'jicai:plan-each-time';
/** Uses of one statement text before it is kept as a named statement, and how many are kept at most. */
const NAME_AFTER = 2;
const MAX_NAMES = 1_000;
const MAX_COUNTED = 2_000;
const PARSE_COMPLETE = new Uint8Array([0x31, 0, 0, 0, 4]);

/** The C string at `offset` of a message, and the offset after its terminating zero. */
function cstring(message, offset) {
  const end = message.indexOf(0, offset);
  return [utf8.decode(message.subarray(offset, end)), end + 1];
}

/** A message of `type` whose body is `parts` (bytes, or strings written as C strings). */
function messageOf(type, parts) {
  const chunks = parts.map((p) => (typeof p === 'string' ? new Uint8Array([...encoder.encode(p), 0]) : p));
  const length = 4 + chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(1 + length);
  out[0] = type;
  new DataView(out.buffer).setInt32(1, length);
  let at = 5;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Named statements for the statements the app runs again and again, kept in the one shared session, as a
 * PostgreSQL server's connections keep them (server/db/prepared-statements.ts): the pool's clients can't
 * name statements here (their names would collide in the one session), so they send them unnamed, and this
 * names them on their way in. The second time a statement text comes, its Parse gets a name of the session
 * (`jicai_s1`, `jicai_s2`, …: a prefix no other client of the session uses); after that its Parse is answered here (ParseComplete) without parsing or planning, and the
 * connection's Bind and Describe of the unnamed statement are pointed at the name. All messages pass one
 * queue one at a time, so no two connections race for a name. Bounded: MAX_NAMES texts at most.
 */
class StatementNames {
  /** @type {Map<string, string>} */
  names = new Map();
  /** @type {Map<string, number>} */
  counts = new Map();
  /** Each connection's unnamed statement as it stands: the session's name it stands for ('' for none). @type {Map<number, string>} */
  unnamed = new Map();

  /**
   * A message as it goes to the database: `{ send }` to run, or `{ answer }` to answer at once (a Parse of a
   * statement the session holds). `onParsed` is called with the result when a Parse was named.
   */
  route(handlerId, message) {
    const type = message[0];
    if (type === 0x50) return this.parse(handlerId, message);
    const alias = this.unnamed.get(handlerId);
    if (!alias) return { send: message };
    if (type === 0x42) {
      // Bind: portal, statement, then the rest (formats, values, result formats).
      const [portal, afterPortal] = cstring(message, 5);
      const [statement, afterStatement] = cstring(message, afterPortal);
      if (statement !== '') return { send: message };
      return { send: messageOf(0x42, [portal, alias, message.subarray(afterStatement)]) };
    }
    if (type === 0x44 && message[5] === 0x53) {
      // Describe of a statement (not a portal).
      const [statement] = cstring(message, 6);
      if (statement !== '') return { send: message };
      return { send: messageOf(0x44, [new Uint8Array([0x53]), alias]) };
    }
    return { send: message };
  }

  parse(handlerId, message) {
    const [name, afterName] = cstring(message, 5);
    if (name !== '') {
      this.unnamed.delete(handlerId);
      return { send: message };
    }
    const [text, afterText] = cstring(message, afterName);
    // The key: the text and the parameter types the client gave.
    const key = `${text}\u0000${Array.from(message.subarray(afterText)).join(',')}`;
    const known = this.names.get(key);
    if (known) {
      this.unnamed.set(handlerId, known);
      return { answer: PARSE_COMPLETE };
    }
    this.unnamed.set(handlerId, '');
    if (this.names.size >= MAX_NAMES || text.includes(PLAN_EACH_TIME)) return { send: message };
    const n = (this.counts.get(key) ?? 0) + 1;
    if (n < NAME_AFTER) {
      if (this.counts.size >= MAX_COUNTED) this.counts.clear();
      this.counts.set(key, n);
      return { send: message };
    }
    const session = `jicai_s${this.names.size + 1}`;
    return {
      send: messageOf(0x50, [session, message.subarray(afterName)]),
      // Kept once the database has parsed it (its answer starts with ParseComplete, not an error).
      parsed: (firstByte) => {
        if (firstByte !== 0x31) return;
        this.counts.delete(key);
        this.names.set(key, session);
        this.unnamed.set(handlerId, session);
      },
    };
  }

  forget(handlerId) {
    this.unnamed.delete(handlerId);
  }
}

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

  statements = new StatementNames();

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
        const routed = this.statements.route(current.handlerId, current.message);
        let first = -1;
        try {
          if (routed.answer) {
            bytes = routed.answer.length;
            current.onData(routed.answer);
          } else
            await this.db.runExclusive(() =>
              this.db.execProtocolRawStream(routed.send, {
                onRawData: (data) => {
                  if (first === -1) first = data[0] ?? -1;
                  bytes += data.length;
                  current.onData(data);
                },
              }),
            );
          routed.parsed?.(first);
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
    this.statements.forget(handlerId);
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
  // plan_cache_mode stays PostgreSQL's default here: it applies to unnamed statements too, and a statement
  // marked PLAN_EACH_TIME (never named) must be planned for its own values.
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
