import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { organizations, riskAlerts, riskRuleRuns, scheduledJobs, tenders } from '../../server/db/schema/index.ts';
import { riskRules, type RiskRule } from '../../contracts/enums/risk.ts';
import { insertHistoryTender } from '../helpers/history-rows.ts';
import { makeUscc } from '../../server/modules/organizations/organizations.rules.ts';
import { createRiskService } from '../../server/modules/risk/risk.service.ts';
import { tenderJobs } from '../../server/modules/tenders/tenders.service.ts';
import { dbNow } from '../../server/platform/clock.ts';
import { client, createTestContext, login, type TestContext } from '../helpers/context.ts';
import { actor, createOrg, createUser, TEST_PASSWORD, type Actor } from '../helpers/factories.ts';
import { intentionExempt } from '../helpers/procurement.ts';

/**
 * 10,000 near-identical bids from one address, one network address and one device in one lot: every
 * pairwise rule would see 50 million pairs. A separate worker process with a 512 MB heap runs 20 scan
 * requests of every rule while a tender's opening falls due: the tender opens, each rule completes or
 * records being cut short, and the worker is still alive.
 */
const N = 10_000;
const prefix = `rb${randomBytes(3).toString('hex')}-`;
const tag = `rb${randomBytes(3).toString('hex')}`;
let ctx: TestContext;
let regulator: Actor;
let center: Actor;
let worker: ChildProcess | null = null;
const workerLog: string[] = [];
let big: Awaited<ReturnType<typeof insertHistoryTender>>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs: number): Promise<T> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    const value = await check();
    if (value) return value;
    if (worker && worker.exitCode !== null)
      throw new Error(
        `worker exited (${worker.exitCode ?? worker.signalCode}) while waiting for ${what}:\n${workerLog.slice(-30).join('')}`,
      );
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}:\n${workerLog.slice(-30).join('')}`);
}
/** Peak resident memory of a process, from the kernel (VmHWM), in MB. */
const peakRssMb = (pid: number) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

const pglite = inject('databaseBackend') === 'pglite';

beforeAll(async () => {
  if (pglite) return;
  ctx = await createTestContext({ queuePrefix: prefix });
  regulator = await actor(ctx.app, ctx.database.db, 'regulator');
  center = await actor(ctx.app, ctx.database.db, 'center_staff');
  const db = ctx.database.db;
  // 10,000 suppliers at one registered address (USCCs under their own region code, so they meet no other test's).
  const address = `北京市延庆区测试路${tag}号`;
  const base = randomInt(0, 80_000_000);
  const supplierIds: string[] = [];
  for (let i = 0; i < N; i += 2000) {
    const rows = await db
      .insert(organizations)
      .values(
        Array.from({ length: Math.min(2000, N - i) }, (_, j) => ({
          kind: 'supplier' as const,
          name: `${tag}投标人${i + j + 1}有限公司`,
          uscc: makeUscc('110119', base + i + j),
          regionCode: '110108',
          sizeClass: 'small' as const,
          industry: '制造业',
          address,
          legalRepresentative: `法人${tag}${i + j}`,
        })),
      )
      .returning({ id: organizations.id });
    supplierIds.push(...rows.map((r) => r.id));
  }
  const unit = await createOrg(db, 'purchasing_unit');
  const centerOrg = await createOrg(db, 'procurement_center');
  // Opened bids 10 fen apart around ¥10,000,000: the whole lot lies within 0.01%, far inside the 0.2% rule.
  big = await insertHistoryTender(db, {
    unitId: unit.id,
    centerId: centerOrg.id,
    title: `${tag} 万家投标压测项目`,
    categoryCode: 'A02010103',
    budgetFen: 2_000_000_000,
    publishedAt: new Date(Date.now() - 40 * 86_400_000),
    deadline: new Date(Date.now() - 20 * 86_400_000),
    bids: supplierIds.map((supplierId, i) => ({
      supplierId,
      priceFen: 1_000_000_000 + i * 10,
      sizeClass: 'small' as const,
      submittedIp: '198.51.100.77',
      deviceId: `dev-${tag}`,
    })),
    winner: 0,
    awardedAt: new Date(Date.now() - 10 * 86_400_000),
  });

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: inject('databaseUrl'),
    REDIS_URL: inject('redisUrl') ?? '',
    QUEUE_PREFIX: prefix,
    // One deployment with the test contexts: the same DATA_DIR and the same audit signing key (a worker
    // with a key of its own would sign checkpoints nobody else can verify).
    DATA_DIR: ctx.config.DATA_DIR,
    AUDIT_SIGNING_KEY: ctx.config.AUDIT_SIGNING_KEY ?? '',
    RECONCILE_INTERVAL_SECONDS: '1',
    DATABASE_POOL_SIZE: '6',
    LOG_LEVEL: 'info',
  };
  worker = spawn(process.execPath, ['--max-old-space-size=512', '--import', 'tsx', 'workers/main.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  worker.stdout!.on('data', (d: Buffer) => workerLog.push(d.toString()));
  worker.stderr!.on('data', (d: Buffer) => workerLog.push(d.toString()));
  await waitFor('the worker to start', async () => workerLog.join('').includes('workers started'), 60_000);
}, 180_000);

afterAll(async () => {
  if (worker && worker.exitCode === null) {
    const exited = new Promise((r) => worker!.once('exit', r));
    worker.kill('SIGTERM');
    await exited;
  }
  await ctx?.close();
}, 60_000);

describe.skipIf(pglite)('risk scans over 10,000 near-identical bids, in a worker with a 512 MB heap', () => {
  it('every scan completes or records being cut short, a tender due meanwhile opens, and the worker lives', async () => {
    const db = ctx.database.db;
    // A tender with three sealed bids through the API, its opening due a moment after the scans start.
    const unitId = (await createOrg(db, 'purchasing_unit')).id;
    const created = await center.http.post('/api/tenders', {
      title: `${tag} 开标不受扫描影响`,
      methodCode: 'open',
      ...intentionExempt,
      purchaserOrgId: unitId,
      kind: 'goods',
      description: '风险扫描期间到期的开标',
      documents: '第一章 投标邀请……第二章 采购需求……',
      deadline: new Date(Date.now() + 21 * 86_400_000).toISOString(),
      smeExemptReason: '采购标的为标准化通用设备，由市场主流品牌生产，不宜专门面向中小企业',
      lots: [
        {
          name: '台式计算机',
          budgetFen: 300_000_000,
          items: [{ name: '台式计算机', quantity: 500, unit: '台', specs: 'i5' }],
          evaluationMethod: 'lowest_price',
          smeReserved: false,
          smeDeductionRate: '0.10',
          bidBondFen: 0,
        },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const published = await center.http.post(`/api/tenders/${created.json().id}/publish`);
    expect(published.statusCode, published.body).toBe(200);
    const t = published.json();
    for (const [i, size] of (['large', 'medium', 'small'] as const).entries()) {
      const org = await createOrg(db, 'supplier', {
        sizeClass: size,
        name: `${tag}开标投标人${i}有限公司`,
        legalRepresentative: `代表${tag}${i}`,
      });
      const user = await createUser(db, org.id, ['supplier']);
      const http = client(ctx.app, await login(ctx.app, user.username, TEST_PASSWORD));
      const bid = await http.send('PUT', `/api/tenders/${t.id}/bids`, {
        lotId: t.lots[0].id,
        priceFen: 280_000_000 + i * 1_000_000,
        brand: `品牌${i}`,
        technicalResponse: '完全响应',
        smeDeclared: size === 'small',
      });
      expect(bid.statusCode, bid.body).toBe(200);
    }

    // Scan requests: every rule twice, then two single rules again.
    const since = await dbNow(db);
    const started = performance.now();
    const answers = [];
    for (const body of [{}, {}, { rule: 'identical_bids' }, { rule: 'shared_address' }]) {
      const res = await regulator.http.post('/api/risk/scan', body);
      expect(res.statusCode, res.body).toBe(202);
      answers.push(res.json() as { queued: RiskRule[]; joined: RiskRule[] });
    }
    expect(answers.reduce((n, a) => n + a.queued.length, 0)).toBe(2 * riskRules.length + 2);
    // One pending run per rule: the repeated requests joined runs still queued behind the first.
    expect(answers[1]!.joined.length).toBeGreaterThan(0);

    // The opening falls due now, with the scans queued on one risk slot behind each other.
    await db
      .update(tenders)
      .set({ deadline: sql`clock_timestamp()` })
      .where(eq(tenders.id, t.id));
    await db
      .update(scheduledJobs)
      .set({ runAt: sql`clock_timestamp()` })
      .where(eq(scheduledJobs.id, `${tenderJobs.open.name}:${t.id}`));
    const due = performance.now();
    await ctx.jobs.reconcile();
    const opened = await waitFor(
      'the tender to open',
      async () => (await db.select().from(tenders).where(eq(tenders.id, t.id)))[0]?.openedAt,
      60_000,
    );
    expect(opened).toBeInstanceOf(Date);
    const openedAfterMs = Math.round(performance.now() - due);
    const [{ n: rulesDoneBeforeOpening } = { n: 0 }] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(riskRuleRuns)
      .where(sql`${riskRuleRuns.lastRunAt} > ${since}`);

    const runs = await waitFor(
      'every rule to finish',
      async () => {
        const rows = await db
          .select()
          .from(riskRuleRuns)
          .where(and(inArray(riskRuleRuns.rule, [...riskRules]), sql`${riskRuleRuns.lastRunAt} > ${since}`));
        return rows.length === riskRules.length ? rows : null;
      },
      300_000,
    );
    const wallMs = Math.round(performance.now() - started);
    for (const r of runs) expect(['completed', 'truncated', 'timed_out'], `${r.rule}: ${r.status} ${r.note ?? ''}`).toContain(r.status);
    expect(worker!.exitCode).toBeNull();
    expect(worker!.signalCode).toBeNull();
    const peak = peakRssMb(worker!.pid!);
    console.log(
      JSON.stringify({
        bids: N,
        scanRequests: 20,
        rulesDoneBeforeOpening,
        openedAfterMs,
        allScansWallMs: wallMs,
        workerPeakRssMb: Math.round(peak),
        runs: Object.fromEntries(
          runs.map((r) => [r.rule, { status: r.status, ms: r.durationMs, candidates: r.candidates, raised: r.raised }]),
        ),
      }),
    );

    // What the regulator sees: the big lot's one alert per rule, with bounded evidence.
    const [identical] = await db
      .select()
      .from(riskAlerts)
      .where(and(eq(riskAlerts.rule, 'identical_bids'), eq(riskAlerts.subjectId, big.tender.id)));
    expect(identical?.title).toContain(`${N} 家供应商报价高度接近`);
    expect((identical!.evidence as { pairs: unknown[] }).pairs).toHaveLength(20);
    const [device] = await db
      .select()
      .from(riskAlerts)
      .where(and(eq(riskAlerts.rule, 'shared_device'), eq(riskAlerts.subjectId, big.tender.id)));
    expect(device?.title).toContain(`等 ${N} 家`);
    const [address] = await db
      .select()
      .from(riskAlerts)
      .where(and(eq(riskAlerts.rule, 'shared_address'), eq(riskAlerts.subjectId, big.tender.id)));
    expect(address?.evidence).toMatchObject({
      groups: expect.arrayContaining([expect.objectContaining({ suppliers: N, value: '198.51.100.77' })]),
    });
  }, 420_000);

  it('a run out of time records timed_out, one with more findings than its budget truncated, and the rules list shows both', async () => {
    const db = ctx.database.db;
    // A second lot whose bidders share a device, so shared_device has at least two findings.
    const [a, b] = await Promise.all([createOrg(db, 'supplier'), createOrg(db, 'supplier')]);
    const unit = await createOrg(db, 'purchasing_unit');
    const centerOrg = await createOrg(db, 'procurement_center');
    await insertHistoryTender(db, {
      unitId: unit.id,
      centerId: centerOrg.id,
      title: `${tag} 同设备`,
      categoryCode: 'A02010103',
      budgetFen: 100_000_000,
      publishedAt: new Date(Date.now() - 40 * 86_400_000),
      deadline: new Date(Date.now() - 20 * 86_400_000),
      bids: [a, b].map((s, i) => ({
        supplierId: s.id,
        priceFen: 50_000_000 + i * 5_000_000,
        sizeClass: 'small' as const,
        deviceId: `dev2-${tag}`,
      })),
    });
    const tight = createRiskService({ db, jobs: ctx.jobs, budget: { timeoutMs: 1, maxAlerts: 1 } });
    const timedOut = await tight.runRule('identical_bids');
    expect(timedOut).toMatchObject({ status: 'timed_out', raised: 0 });
    const roomy = createRiskService({ db, jobs: ctx.jobs, budget: { timeoutMs: 60_000, maxAlerts: 1 } });
    const truncated = await roomy.runRule('shared_device');
    expect(truncated).toMatchObject({ status: 'truncated', candidates: 1 });
    expect(truncated.note).toContain('前 1 条');

    const list = await regulator.http.get('/api/risk/rules');
    expect(list.statusCode).toBe(200);
    const rules = list.json() as { rule: string; lastRunStatus: string; lastRunNote: string | null }[];
    expect(rules.find((r) => r.rule === 'identical_bids')).toMatchObject({
      lastRunStatus: 'timed_out',
      lastRunNote: expect.stringContaining('时间预算'),
    });
    expect(rules.find((r) => r.rule === 'shared_device')).toMatchObject({ lastRunStatus: 'truncated' });
  }, 120_000);
});
