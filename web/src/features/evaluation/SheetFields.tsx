import { Flex, Form, Input, Typography } from 'antd';
import type { FormInstance } from 'antd';
import type { Rule } from 'antd/es/form';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { fieldPath, type FieldResolver } from '../../app/forms.ts';
import type { SheetBid, SheetLot } from './api.ts';
import { centi, criterionPoints, criterionScore, maxPoints, pointsText, reasonRequired } from './schema.ts';

export type Criterion = SheetLot['criteria'][number];

export interface SheetValues {
  sheets: { points: Record<string, string | undefined>; reasons: Record<string, string | undefined> }[];
}

/**
 * One criterion of one row checked by the server's schema (criterionScore in contracts/tenders.schemas.ts),
 * the issue at `part` worded in the reader's language.
 */
function scoreRule(form: FormInstance<SheetValues>, index: number, c: Criterion, part: 'points' | 'reason', t: TFunction): Rule {
  const schema = criterionScore(c);
  return {
    validator: async () => {
      const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
      const points = text(form.getFieldValue(['sheets', index, 'points', c.key]));
      const reason = text(form.getFieldValue(['sheets', index, 'reasons', c.key]));
      const r = schema.safeParse({ points, reason });
      const issue = r.success ? undefined : r.error.issues.find((i) => i.path[0] === part);
      if (!issue) return;
      if (part === 'reason') throw new Error(t('evaluation.sheet.reasonRequired', { name: c.name }));
      if (!points?.trim()) throw new Error(t('evaluation.sheet.missing', { name: c.name }));
      throw new Error(t('evaluation.sheet.range', { name: c.name, max: maxPoints(c.weight) }));
    },
  };
}

/** "sheets[0].points.tech" / "sheets[0].reasons.tech" → the cell the server names. */
export const sheetResolver: FieldResolver = (field) => {
  const parts = fieldPath(field);
  if (parts[0] === 'sheets' && (parts[2] === 'points' || parts[2] === 'reasons') && parts[3])
    return ['sheets', Number(parts[1]), parts[2], parts[3]];
  return undefined;
};

/** The sum of the valid points typed in a row, for the live total. */
function rowTotal(points: Record<string, string | undefined> | undefined, criteria: Criterion[]): string {
  let sum = 0;
  for (const c of criteria) {
    const p = points?.[c.key]?.trim();
    if (p && criterionPoints(c.weight).safeParse(p).success) sum += centi(p);
  }
  return pointsText(sum);
}

export function LiveTotal({ form, index, criteria }: { form: FormInstance<SheetValues>; index: number; criteria: Criterion[] }) {
  const points = Form.useWatch(['sheets', index, 'points'], form) as Record<string, string | undefined> | undefined;
  return (
    <Typography.Text strong style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }} data-testid={`row-total-${index}`}>
      {rowTotal(points, criteria)}
    </Typography.Text>
  );
}

/**
 * The cell of one criterion for one bid: its points and its 评分理由, required once the points are below full
 * marks. The server's field names, so its refusals land here.
 */
export function ScoreField({
  form,
  index,
  criterion,
  bid,
  label,
}: {
  form: FormInstance<SheetValues>;
  index: number;
  criterion: Criterion;
  bid: SheetBid;
  label?: React.ReactNode;
}) {
  const { t } = useTranslation();
  const pointsName = ['sheets', index, 'points', criterion.key];
  const points = Form.useWatch(pointsName, form) as string | undefined;
  const required = typeof points === 'string' && reasonRequired(points.trim(), criterion.weight);
  return (
    <Flex vertical gap={4}>
      <Form.Item name={pointsName} label={label} rules={[scoreRule(form, index, criterion, 'points', t)]} style={{ margin: 0 }}>
        <Input
          inputMode="decimal"
          placeholder={`0–${maxPoints(criterion.weight)}`}
          maxLength={6}
          style={{ width: 96 }}
          aria-label={`${bid.supplierName} ${criterion.name}`}
          data-testid={`points-${index}-${criterion.key}`}
        />
      </Form.Item>
      <Form.Item
        name={['sheets', index, 'reasons', criterion.key]}
        dependencies={[pointsName]}
        required={required}
        rules={[scoreRule(form, index, criterion, 'reason', t)]}
        style={{ margin: 0 }}
      >
        <Input.TextArea
          autoSize={{ minRows: 1, maxRows: 4 }}
          maxLength={1000}
          placeholder={required ? t('evaluation.sheet.reason') : t('evaluation.sheet.reasonOptional')}
          style={{ minWidth: 160 }}
          aria-label={`${bid.supplierName} ${criterion.name} ${t('evaluation.sheet.reason')}`}
          data-testid={`reason-${index}-${criterion.key}`}
        />
      </Form.Item>
    </Flex>
  );
}
