import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { policyValues } from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDate } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { ConflictError, ForbiddenError, RuleViolationError } from '../../platform/errors.ts';
import { CENTRAL_REGION, regionName } from '../../platform/jurisdiction.ts';
import { policyValue } from '../../platform/policy.ts';

const fen = z.number().int().positive();
const days = z.number().int().min(1).max(60);
const rate = z.string().regex(/^0\.\d{1,4}$/, '比例应为 0 到 1 之间的小数，如 0.10');
const range = z.object({ min: rate, max: rate }).refine((r) => Number(r.min) <= Number(r.max), { message: '下限不得高于上限' });

/**
 * The values a province or city may set for its area (#19): ordering bands, the quotation threshold and
 * window, allocation-standard ratio, and the SME deduction rates within the national range.
 */
export const regionalPolicies = {
  'ordering.directOrderLimitFen': fen,
  'ordering.decentralizedLimitFen': fen,
  'quotation.minDeadlineDays': days,
  'quotation.minQuotes': z.number().int().min(2).max(10),
  'sme.deduction.goodsServices': range,
  'sme.deduction.works': range,
} as const satisfies Record<string, z.ZodType>;
export type RegionalPolicyKey = keyof typeof regionalPolicies;
export const regionalPolicyKeys = Object.keys(regionalPolicies) as [RegionalPolicyKey, ...RegionalPolicyKey[]];

/** The level a caller sets values at: '' (national) for the central level, else its own region. */
const ownLevel = (auth: AuthContext) => (auth.regionCode === CENTRAL_REGION || auth.orgKind === 'platform' ? '' : auth.regionCode);

export function createPolicyValuesService(deps: { db: Db }) {
  const { db } = deps;

  /** Each regional value as it applies in the caller's region today: the value, its document, the level that set it. */
  async function effective(auth: AuthContext) {
    const at = await dbNow(db);
    const level = ownLevel(auth);
    const items = await Promise.all(
      regionalPolicyKeys.map(async (key) => {
        const v = await policyValue(db, key, z.unknown(), { regionCode: level || undefined, at });
        const own = await db
          .select({ value: sql<unknown>`${policyValues.value}`, effectiveFrom: policyValues.effectiveFrom, basis: policyValues.basis })
          .from(policyValues)
          .where(and(eq(policyValues.key, key), eq(policyValues.regionCode, level)))
          .orderBy(asc(policyValues.effectiveFrom));
        return {
          key,
          value: v.value,
          basis: v.basis,
          regionCode: v.regionCode,
          setBy: v.setBy,
          effectiveFrom: v.effectiveFrom,
          ownRows: own,
        };
      }),
    );
    return { regionCode: level, regionName: await regionName(db, level), editable: auth.roles.includes('regulator'), items };
  }

  /** A regulator sets a value for its own level from a date (today or later); deduction rates stay within the national range. */
  async function set(
    auth: AuthContext,
    body: { key: RegionalPolicyKey; value: unknown; effectiveFrom: string; basis: string; regionCode?: string | undefined },
  ) {
    const level = ownLevel(auth);
    if (body.regionCode !== undefined && body.regionCode !== level && !(body.regionCode === CENTRAL_REGION && level === ''))
      throw new ForbiddenError('只能设置本级的政策取值 (only your own level)');
    const parsed = regionalPolicies[body.key].safeParse(body.value);
    if (!parsed.success)
      throw new RuleViolationError('invalid value', {
        fields: [{ field: 'value', message: parsed.error.issues[0]?.message ?? '取值无效', in: 'body' }],
      });
    const today = shanghaiDate(await dbNow(db));
    if (body.effectiveFrom < today)
      throw new RuleViolationError('effective date in the past', {
        fields: [{ field: 'effectiveFrom', message: '生效日期不得早于今天', in: 'body' }],
      });
    if (level !== '' && body.key.startsWith('sme.deduction.')) {
      const national = await policyValue(db, body.key, z.object({ min: z.string(), max: z.string() }), {
        at: new Date(`${body.effectiveFrom}T04:00:00Z`),
      });
      const v = parsed.data as { min: string; max: string };
      if (Number(v.min) < Number(national.value.min) || Number(v.max) > Number(national.value.max))
        throw new RuleViolationError('outside the national range', {
          fields: [
            {
              field: 'value',
              message: `应在全国规定的 ${national.value.min}–${national.value.max} 范围内（${national.basis}）`,
              in: 'body',
            },
          ],
        });
    }
    return inTransaction(db, async (tx) => {
      const [row] = await tx
        .insert(policyValues)
        .values({
          key: body.key,
          regionCode: level,
          value: sql`${JSON.stringify(parsed.data)}::jsonb`,
          effectiveFrom: body.effectiveFrom,
          basis: body.basis,
        })
        .onConflictDoNothing()
        .returning({ id: policyValues.id });
      if (!row)
        throw new ConflictError('value exists', { fields: [{ field: 'effectiveFrom', message: '本级该日期已有取值', in: 'body' }] });
      await appendAudit(tx, {
        actor: { userId: auth.userId, orgId: auth.orgId },
        action: 'policy.value.set',
        entityType: 'policy_value',
        entityId: row.id,
        data: { key: body.key, regionCode: level, value: parsed.data, effectiveFrom: body.effectiveFrom, basis: body.basis },
      });
      return { id: row.id, key: body.key, regionCode: level, value: parsed.data, effectiveFrom: body.effectiveFrom, basis: body.basis };
    });
  }

  return { effective, set };
}
export type PolicyValuesService = ReturnType<typeof createPolicyValuesService>;
