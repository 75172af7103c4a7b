import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { clockSettings, ocdsReleases } from '../../server/db/schema/index.ts';
import { sequenceReleases } from '../../server/modules/ocds/ocds.store.ts';
import { workdayDeadline } from '../../server/platform/calendar.ts';
import { dbNow } from '../../server/platform/clock.ts';
import { sandboxAccelerator } from '../../server/platform/sandbox.ts';
import { startRuntime, type Runtime } from '../../server/runtime.ts';
import { jobSpecs } from '../../workers/registry.ts';
import { silentLog } from '../helpers/context.ts';
import { actor, createOrg } from '../helpers/factories.ts';
import { ownDatabase } from '../helpers/own-database.ts';
import { goodsTender } from '../helpers/procurement.ts';

/**
 * Sandbox (演练) mode (#15): SANDBOX_ACCELERATOR=1440 runs every procedure period 1440 times faster, the
 * database remembers the mode it was first started in, and a start in the other mode is refused. Each on a
 * database of its own, started as `npm start` starts (startRuntime, then buildApp).
 */
const MINUTE = 60_000;
let sandboxDb: Awaited<ReturnType<typeof ownDatabase>>;
let normalDb: Awaited<ReturnType<typeof ownDatabase>>;
let runtime: Runtime | null = null;
let app: FastifyInstance | null = null;

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jicai-sandbox-'));
const configFor = (url: string, accelerator?: string) =>
  loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: url,
    DEMO_DATA: 'false',
    // Deployments of their own (their own databases): their own DATA_DIR, never the shared chain's checkpoint file.
    DATA_DIR: dataDir,
    AUDIT_SIGNING_KEY: inject('auditSigningKey'),
    ...(accelerator ? { SANDBOX_ACCELERATOR: accelerator } : {}),
  });
const start = (url: string, accelerator?: string) =>
  startRuntime(configFor(url, accelerator), { specs: jobSpecs(), seed: true, log: silentLog });

async function open(url: string, accelerator?: string) {
  runtime = await start(url, accelerator);
  app = await buildApp({ ...runtime, webDist: '/nonexistent' });
  return { app, db: runtime.database.db };
}
async function shut() {
  await app?.close();
  await runtime?.close();
  app = null;
  runtime = null;
}

beforeAll(async () => {
  sandboxDb = await ownDatabase('sandbox');
  normalDb = await ownDatabase('normal');
}, 120_000);
afterAll(async () => {
  await shut();
  rmSync(dataDir, { recursive: true, force: true });
  await sandboxDb?.drop();
  await normalDb?.drop();
});

/** A tender whose bids close `minutes` after now, posted and published by a center's staff member. */
async function postTender(app: FastifyInstance, db: Parameters<typeof dbNow>[0], minutes: number) {
  const center = await actor(app, db, 'center_staff');
  const unit = await createOrg(db, 'purchasing_unit');
  const deadline = new Date((await dbNow(db)).getTime() + minutes * MINUTE);
  const created = await center.http.post(
    '/api/tenders',
    goodsTender(unit.id, `演练招标 ${minutes} 分钟`, { deadline: deadline.toISOString() }),
  );
  const published = created.statusCode === 201 ? await center.http.post(`/api/tenders/${created.json().id}/publish`) : created;
  return { center, created, published, deadline };
}

describe('sandbox (演练) mode', () => {
  it('at N=1440 a 20-day notice period is 20 minutes: a tender closing 21 minutes after publication is accepted, with sandbox ids', async () => {
    const { app, db } = await open(sandboxDb.url, '1440');
    expect(sandboxAccelerator()).toBe(1440);
    const [clock] = await db.select().from(clockSettings);
    expect(clock).toMatchObject({ sandboxAccelerator: 1440, modeRecordedAt: expect.any(Date) });
    expect((await app.inject({ method: 'GET', url: '/api/public/instance' })).json()).toEqual({ sandbox: { accelerator: 1440 } });

    const { center, published, deadline } = await postTender(app, db, 21);
    expect(published.statusCode, published.body).toBe(200);
    const tender = published.json();
    expect(tender.ocid).toMatch(/^ocds-jc2026-sandbox-/);
    await sequenceReleases(db);
    const stored = await db.select({ ocid: ocdsReleases.ocid }).from(ocdsReleases).where(eq(ocdsReleases.processId, tender.id));
    expect(stored.length).toBeGreaterThan(0);
    for (const r of stored) expect(r.ocid).toBe(tender.ocid);

    // An amendment needs 15 days (15 minutes here) before the deadline: 21 minutes are enough, nothing moves.
    const amended = await center.http.post(`/api/tenders/${tender.id}/clarifications`, {
      answer: '更正公告：第二章第 3 项参数更正。',
      documents: '第一章 投标邀请……第二章 采购需求（更正）……',
    });
    expect(amended.statusCode, amended.body).toBeLessThan(300);
    expect(Date.parse((await center.http.get(`/api/tenders/${tender.id}`)).json().deadline)).toBe(deadline.getTime());

    // 19 minutes is short of the scaled 20 days, and the refusal says how periods count here.
    const short = await postTender(app, db, 19);
    expect(short.created.statusCode).toBe(422);
    expect(short.created.json().errors[0]).toMatchObject({ field: 'deadline', message: expect.stringContaining('演练环境') });

    // Working-day deadlines (challenge window, confirmations, payment): the calendar's, a 1440th as long.
    const from = await dbNow(db);
    const week = (await workdayDeadline(db, from, 7)).getTime() - from.getTime();
    expect(week).toBeGreaterThan(7 * MINUTE);
    expect(week).toBeLessThan(20 * MINUTE);
    await shut();
    expect(sandboxAccelerator()).toBeNull();
  }, 120_000);

  it('a sandbox database refuses a normal start, and a start with another accelerator', async () => {
    await expect(start(sandboxDb.url)).rejects.toThrow(
      /sandbox \(演练\) database created with SANDBOX_ACCELERATOR=1440.*cannot serve as a normal instance/,
    );
    await expect(start(sandboxDb.url, '720')).rejects.toThrow(
      /created with SANDBOX_ACCELERATOR=1440.*cannot run with SANDBOX_ACCELERATOR=720/,
    );
    // Refused starts leave the process in no mode: the same process can start a normal instance elsewhere.
    expect(sandboxAccelerator()).toBeNull();
  }, 60_000);

  it('a normal database refuses a sandbox start, even one used before modes were recorded; on it the 21-minute tender is refused', async () => {
    // Data from before this version: organizations, no mode recorded.
    await createOrg(normalDb.database.db, 'purchasing_unit');
    await expect(start(normalDb.url, '1440')).rejects.toThrow(/belongs to a normal instance.*database of its own/);

    const { app, db } = await open(normalDb.url);
    expect(sandboxAccelerator()).toBeNull();
    expect((await app.inject({ method: 'GET', url: '/api/public/instance' })).json()).toEqual({ sandbox: null });
    const { created } = await postTender(app, db, 21);
    expect(created.statusCode).toBe(422);
    expect(created.json().errors[0]).toMatchObject({ field: 'deadline', message: expect.stringContaining('不少于 20 日') });
    expect(created.json().errors[0].message).not.toContain('演练');
    await shut();

    await expect(start(normalDb.url, '1440')).rejects.toThrow(/belongs to a normal instance/);
  }, 120_000);
});
