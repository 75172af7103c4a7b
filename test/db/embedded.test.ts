import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { auditEntries, scheduledJobs } from '../../server/db/schema/index.ts';
import { inTransaction } from '../../server/db/tx.ts';
import { DEMO_PASSWORD } from '../../server/modules/demo/demo-data.ts';
import { appendAudit, sequenceAudit } from '../../server/platform/audit.ts';
import { defineJob } from '../../server/platform/queue/definitions.ts';
import { defineProcessor, type Processor } from '../../server/platform/queue/job-system.ts';
import { startRuntime, type Runtime } from '../../server/runtime.ts';
import { jobSpecs, processors } from '../../workers/registry.ts';
import { client, login, silentLog } from '../helpers/context.ts';
import { queueSettled } from '../helpers/jobs.ts';
import { minimalPdf } from '../helpers/files.ts';
import { replayDemoWorld } from '../../server/modules/demo/replay/replay.ts';
import { clockOffset } from '../../server/platform/clock.ts';

/**
 * The embedded default exactly as `npm start` composes it, whatever DATABASE_URL and REDIS_URL say for
 * the rest of the suite: PGlite in a data folder, BullMQ on its PostgreSQL backend, PostgreSQL search.
 */
const embeddedJob = defineJob({ name: 'test.embedded', queue: 'deadlines', payload: z.object({ key: z.string() }), durable: true });
const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'jicai-embedded-'));
const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
let runtime: Runtime | null = null;

afterAll(async () => {
  await runtime?.close();
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('embedded default (no DATABASE_URL, REDIS_URL or MEILI_HOST)', () => {
  it('starts on PGlite with demo data, runs a deadline job once, and keeps its data across restarts', async () => {
    runtime = await startRuntime(config, { specs: [...jobSpecs(), embeddedJob], seed: true, log: silentLog });
    expect(await clockOffset(runtime.database.db)).toBeLessThan(0);
    expect(runtime.databaseBackend).toBe('pglite');
    expect(runtime.jobs.backendKind).toBe('postgres');
    expect(runtime.search.backend).toBe('postgres');
    expect(runtime.demoLoaded).toBe(true);

    const app = await buildApp({ ...runtime, webDist: '/nonexistent' });
    // As npm start does: the demo year is played through the API before anyone connects.
    const replayed = await replayDemoWorld({
      app,
      db: runtime.database.db,
      jobs: runtime.jobs,
      processors: processors({ config, db: runtime.database.db, jobs: runtime.jobs, search: runtime.search }),
    });
    expect(replayed.requests).toBeGreaterThan(100);
    expect(await clockOffset(runtime.database.db)).toBe(0);
    await runtime.jobs.startWorkers([
      ...processors({ config, db: runtime.database.db, jobs: runtime.jobs, search: runtime.search }),
      defineProcessor(embeddedJob, async ({ key }, { tx }) => {
        await appendAudit(tx!, { actor: null, action: 'test.embedded.ran', entityType: 'test', entityId: key });
      }),
    ] as Processor[]);
    const health = await app.inject({ method: 'GET', url: '/api/health' });
    expect(health.json()).toMatchObject({ status: 'ok', checks: { database: { backend: 'pglite' }, queue: { backend: 'postgres' } } });
    const purchaser = await login(app, 'purchaser', DEMO_PASSWORD);
    const lines = await client(app, purchaser).get(`/api/organizations/${purchaser.orgId}/budget-lines`);
    // The demo unit's four budget lines: its history was spent from them, through orders.
    expect(lines.json().total).toBe(4);

    // A file stored inside a transaction goes through that transaction: on the embedded database's single
    // session a second connection would wait for ever (an evidence upload once froze the server).
    const regulator = client(app, await login(app, 'regulator', DEMO_PASSWORD));
    const event = await regulator.post('/api/credit/events', {
      supplierId: (await login(app, 'supplier', DEMO_PASSWORD)).orgId,
      source: 'regulator_penalty',
      severity: 'minor',
      title: '投标文件格式不规范',
      description: '经核查，投标文件未按要求逐页签章。',
    });
    expect(event.statusCode, event.body).toBe(201);
    const evidence = await regulator.upload(
      `/api/credit/events/${event.json().id}/evidence`,
      '核查报告.pdf',
      minimalPdf(),
      'application/pdf',
    );
    expect(evidence.statusCode, evidence.body).toBe(201);

    const db = runtime.database.db;
    await inTransaction(db, (tx, afterCommit) =>
      runtime!.jobs.schedule(tx, afterCommit, embeddedJob, { key: 'k1', runAt: new Date(Date.now() - 1000), payload: { key: 'k1' } }),
    );
    const start = Date.now();
    while (Date.now() - start < 20_000) {
      const [row] = await db.select().from(scheduledJobs).where(eq(scheduledJobs.id, 'test.embedded:k1'));
      if (row?.status === 'done') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await runtime.jobs.reconcile();
    // Whatever the reconciler handed over has run (the deadlines queue holds nothing waiting or running).
    await queueSettled(async () => (await runtime!.jobs.health()).counts ?? { waiting: 1 });
    await sequenceAudit(db);
    const [ran] = await db
      .select({ n: count() })
      .from(auditEntries)
      .where(and(eq(auditEntries.action, 'test.embedded.ran'), eq(auditEntries.entityId, 'k1')));
    expect(ran?.n).toBe(1);
    await app.close();
    await runtime.close();

    runtime = await startRuntime(config, { specs: jobSpecs(), seed: true, log: silentLog });
    expect(runtime.demoLoaded).toBe(false);
    const again = await buildApp({ ...runtime, webDist: '/nonexistent' });
    const relogin = await login(again, 'purchaser', DEMO_PASSWORD);
    expect(relogin.orgId).toBe(purchaser.orgId);
    await again.close();
  }, 600_000);
});
