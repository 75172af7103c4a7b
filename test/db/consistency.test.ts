import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { recordReleases } from '../../server/modules/ocds/ocds.store.ts';
import type { Tx } from '../../server/db/client.ts';
import {
  assets,
  auctionLots,
  budgetLines,
  checkouts,
  lotEvaluations,
  orderLines,
  orders,
  tenderLots,
  tenders,
} from '../../server/db/schema/index.ts';
import { checkConsistency, type ConsistencyReport } from '../../server/platform/consistency.ts';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { createOrg } from '../helpers/factories.ts';

const run = promisify(execFile);
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});

class Rollback extends Error {}

/**
 * Plants breaks in a transaction that is rolled back (no other test file ever sees them) and checks the
 * database from inside it. Planting means writing rows beside the services: exactly what the check is for.
 */
async function planted(plant: (tx: Tx) => Promise<void>): Promise<ConsistencyReport> {
  let report: ConsistencyReport | undefined;
  await ctx.database.db
    .transaction(async (tx) => {
      await plant(tx);
      report = await checkConsistency(tx, { limit: 100_000 });
      throw new Rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
    });
  return report!;
}

const refsOf = (report: ConsistencyReport, name: string) => report.checks.find((c) => c.name === name)!.examples;
const tag = () => randomBytes(4).toString('hex').toUpperCase();

