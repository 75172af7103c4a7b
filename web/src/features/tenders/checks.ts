import { useQuery } from '@tanstack/react-query';
import type { FormInstance } from 'antd';
import type { NamePath } from 'antd/es/form/interface';
import type { Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useCallback, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { quietApi } from '../../app/api.ts';
import { instanceKey } from '../../app/components/SandboxBanner.tsx';
import { parseYuan } from '../../app/format.ts';
import { intentionBody } from '../plans/IntentionFields.tsx';
import { pickedAsBeijing, tenderResolver } from './fields.tsx';
import type { LotValues } from './LotFields.tsx';
import {
  checkedTenderInput,
  fieldOfPath,
  methodOf,
  rateOfPercent,
  tenderPolicy,
  type TenderCheckContext,
  type TenderInput,
  type TenderKind,
  type TenderRule,
} from './schema.ts';

/** The tender form's values as typed (money in yuan, rates in percent, the deadline a Beijing picker value). */
export interface TenderValues {
  title: string;
  methodCode: string;
  purchaserOrgId?: string;
  kind: TenderKind;
  categoryCode?: string;
  description?: string;
  documents: string;
  greenPreference?: string;
  deadline: Dayjs | null;
  invitedSupplierIds?: (string | undefined)[];
  smeExemptReason?: string;
  lots: LotValues[];
  intentionId?: string;
  intentionExemption?: string;
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** The request the form sends, read defensively: a field not filled in yet becomes what the API would refuse, never a crash. */
export function toBody(v: Partial<TenderValues>): TenderInput {
  const reason = text(v.smeExemptReason);
  const kind = v.kind ?? 'goods';
  return {
    title: text(v.title),
    methodCode: v.methodCode ?? '',
    purchaserOrgId: v.purchaserOrgId ?? '',
    kind,
    ...(v.categoryCode ? { categoryCode: v.categoryCode } : {}),
    description: text(v.description),
    documents: text(v.documents),
    greenPreference: text(v.greenPreference),
    deadline: v.deadline ? pickedAsBeijing(v.deadline).toISOString() : '',
    invitedSupplierIds: methodOf(v.methodCode)?.invitationOnly ? (v.invitedSupplierIds ?? []).filter((x): x is string => !!x) : [],
    ...(reason ? { smeExemptReason: reason } : {}),
    ...intentionBody(v),
    lots: (v.lots ?? []).filter(Boolean).map((l) => {
      const comprehensive = l.evaluationMethod === 'comprehensive';
      return {
        name: text(l.name),
        ...(l.categoryCode ? { categoryCode: l.categoryCode } : {}),
        budgetFen: parseYuan(l.budget) ?? 0,
        items: (l.items ?? [])
          .filter(Boolean)
          .map((i) => ({ name: text(i.name), quantity: i.quantity ?? 0, unit: text(i.unit), specs: text(i.specs) })),
        evaluationMethod: l.evaluationMethod,
        ...(comprehensive && l.priceWeight !== null && l.priceWeight !== undefined ? { priceWeight: rateOfPercent(l.priceWeight) } : {}),
        criteria: comprehensive
          ? (l.criteria ?? [])
              .filter(Boolean)
              .map((c, j) => ({ key: `c${j + 1}`, name: text(c.name), weight: rateOfPercent(c.weight ?? 0) }))
          : [],
        smeReserved: !!l.smeReserved,
        smallMicroOnly: !!l.smeReserved && !!l.smallMicroOnly,
        smeDeductionRate: l.smeDeductionRate,
        ...(!l.smeReserved && kind !== 'works' && l.consortiumDeductionRate ? { consortiumDeductionRate: l.consortiumDeductionRate } : {}),
        // An amount that is not one yet: left to the field's own check, not judged against the budget.
        bidBondFen: text(l.bidBond) ? (parseYuan(l.bidBond) ?? -1) : 0,
        ...(l.greenOn && comprehensive && l.greenBonusPoints
          ? { greenBonusPoints: String(Math.round(l.greenBonusPoints * 100) / 100) }
          : {}),
        ...(l.greenOn && !comprehensive && l.greenDeduction ? { greenDeductionRate: rateOfPercent(l.greenDeduction) } : {}),
      };
    }),
  };
}

const DAY = 86_400_000;

/**
 * What the form judges the rules by: the method as the server seeds it, the policy values in force as
 * seeded (contracts/tenders.policy.ts), the notice period from now at this instance's pace (a sandbox runs
 * it faster). The server judges again with its table's rows and its clock when saving and publishing.
 */
export function formContext(
  methodCode: string | undefined,
  kind: TenderKind,
  accelerator: number | null,
  now = Date.now(),
): TenderCheckContext {
  const method = methodOf(methodCode) ?? null;
  const span = method ? method.minNoticeDays * DAY : 0;
  const [min, max] = tenderPolicy.deduction[kind];
  const [cmin, cmax] = tenderPolicy.consortiumDeduction;
  return {
    method,
    earliestDeadline: new Date(now + (accelerator ? Math.ceil(span / accelerator) : span)),
    deduction: { value: { min, max } },
    consortiumDeduction: { value: { min: cmin, max: cmax } },
    bidBondMaxRatio: { value: tenderPolicy.bidBondMaxRatio },
    reserveWholeLimitFen: { value: tenderPolicy.reserveWholeLimitFen[kind] },
    reserveShareMin: { value: tenderPolicy.reserveShareMin },
    reserveSmallMicroShareMin: { value: tenderPolicy.reserveSmallMicroShareMin },
  };
}

export interface RuleProblem {
  /** The form field it goes on. */
  name: NamePath;
  rule: TenderRule;
  values: Record<string, string | number>;
}

/** An API field (`lots[0].bidBondFen`) → the form's name for it (['lots', 0, 'bidBond']). */
const formNameOf = (path: readonly PropertyKey[]): NamePath => {
  const field = fieldOfPath(path);
  return tenderResolver(field) ?? field;
};
const sameName = (a: NamePath, b: NamePath) => JSON.stringify([a].flat()) === JSON.stringify([b].flat());

/**
 * Every rule problem of these values, by the zod schema the API checks a new tender with
 * (contracts/tender-checks.ts): the shape's own problems are the fields' rules; these are the rules between them.
 */
export function ruleProblems(values: Partial<TenderValues>, accelerator: number | null): RuleProblem[] {
  const kind = values.kind ?? 'goods';
  const parsed = checkedTenderInput(formContext(values.methodCode, kind, accelerator)).safeParse(toBody(values));
  if (parsed.success) return [];
  return parsed.error.issues.flatMap((issue) => {
    const params = (issue as { params?: { rule?: TenderRule } & Record<string, string | number> }).params;
    if (issue.code !== 'custom' || !params?.rule) return [];
    const { rule, ...rest } = params;
    return [{ name: formNameOf(issue.path), rule, values: rest }];
  });
}

/** A rule problem in the page's language. */
export const ruleMessage = (p: Pick<RuleProblem, 'rule' | 'values'>, t: TFunction) =>
  // Each rule's own figures (values) fill its message; the keys are typed, the figures per rule are not.
  (t as unknown as (key: `tender.check.${TenderRule}`, values: Record<string, string | number>) => string)(
    `tender.check.${p.rule}`,
    p.values,
  );

/** The sandbox accelerator of this instance (null on the real platform), as the banner reads it. */
export function useAccelerator(): number | null {
  const instance = useQuery({
    queryKey: instanceKey,
    queryFn: ({ signal }) => quietApi.get('/api/public/instance', { signal }),
    staleTime: Infinity,
  });
  return instance.data?.sandbox?.accelerator ?? null;
}

/**
 * The rules of the whole tender as antd rules, one per field: each field shows the problems the shared schema
 * finds on it, judged on the form's values at the moment of checking, so one save shows every problem.
 * `recheck` re-judges the fields showing a rule problem after any change, so a fixed problem clears at once
 * and a field never keeps a stale one (e.g. the SME reason once the lots are reserved).
 */
export function useTenderRules(form: FormInstance<TenderValues>) {
  const { t } = useTranslation();
  const accelerator = useAccelerator();
  const watched = useRef(new Map<string, NamePath>());
  const ruleFor = useCallback(
    (name: NamePath): { validator: () => Promise<void> } => {
      watched.current.set(JSON.stringify([name].flat()), name);
      return {
        validator: async () => {
          const mine = ruleProblems(form.getFieldsValue(true) as Partial<TenderValues>, accelerator).filter((p) => sameName(p.name, name));
          if (mine.length) throw new Error(mine.map((p) => ruleMessage(p, t)).join('；'));
        },
      };
    },
    [form, accelerator, t],
  );
  const recheck = useCallback(() => {
    const showing = form
      .getFieldsError()
      .filter((f) => f.errors.length > 0 && watched.current.has(JSON.stringify(f.name)))
      .map((f) => f.name);
    if (showing.length) void form.validateFields(showing).catch(() => undefined);
  }, [form]);
  return useMemo(() => ({ ruleFor, recheck, accelerator }), [ruleFor, recheck, accelerator]);
}
