import { createPostgresBackend, Queue, Worker, withBackend, type Job, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';

export interface QueueHandle {
  /** Adds a job; answers the id BullMQ holds for it (an earlier job's id when deduplicated). */
  add(name: string, data: unknown, opts: JobsOptions): Promise<string>;
  /** Repeat a job every `everyMs` under a stable scheduler id (maintenance work). */
  repeat(schedulerId: string, everyMs: number, name: string, data: unknown): Promise<void>;
  counts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export interface WorkerHandle {
  close(): Promise<void>;
}

export type JobHandler = (job: Job) => Promise<unknown>;

/** The edge between the job system and BullMQ's two storage backends. Nothing above it knows which. */
export interface QueueBackend {
  readonly kind: 'redis' | 'postgres';
  queue(name: string): QueueHandle;
  worker(name: string, handler: JobHandler, concurrency: number, onError: (error: Error) => void): WorkerHandle;
  close(): Promise<void>;
}

function wrapQueue(queue: Queue): QueueHandle {
  return {
    async add(name, data, opts) {
      const job = await queue.add(name, data, opts);
      return job.id ?? '';
    },
    async repeat(schedulerId, everyMs, name, data) {
      await queue.upsertJobScheduler(schedulerId, { every: everyMs }, { name, data });
    },
    counts: () => queue.getJobCounts('waiting', 'delayed', 'active', 'failed', 'completed'),
    close: () => queue.close(),
  };
}

/**
 * Production: BullMQ on Redis through ioredis. `prefix` keeps separate deployments (or test runs) apart.
 * `stallMs`: how long a job's lock lives without renewal, and how often workers look for jobs whose worker
 * died (SIGKILL, a lost machine) to run them again: a dead worker's deadline is taken up within about
 * twice this (BullMQ's default is 30 s). A durable deadline runs exactly once whoever takes it (its row).
 */
export function redisQueueBackend(url: string, prefix = 'jicai', opts: { stallMs?: number } = {}): QueueBackend {
  const connections: Redis[] = [];
  const connect = () => {
    const connection = new Redis(url, { maxRetriesPerRequest: null });
    connection.on('error', () => undefined);
    connections.push(connection);
    return connection;
  };
  const shared = connect();
  const queues = new Map<string, Queue>();
  const workers: Worker[] = [];
  return {
    kind: 'redis',
    queue(name) {
      let queue = queues.get(name);
      if (!queue) {
        queue = new Queue(name, { connection: shared, prefix });
        queues.set(name, queue);
      }
      return wrapQueue(queue);
    },
    worker(name, handler, concurrency, onError) {
      const stall = opts.stallMs ? { lockDuration: opts.stallMs, stalledInterval: opts.stallMs } : {};
      const worker = new Worker(name, handler, { connection: connect(), prefix, concurrency, ...stall });
      worker.on('error', onError);
      workers.push(worker);
      return { close: () => worker.close() };
    },
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all([...queues.values()].map((q) => q.close()));
      await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}

const POLL_CEILING_SECONDS = 2;

/** Embedded default: BullMQ's own PostgreSQL backend, in the `bullmq` schema of the app's database. */
export function postgresQueueBackend(databaseUrl: string, schema = 'bullmq'): QueueBackend {
  const pgClasses = withBackend(createPostgresBackend);
  const connection = { connectionString: databaseUrl, schema, migrate: true, max: 4 };
  const queues = new Map<string, Queue>();
  const workers: { close(): Promise<void> }[] = [];
  return {
    kind: 'postgres',
    queue(name) {
      let queue = queues.get(name);
      if (!queue) {
        queue = new pgClasses.Queue(name, { connection }) as unknown as Queue;
        queues.set(name, queue);
      }
      return wrapQueue(queue);
    },
    worker(name, handler, concurrency, onError) {
      const worker = new pgClasses.Worker(name, handler, { connection, concurrency });
      // A worker with only far-future delayed jobs blocks until the next one is due (up to an hour),
      // relying on LISTEN/NOTIFY to wake it for new jobs. The embedded PGlite shares one session between
      // all connections, where that wake-up is not reliable; a short ceiling makes the worker re-check.
      Object.defineProperty(worker, 'maximumBlockTimeout', { get: () => POLL_CEILING_SECONDS });
      worker.on('error', onError);
      workers.push(worker);
      return { close: () => worker.close() };
    },
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}