describe('npm run check:consistency', () => {
  it('names each planted break under its check, with the record a person would look up', async () => {
    const unit = await createOrg(ctx.database.db, 'purchasing_unit');
    const supplier = await createOrg(ctx.database.db, 'supplier');
    const center = await createOrg(ctx.database.db, 'procurement_center');
    const t = tag();
    const report = await planted(async (tx) => {
      // A budget line that says it holds money no movement ever reserved.
      const [line] = await tx
        .insert(budgetLines)
        .values({
          organizationId: unit.id,
          code: `CC-${t}`,
          name: '一致性检查',
          fiscalYear: 2026,
          fundSource: '一般公共预算',
          amountFen: 1_000_000,
          reservedFen: 250_000,
        })
        .returning();
      // An order whose total is not its lines, placed with no audit entry.
      const [checkout] = await tx
        .insert(checkouts)
        .values({ organizationId: unit.id, idempotencyKey: `cc-${t}`, orderIds: [] })
        .returning();
      const [order] = await tx
        .insert(orders)
        .values({
          orderNo: `DDCC${t}`,
          checkoutId: checkout!.id,
          purchaserOrgId: unit.id,
          supplierId: supplier.id,
          budgetLineId: line!.id,
          status: 'confirmed',
          totalFen: 120_000,
          deliveryAddress: '北京市',
          contactName: '李',
          contactPhone: '13800000000',
          findings: [],
          needsApproval: false,
          approvalReasons: [],
        })
        .returning();
      await tx.insert(orderLines).values({
        orderId: order!.id,
        categoryCode: 'A02010104',
        title: '台式计算机',
        brand: 'x',
        model: 'y',
        specs: {},
        unitPriceFen: 50_000,
        quantity: 2,
        lineTotalFen: 100_000,
        overStandard: false,
        certificates: [],
      });
      // An order published as placed, then cancelled beside the service: its cancellation never published.
      const [published] = await tx
        .insert(orders)
        .values({ ...order!, id: undefined, orderNo: `DDPB${t}`, status: 'placed', checkoutId: checkout!.id })
        .returning();
      await tx.insert(orderLines).values({
        orderId: published!.id,
        categoryCode: 'A02010104',
        title: '台式计算机',
        brand: 'x',
        model: 'y',
        specs: {},
        unitPriceFen: 60_000,
        quantity: 2,
        lineTotalFen: 120_000,
        overStandard: false,
        certificates: [],
      });
      await recordReleases(tx, 'order', published!.id);
      await tx.update(orders).set({ status: 'cancelled', cancelReason: '一致性检查' }).where(eq(orders.id, published!.id));
      // A tender awarded with no bids, no committee and a report missing its method.
      const [tender] = await tx
        .insert(tenders)
        .values({
          tenderNo: `ZBCC${t}`,
          title: '一致性检查项目',
          methodCode: 'open',
          purchaserOrgId: unit.id,
          centerOrgId: center.id,
          kind: 'goods',
          description: '—',
          documents: '—',
          status: 'awarded',
          deadline: new Date('2026-01-01T00:00:00Z'),
          sealPublicKey: 'x',
          sealPrivateKeyWrapped: 'x',
        })
        .returning();
      const [lot] = await tx
        .insert(tenderLots)
        .values({
          tenderId: tender!.id,
          lotNo: 1,
          name: '第一包',
          budgetFen: 1_000_000,
          items: [],
          evaluationMethod: 'lowest_price',
          smeReserved: false,
          smeDeductionRate: '0.10',
          status: 'awarded',
        })
        .returning();
      await tx.insert(lotEvaluations).values({ lotId: lot!.id, tenderId: tender!.id, report: { ranking: [] } });
      // An auction lot sold with no bid, its asset registered beside the warehouse.
      const [asset] = await tx
        .insert(assets)
        .values({
          assetNo: `ZC${t}`,
          ownerOrgId: unit.id,
          categoryCode: 'A02010104',
          name: '旧计算机',
          description: '—',
          quantity: 1,
          originalValueFen: 500_000,
          netValueFen: 10_000,
          acquiredOn: '2018-01-01',
          condition: 'fair',
          location: '北京市',
          status: 'sold',
        })
        .returning();
      await tx.insert(auctionLots).values({
        lotNo: `PMCC${t}`,
        assetId: asset!.id,
        title: '旧计算机',
        description: '—',
        viewingInfo: '—',
        appraisalFen: 10_000,
        startPriceFen: 10_000,
        reservePriceFen: 10_000,
        incrementFen: 100,
        depositFen: 1_000,
        startsAt: new Date('2026-01-01T00:00:00Z'),
        endsAt: new Date('2026-01-02T00:00:00Z'),
        originalEndsAt: new Date('2026-01-02T00:00:00Z'),
        extensionWindowMinutes: 5,
        extensionMinutes: 5,
        status: 'paid',
        currentPriceFen: 12_000,
        bidCount: 3,
      });
    });
    expect(report.ok).toBe(false);
    expect(refsOf(report, 'budget.movements')).toContainEqual({
      ref: `2026 CC-${t}`,
      detail: expect.stringContaining('冻结 250000 分（变动合计 0）'),
    });
    expect(refsOf(report, 'order.total')).toContainEqual({
      ref: `DDCC${t}`,
      detail: expect.stringContaining('订单金额 120000 分，各行合计 100000 分'),
    });
    expect(refsOf(report, 'audit.state-changes')).toContainEqual({ ref: `DDCC${t}`, detail: '没有下单的审计记录' });
    expect(refsOf(report, 'tender.lot-outcome')).toContainEqual({
      ref: `ZBCC${t} 第1包`,
      detail: expect.stringContaining('有效投标 0 家，少于 3'),
    });
    expect(refsOf(report, 'tender.lot-outcome')).toContainEqual({ ref: `ZBCC${t} 第1包`, detail: '状态为已定标，但没有定标记录' });
    expect(refsOf(report, 'tender.award-committee')).toContainEqual({ ref: `ZBCC${t} 第1包`, detail: '没有抽取评标委员会' });
    expect(refsOf(report, 'tender.report-builds')).toContainEqual({ ref: `ZBCC${t} 第1包`, detail: expect.stringContaining('method') });
    expect(refsOf(report, 'audit.state-changes')).toContainEqual({ ref: `ZBCC${t}`, detail: expect.stringContaining('tender.publish') });
    expect(refsOf(report, 'auction.sold-lot')).toContainEqual({ ref: `PMCC${t}`, detail: '成交但没有任何出价记录' });
    expect(refsOf(report, 'auction.sold-lot')).toContainEqual({ ref: `PMCC${t}`, detail: '状态为已付款，但没有付款时间' });
    expect(refsOf(report, 'audit.state-changes')).toContainEqual({ ref: `PMCC${t}`, detail: expect.stringContaining('auction.payment') });
    // Written beside the services, none of them was published as open data.
    for (const ref of [`ZBCC${t}`, `PMCC${t}`, `DDCC${t}`])
      expect(refsOf(report, 'ocds.releases')).toContainEqual({ ref, detail: '没有任何开放数据发布' });
    // Changed beside the service: its cancellation was never published.
    expect(refsOf(report, 'ocds.releases-recorded')).toContainEqual({
      ref: expect.stringContaining(`DDPB${t}`),
      detail: expect.stringContaining('cancelled'),
    });

    // Rolled back: none of it is left for the rest of the suite.
    const after = await checkConsistency(ctx.database.db, { limit: 100_000 });
    for (const c of after.checks) for (const e of c.examples) expect(e.ref).not.toContain(t);
  });

  it('runs as a command: lists every check, names the broken ones and exits non-zero, or exits 0', async () => {
    const result = await run('npx', ['tsx', 'scripts/check-consistency.ts', '--json', '--limit', '1'], {
      env: { ...process.env, DATABASE_URL: inject('databaseUrl'), LOG_LEVEL: 'silent' },
    }).then(
      (r) => ({ code: 0, stdout: r.stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );
    const report = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as ConsistencyReport;
    expect(report.checks.map((c) => c.name)).toEqual([
      'tender.lot-outcome',
      'tender.award-committee',
      'auction.sold-lot',
      'order.total',
      'budget.movements',
      'audit.state-changes',
      'ocds.releases',
      'tender.report-builds',
      'ocds.releases-recorded',
    ]);
    expect(result.code).toBe(report.ok ? 0 : 1);
    const bad = await run('npx', ['tsx', 'scripts/check-consistency.ts', '--limit', 'x'], {
      env: { ...process.env, DATABASE_URL: inject('databaseUrl'), LOG_LEVEL: 'silent' },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringContaining('--limit') });
  });
});
