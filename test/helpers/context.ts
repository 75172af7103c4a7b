import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { inject } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import { connectDatabase, type Database } from '../../server/db/client.ts';
import { postgresQueueBackend, redisQueueBackend } from '../../server/platform/queue/backend.ts';
import type { QueueHandle } from '../../server/platform/queue/backend.ts';
import type { JobSpec, QueueName } from '../../server/platform/queue/definitions.ts';
import { JobSystem, type Logger } from '../../server/platform/queue/job-system.ts';
import { postgresSearch } from '../../server/platform/search/postgres-search.ts';
import { postgresRateLimitStore, redisRateLimitStore, type RateLimitStore } from '../../server/platform/rate-limit-store.ts';
import { jobSpecs } from '../../workers/registry.ts';

export const silentLog: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export interface TestContext {
  app: FastifyInstance;
  config: Config;
  database: Database;
  jobs: JobSystem;
  limits: RateLimitStore;
  /** How many jobs of this context's queue wait, run, are delayed…: what the job-system tests wait on. */
  queueCounts(queue: QueueName): Promise<Record<string, number>>;
  close(): Promise<void>;
}

/** The real app on the run's real database (PGlite or PostgreSQL) and real queue (Redis or PostgreSQL). */
/**
 * `queuePrefix`: the queue names a separate worker process (workers/main.ts with QUEUE_PREFIX) also
 * uses; its Redis keys then take the default prefix, as the worker's do. Unset: a prefix of its own.
 */
export async function createTestContext(
  opts: { env?: Record<string, string>; specs?: JobSpec[]; webDist?: string; queuePrefix?: string; databaseUrl?: string } = {},
): Promise<TestContext> {
  // `databaseUrl`: a database of the test's own (own-database.ts) instead of the run's shared one.
  const url = opts.databaseUrl ?? inject('databaseUrl');
  // A database of its own is a deployment of its own: its audit checkpoints go to a DATA_DIR of its own,
  // never into the file that anchors the shared database's chain (where they would read as a rewrite).
  const dataDir = opts.databaseUrl ? mkdtempSync(path.join(os.tmpdir(), 'jicai-own-')) : inject('dataDir');
  const redisUrl = inject('redisUrl');
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: url,
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    DEMO_DATA: 'false',
    DATA_DIR: dataDir,
    AUDIT_SIGNING_KEY: inject('auditSigningKey'),
    // Every test file calls from 127.0.0.1 into one shared store, and concurrent logins count until their
    // password is checked: only the files about limits set them low.
    LOGIN_MAX_FAILURES_PER_ADDRESS: '10000',
    RATE_LIMIT_SEARCH_PER_MINUTE: '1000000',
    RATE_LIMIT_EXPORT_PER_MINUTE: '1000000',
    RATE_LIMIT_OPEN_DATA_PER_MINUTE: '1000000',
    RATE_LIMIT_PUBLIC_PER_MINUTE: '1000000',
    RATE_LIMIT_STREAMS_PER_ADDRESS: '100000',
    ...opts.env,
  });
  const database = connectDatabase(url, 5, { namedStatements: inject('databaseBackend') === 'postgres' });
  const backend = redisUrl
    ? redisQueueBackend(redisUrl, opts.queuePrefix ? undefined : `jicai-test-${randomUUID().slice(0, 8)}`)
    : postgresQueueBackend(url);
  const queuePrefix = opts.queuePrefix ?? `t${randomUUID().slice(0, 8)}-`;
  const jobs = new JobSystem({ backend, db: database.db, specs: opts.specs ?? jobSpecs(), log: silentLog, concurrency: 2, queuePrefix });
  // Handles of our own on the job system's queues (closed with the backend when the job system closes).
  const queues = new Map<QueueName, QueueHandle>();
  const queueCounts = (queue: QueueName) => {
    const handle = queues.get(queue) ?? backend.queue(`${queuePrefix}${queue}`);
    queues.set(queue, handle);
    return handle.counts();
  };
  const search = postgresSearch(database.db);
  // One counter namespace per run (the run's database), shared by every app instance of the run.
  const limits = redisUrl
    ? redisRateLimitStore(redisUrl, `jicai-test-${createHash('sha256').update(url).digest('hex').slice(0, 12)}`)
    : postgresRateLimitStore(database.db);
  const app = await buildApp({
    config,
    database,
    databaseBackend: inject('databaseBackend'),
    jobs,
    search,
    limits,
    webDist: opts.webDist ?? '/nonexistent',
  });
  await app.ready();
  return {
    app,
    config,
    database,
    jobs,
    limits,
    queueCounts,
    async close() {
      await app.close();
      await jobs.close();
      await limits.close();
      await database.close();
      if (opts.databaseUrl) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Session {
  cookie: string;
  csrf: string;
  userId: string;
  orgId: string;
}

export async function login(app: FastifyInstance, username: string, password: string, ip = '127.0.0.1'): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const body = res.json<{ csrfToken: string; user: { id: string }; organization: { id: string } }>();
  return { cookie: sessionCookie(res), csrf: body.csrfToken, userId: body.user.id, orgId: body.organization.id };
}

export function sessionCookie(res: LightMyRequestResponse): string {
  const cookie = res.cookies.find((c) => c.name === 'jicai_sid');
  if (!cookie) throw new Error('no session cookie');
  return `jicai_sid=${cookie.value}`;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** Requests as one session (or anonymous with null), sending the CSRF header on writes like the storefront does. */
export function client(app: FastifyInstance, session: Session | null) {
  const send = (method: Method, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload: payload as object }),
      headers: {
        ...(session ? { cookie: session.cookie } : {}),
        ...(session && method !== 'GET' ? { 'x-csrf-token': session.csrf } : {}),
        ...headers,
      },
    });
  return {
    get: (url: string, headers?: Record<string, string>) => send('GET', url, undefined, headers),
    post: (url: string, payload?: unknown, headers?: Record<string, string>) => send('POST', url, payload ?? {}, headers),
    patch: (url: string, payload?: unknown, headers?: Record<string, string>) => send('PATCH', url, payload ?? {}, headers),
    upload: (url: string, filename: string, content: Buffer, contentType?: string) => {
      const body = multipart(filename, content, contentType);
      return app.inject({
        method: 'POST',
        url,
        payload: body.payload,
        headers: { ...body.headers, ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}) },
      });
    },
    send,
  };
}

/** A multipart/form-data body with one file, as a browser's upload form sends it. */
export function multipart(filename: string, content: Buffer, contentType = 'application/octet-stream', field = 'file') {
  const boundary = `----jicai${randomUUID().replaceAll('-', '')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
