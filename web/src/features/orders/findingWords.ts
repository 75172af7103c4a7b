import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { findingBasisDocs, findingPolicies, findingTextKey, type FindingParams, type FindingPolicy } from '@contracts/orders.findings.ts';
import { formatMoney } from '../../app/format.ts';
import { useRegionLabel } from '../../app/regions.ts';
import { useCategoryIndex } from '../catalogue/parts.tsx';
import type zhCN from '../../app/i18n/zh-CN.ts';
import type { Finding, Order } from './api.ts';

type TextKey = Exclude<keyof (typeof zhCN)['orders']['findingText'], 'by' | 'national' | 'until' | 'inRegion'>;
type BasisKey = Exclude<
  keyof (typeof zhCN)['orders']['findingBasis'],
  'setBy' | 'separator' | 'policyNational' | 'policyRegional' | 'policies'
>;

type Worded = Pick<Finding, 'code' | 'message' | 'basis'> & { params?: FindingParams | undefined };

/**
 * A policy finding in the page's language: worded from its code and params (amounts in fen by the money
 * formatter, the 品目 by its name in this language, a rule's level), the server's (Chinese) message and
 * basis for a code this storefront does not know or a finding recorded without params.
 */
export function useFindingWords() {
  const { t } = useTranslation();
  const { name: categoryName } = useCategoryIndex();
  const regionLabel = useRegionLabel();
  /** The level that set a policy-table rule: 全国 / national for the national value, else the region's name. */
  const setByName = useCallback(
    (p: FindingParams): string => {
      if (typeof p.setBy !== 'string' || !p.setBy) return '';
      if (p.ruleRegion === '') return t('orders.findingText.national');
      return typeof p.ruleRegion === 'string' ? regionLabel(p.ruleRegion, p.setBy, { central: false }) : p.setBy;
    },
    [t, regionLabel],
  );

  const text = useCallback(
    (f: Worded): string => {
      const key = f.params ? findingTextKey(f) : null;
      if (!key || !f.params) return f.message;
      const p = f.params;
      const values: Record<string, string | number> = {};
      for (const [k, v] of Object.entries(p)) {
        values[k] = v;
        // amountFen → amount, "¥1,234.00"
        if (k.endsWith('Fen') && typeof v === 'number') values[k.slice(0, -3)] = formatMoney(v);
      }
      if (typeof p.categoryCode === 'string') {
        const named = categoryName(p.categoryCode);
        if (named !== p.categoryCode || !p.category) values.category = named;
      }
      const setBy = setByName(p);
      values.by = setBy ? t('orders.findingText.by', { region: setBy }) : '';
      if (typeof p.listType === 'string') values.list = t(`credit.listType.${p.listType}`, { defaultValue: p.listType });
      if ('endsOn' in p) values.until = p.endsOn || t('orders.findingText.until');
      if ('regionCode' in p)
        values.region =
          typeof p.regionCode === 'string' && p.regionCode
            ? // The server's Chinese wording names the code; English names the region where the catalogue has it.
              t('orders.findingText.inRegion', { region: regionLabel(p.regionCode, p.regionCode, { central: false }) })
            : '';
      return t(`orders.findingText.${key as TextKey}`, { ...values, defaultValue: f.message });
    },
    [t, categoryName, setByName, regionLabel],
  );

  /**
   * A policy-table value cited: in zh-CN as the table states it; in English by the value's name and level,
   * with a region's own document (a proper name) as it is titled.
   */
  const ruleText = useCallback(
    (p: FindingParams, rule: string): string => {
      const region = setByName(p);
      if (!region) return rule;
      const policy =
        typeof p.policy === 'string' && (findingPolicies as readonly string[]).includes(p.policy) ? (p.policy as FindingPolicy) : null;
      if (!policy) return t('orders.findingBasis.setBy', { region, rule });
      const name = t(`orders.findingBasis.policies.${policy}`);
      return t(p.ruleRegion === '' ? 'orders.findingBasis.policyNational' : 'orders.findingBasis.policyRegional', { region, rule, name });
    },
    [t, setByName],
  );

  const basis = useCallback(
    (f: Worded): string => {
      const p = f.params;
      if (!p || !findingTextKey(f)) return f.basis;
      const parts: string[] = [];
      if (typeof p.doc === 'string' && (findingBasisDocs as readonly string[]).includes(p.doc))
        parts.push(t(`orders.findingBasis.${p.doc as BasisKey}`));
      if (typeof p.rule === 'string' && p.rule) parts.push(ruleText(p, p.rule));
      return parts.length ? parts.join(t('orders.findingBasis.separator')) : f.basis;
    },
    [t, ruleText],
  );

  /**
   * Why an order waits for approval, in this language: its approval findings when they account for every
   * recorded reason (orders recorded before the threshold was a finding keep their words as recorded).
   */
  const approvalReasons = useCallback(
    (order: Pick<Order, 'approvalReasons' | 'findings'>): string[] => {
      const worded = order.findings.filter((f) => f.level === 'approval');
      return worded.length === order.approvalReasons.length ? worded.map(text) : order.approvalReasons;
    },
    [text],
  );

  return { text, basis, approvalReasons };
}
