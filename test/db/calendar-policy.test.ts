import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { policyValues } from '../../server/db/schema/index.ts';
import { shanghaiDate, workdayDeadline } from '../../server/platform/calendar.ts';
import { policyValue, regionChain } from '../../server/platform/policy.ts';
import { createTestContext, type TestContext } from '../helpers/context.ts';

describe('calendar and policy values in the database', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  it('uses the seeded 2026 holiday calendar', async () => {
    const deadline = await workdayDeadline(ctx.database.db, new Date('2026-09-30T03:00:00Z'), 7);
    expect(shanghaiDate(deadline)).toBe('2026-10-15');
  });

  it('answers the value in force with its basis, preferring the region over the national default', async () => {
    const rate = z.object({ min: z.string(), max: z.string() });
    const before = await policyValue(ctx.database.db, 'sme.deduction.goodsServices', rate, { at: new Date('2021-05-01T00:00:00Z') });
    expect(before.value).toEqual({ min: '0.06', max: '0.10' });
    const after = await policyValue(ctx.database.db, 'sme.deduction.goodsServices', rate, { at: new Date('2026-11-30T00:00:00Z') });
    expect(after.value).toEqual({ min: '0.10', max: '0.20' });
    expect(after.basis).toContain('财库〔2022〕19号');

    await ctx.database.db
      .insert(policyValues)
      .values({
        key: 'ordering.directOrderLimitFen',
        regionCode: '440000',
        value: 10_000_000,
        effectiveFrom: '2025-01-01',
        basis: '广东省电子卖场管理办法',
      })
      .onConflictDoNothing();
    expect(await regionChain(ctx.database.db, '440305')).toEqual(['440305', '440300', '440000', '']);
    const shenzhen = await policyValue(ctx.database.db, 'ordering.directOrderLimitFen', z.number().int(), { regionCode: '440300' });
    expect(shenzhen).toMatchObject({ value: 10_000_000, regionCode: '440000', setBy: '广东省' });
    const beijing = await policyValue(ctx.database.db, 'ordering.directOrderLimitFen', z.number().int(), { regionCode: '110108' });
    expect(beijing).toMatchObject({ value: 5_000_000, regionCode: '' });
  });
});
