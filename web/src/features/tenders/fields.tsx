import { Select, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import dayjs, { type Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ZodType } from 'zod';
import { formatBeijing, parseYuan, platformTimeZone } from '../../app/format.ts';
import { fieldPath, type FieldResolver } from '../../app/forms.ts';
import { usePublicQuotations } from '../quotations/api.ts';
import { useTenders } from './api.ts';

/**
 * The deadline is picked as Beijing wall-clock time whatever the browser's zone: the picker holds a
 * local time with the same digits, read back as Asia/Shanghai when sent.
 */
export const beijingPickerValue = (iso: string) => dayjs(formatBeijing(iso, 'YYYY-MM-DDTHH:mm'));
export const pickedAsBeijing = (value: Dayjs) => dayjs.tz(value.format('YYYY-MM-DDTHH:mm:00'), platformTimeZone);

/** A yuan amount typed as text, checked as the API checks the fen it becomes; empty is 0 where allowed. */
export function moneyRule(schema: ZodType, label: string, t: TFunction, options: { optional?: boolean } = {}): Rule {
  return {
    validator: async (_rule, value: unknown) => {
      const text = typeof value === 'string' ? value.trim() : '';
      if (!text) {
        if (options.optional) return;
        throw new Error(t('form.required', { field: label }));
      }
      const fen = parseYuan(text);
      if (fen === null) throw new Error(t('tender.form.yuanInvalid'));
      if (!schema.safeParse(fen).success) throw new Error(t('tender.form.yuanRange', { field: label }));
    },
  };
}

/** A percentage typed in an InputNumber (0.01–100). */
export function percentRule(label: string, t: TFunction): Rule {
  return {
    validator: async (_rule, value: unknown) => {
      if (value === undefined || value === null || value === '') throw new Error(t('form.required', { field: label }));
      const n = Number(value);
      if (!Number.isFinite(n) || n <= 0 || n > 100) throw new Error(t('tender.form.percentRange', { field: label }));
    },
  };
}

/** API fields typed otherwise in the form: money in yuan, the green deduction in percent. */
const moneyNames: Record<string, string> = { budgetFen: 'budget', bidBondFen: 'bidBond', greenDeductionRate: 'greenDeduction' };

/**
 * Server fields → form names: `lots[0].priceWeight` → ['lots', 0, 'priceWeight'], money typed in yuan
 * (`lots[1].bidBondFen` → ['lots', 1, 'bidBond']), a criterion's generated key onto its name, and the
 * SME reservation (`lots`) onto the reason for not reserving.
 */
export const tenderResolver: FieldResolver = (field) => {
  const parts = fieldPath(field);
  // The one rule the server names the whole list for is the SME reservation: its fix is the reason.
  if (parts[0] === 'lots' && parts.length === 1) return 'smeExemptReason';
  if (parts[0] !== 'lots') return undefined;
  return parts.map((p, i) => {
    if (i === 0) return p;
    if (/^\d+$/.test(p)) return Number(p);
    if (p === 'key' && parts[i - 2] === 'criteria') return 'name';
    return moneyNames[p] ?? p;
  });
};

/** The bid form of a supplier: `priceFen` is typed in yuan as `price`. */
export const bidResolver: FieldResolver = (field) => (fieldPath(field)[0] === 'priceFen' ? 'price' : undefined);

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface UnitOption {
  value: string;
  label: string;
  hint: string;
}

/**
 * 采购人: a purchasing unit, as a form control whose value is the unit's id. The API lists purchasing
 * units to administrators only, so the options are the units met in this center's tenders and in the
 * public online quotations; a unit not among them is chosen by pasting its id (its 单位编号).
 */
export function PurchaserUnitPicker({
  value,
  onChange,
  id,
}: {
  value?: string;
  onChange?: (value: string | undefined) => void;
  id?: string;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const tenders = useTenders({ page: 1, pageSize: 100 });
  const quotations = usePublicQuotations({ page: 1, pageSize: 100 });
  const options = useMemo(() => {
    const seen = new Map<string, UnitOption>();
    for (const x of [...(tenders.data?.items ?? []), ...(quotations.data?.items ?? [])]) {
      if (!seen.has(x.purchaserOrgId))
        seen.set(x.purchaserOrgId, { value: x.purchaserOrgId, label: x.purchaserName, hint: x.purchaserOrgId });
    }
    const typed = search.trim();
    if (uuidPattern.test(typed) && !seen.has(typed.toLowerCase())) {
      seen.set(typed.toLowerCase(), {
        value: typed.toLowerCase(),
        label: t('tender.form.unitById', { id: typed.toLowerCase() }),
        hint: t('tender.form.unitByIdHint'),
      });
    }
    if (value && !seen.has(value))
      seen.set(value, { value, label: t('tender.form.unitById', { id: value }), hint: t('tender.form.unitByIdHint') });
    return [...seen.values()];
  }, [tenders.data, quotations.data, search, value, t]);

  return (
    <Select
      id={id}
      value={value}
      allowClear
      placeholder={t('tender.form.purchaserPlaceholder')}
      loading={tenders.isPending || quotations.isPending}
      showSearch={{
        onSearch: setSearch,
        filterOption: (input, option) => {
          const o = option as UnitOption | undefined;
          const needle = input.trim().toLowerCase();
          return !!o && (o.label.toLowerCase().includes(needle) || o.value.toLowerCase().includes(needle));
        },
      }}
      notFoundContent={t('tender.form.purchaserNone')}
      options={options}
      optionRender={(option) => {
        const o = option.data as UnitOption;
        return (
          <div style={{ whiteSpace: 'normal' }}>
            <div>{o.label}</div>
            <Typography.Text type="secondary" className="hash" style={{ fontSize: 12 }}>
              {o.hint}
            </Typography.Text>
          </div>
        );
      }}
      onChange={(next: string | undefined) => {
        setSearch('');
        onChange?.(next);
      }}
      data-testid="purchaser-picker"
    />
  );
}
