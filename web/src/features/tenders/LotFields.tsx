import { CategorySelect } from '../experts/parts.tsx';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Form, Input, InputNumber, Select, Switch, Tag, Typography } from 'antd';
import type { FormInstance } from 'antd';
import type { NamePath } from 'antd/es/form/interface';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../app/i18n/index.ts';
import { formatMoney, parseYuan } from '../../app/format.ts';
import { zodRule } from '../../app/forms.ts';
import { moneyRule, percentRule } from './fields.tsx';
import {
  greenBonusPointsMax,
  greenDeductionRateMax,
  lotInput,
  percentOfRate,
  priceWeightBounds,
  tenderPolicy,
  type EvaluationMethod,
  type ProcurementMethod,
  type TenderKind,
} from './schema.ts';

export interface ItemValues {
  name: string;
  quantity: number | null;
  unit: string;
  specs?: string;
}

export interface CriterionValues {
  name: string;
  /** A percentage, 0.01–100. */
  weight: number | null;
}

export interface LotValues {
  name: string;
  /** 品目 of the lot; empty: the tender's. */
  categoryCode?: string | undefined;
  budget: string;
  items: ItemValues[];
  evaluationMethod: EvaluationMethod;
  /** A percentage, as typed. */
  priceWeight: number | null;
  criteria: CriterionValues[];
  smeReserved: boolean;
  smallMicroOnly: boolean;
  smeDeductionRate: string;
  /** 接受联合体或分包 (财库〔2020〕46号第九条): the consortium deduction, '' when the lot does not accept one. */
  consortiumDeductionRate: string;
  bidBond: string;
  /** 优先采购 (财库〔2019〕9号): bonus points (综合评分法) or a deduction in percent (最低评标价法) for a valid certificate. */
  greenOn: boolean;
  greenBonusPoints: number | null;
  greenDeduction: number | null;
}

/** The words a new lot starts with (a unit of measure, two criteria), in the form's language: the center edits them. */
export interface LotDefaults {
  unit: string;
  technical: string;
  service: string;
}
export function useLotDefaults(): LotDefaults {
  const { t } = useTranslation();
  return {
    unit: t('tender.form.defaults.unit'),
    technical: t('tender.form.defaults.technical'),
    service: t('tender.form.defaults.service'),
  };
}

export const newItem = (words: LotDefaults): ItemValues => ({ name: '', quantity: 1, unit: words.unit, specs: '' });

export function newLot(method: ProcurementMethod | undefined, kind: TenderKind, words: LotDefaults): LotValues {
  const comprehensive = !method || method.evaluationMethods.includes('comprehensive');
  return {
    name: '',
    budget: '',
    items: [newItem(words)],
    evaluationMethod: comprehensive ? 'comprehensive' : 'lowest_price',
    priceWeight: comprehensive ? percentOfRate(priceWeightBounds[kind][0]) : null,
    criteria: comprehensive
      ? [
          { name: words.technical, weight: 50 },
          { name: words.service, weight: 20 },
        ]
      : [],
    smeReserved: false,
    smallMicroOnly: false,
    smeDeductionRate: tenderPolicy.deduction[kind][0],
    consortiumDeductionRate: '',
    bidBond: '0',
    greenOn: false,
    greenBonusPoints: 2,
    greenDeduction: 5,
  };
}

/** The deduction rates a lot may take for this kind of project, in whole percentages (财库〔2022〕19号). */
export function deductionOptions(kind: TenderKind): string[] {
  const [lo, hi] = tenderPolicy.deduction[kind].map((r) => Math.round(percentOfRate(r)));
  const out: string[] = [];
  for (let p = lo ?? 10; p <= (hi ?? 20); p++) out.push(`0.${String(p).padStart(2, '0')}`);
  return out;
}

/** The consortium / subcontract deductions the policy allows, one a percent (4%, 5%, 6%). */
function consortiumOptions(): string[] {
  const [lo, hi] = tenderPolicy.consortiumDeduction.map((r) => Math.round(percentOfRate(r)));
  const out: string[] = [];
  for (let p = lo ?? 4; p <= (hi ?? 6); p++) out.push(`0.${String(p).padStart(2, '0')}`);
  return out;
}

/** 价格分 + 其他评分因素 = 100%, live, as the server will check it. */
function WeightTotal({ lot }: { lot: LotValues | undefined }) {
  const { t } = useTranslation();
  const price = Number(lot?.priceWeight ?? 0);
  const others = (lot?.criteria ?? []).reduce((s, c) => s + Number(c?.weight ?? 0), 0);
  const sum = Math.round((price + others) * 100) / 100;
  const ok = Math.abs(sum - 100) < 0.005;
  return (
    <Flex gap={8} wrap align="center" data-testid="weight-total">
      <Tag color={ok ? 'green' : 'red'} style={{ marginInlineEnd: 0 }}>
        {t('tender.form.weightTotal', { sum })}
      </Tag>
      <Typography.Text type={ok ? 'secondary' : 'danger'} style={{ fontSize: 12 }}>
        {ok
          ? t('tender.form.weightOk', { price, others: Math.round(others * 100) / 100 })
          : t('tender.form.weightOff', { price, others: Math.round(others * 100) / 100 })}
      </Typography.Text>
    </Flex>
  );
}

/** A field's share of the whole tender's rules (checks.ts: useTenderRules). */
type RuleFor = (name: NamePath) => { validator: () => Promise<void> };

/** 评分因素 of a comprehensive lot: name and weight per row, the price weight above them. */
function CriteriaList({ lotName, ruleFor }: { lotName: number; ruleFor: RuleFor }) {
  const { t } = useTranslation();
  return (
    <Form.List
      name={[lotName, 'criteria']}
      rules={[
        {
          validator: async (_rule, rows: CriterionValues[] | undefined) => {
            if ((rows ?? []).length > 20) throw new Error(t('tender.form.criteriaTooMany'));
          },
        },
        // 价格分 + 其他评分因素 = 100%: shown under the list.
        ruleFor(['lots', lotName, 'criteria']),
      ]}
    >
      {(rows, { add, remove }, { errors }) => (
        <Flex vertical gap={4} style={{ marginBottom: 8 }}>
          <Typography.Text strong>{t('tender.form.criteria')}</Typography.Text>
          {rows.map((row, j) => (
            <Flex key={row.key} gap={8} align="start" wrap={false}>
              <Form.Item
                name={[row.name, 'name']}
                rules={[
                  { required: true, whitespace: true, message: t('form.required', { field: t('tender.form.criterionName') }) },
                  { max: 50 },
                ]}
                style={{ flex: '1 1 auto', marginBottom: 8, minWidth: 0 }}
              >
                <Input
                  maxLength={50}
                  placeholder={t('tender.form.criterionPlaceholder')}
                  aria-label={t('tender.form.criterionNameN', { n: j + 1 })}
                />
              </Form.Item>
              <Form.Item
                name={[row.name, 'weight']}
                rules={[percentRule(t('tender.form.criterionWeight'), t)]}
                style={{ flex: '0 0 116px', marginBottom: 8 }}
              >
                <InputNumber
                  min={0}
                  max={100}
                  precision={2}
                  suffix="%"
                  style={{ width: '100%' }}
                  aria-label={t('tender.form.criterionWeightN', { n: j + 1 })}
                />
              </Form.Item>
              <Button
                type="text"
                danger
                icon={<DeleteOutlined />}
                onClick={() => remove(row.name)}
                aria-label={t('tender.form.removeCriterion')}
              />
            </Flex>
          ))}
          <Form.ErrorList errors={errors} />
          <Button
            type="dashed"
            size="small"
            icon={<PlusOutlined />}
            disabled={rows.length >= 20}
            onClick={() => add({ name: '', weight: null } satisfies CriterionValues)}
            style={{ alignSelf: 'flex-start' }}
          >
            {t('tender.form.addCriterion')}
          </Button>
        </Flex>
      )}
    </Form.List>
  );
}

/** 采购标的 of a lot: name, quantity, unit and the technical requirements of each. */
function ItemsList({ lotName }: { lotName: number }) {
  const { t } = useTranslation();
  const defaults = useLotDefaults();
  const item = lotInput.shape.items.element.shape;
  return (
    <Form.List
      name={[lotName, 'items']}
      rules={[
        {
          validator: async (_rule, rows: ItemValues[] | undefined) => {
            if ((rows ?? []).length === 0) throw new Error(t('tender.form.itemsMissing'));
          },
        },
      ]}
    >
      {(rows, { add, remove }, { errors }) => (
        <Flex vertical gap={8} style={{ marginBottom: 12 }}>
          <Typography.Text strong>{t('tender.form.items')}</Typography.Text>
          {rows.map((row, j) => (
            <div key={row.key} style={{ border: '1px dashed #d6deeb', borderRadius: 4, padding: '8px 8px 0' }} data-testid="item-row">
              <Flex gap={8} wrap align="start">
                <Form.Item
                  name={[row.name, 'name']}
                  label={t('tender.item.name')}
                  required
                  rules={[zodRule(item.name, t('tender.item.name'), t)]}
                  style={{ flex: '2 1 180px', marginBottom: 8 }}
                >
                  <Input maxLength={100} />
                </Form.Item>
                <Form.Item
                  name={[row.name, 'quantity']}
                  label={t('tender.item.quantity')}
                  required
                  rules={[
                    { required: true, message: t('form.required', { field: t('tender.item.quantity') }) },
                    { type: 'integer', min: 1, message: t('tender.form.quantityInvalid') },
                  ]}
                  style={{ flex: '1 1 100px', marginBottom: 8 }}
                >
                  <InputNumber min={1} precision={0} style={{ width: '100%' }} />
                </Form.Item>
                <Form.Item
                  name={[row.name, 'unit']}
                  label={t('tender.item.unit')}
                  required
                  rules={[zodRule(item.unit, t('tender.item.unit'), t)]}
                  style={{ flex: '0 1 90px', marginBottom: 8 }}
                >
                  <Input maxLength={10} />
                </Form.Item>
                {rows.length > 1 ? (
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    onClick={() => remove(row.name)}
                    aria-label={t('tender.form.removeItemN', { n: j + 1 })}
                    style={{ marginTop: 26 }}
                  />
                ) : null}
              </Flex>
              <Form.Item name={[row.name, 'specs']} label={t('tender.item.specs')} style={{ marginBottom: 8 }}>
                <Input.TextArea rows={2} maxLength={2000} placeholder={t('tender.form.specsPlaceholder')} />
              </Form.Item>
            </div>
          ))}
          <Form.ErrorList errors={errors} />
          <Button
            type="dashed"
            size="small"
            icon={<PlusOutlined />}
            disabled={rows.length >= 50}
            onClick={() => add(newItem(defaults))}
            style={{ alignSelf: 'flex-start' }}
          >
            {t('tender.form.addItem')}
          </Button>
        </Flex>
      )}
    </Form.List>
  );
}

/** One lot of the tender form: budget, items, the evaluation method and weights, the SME policy and the bond. */
export function LotCard({
  form,
  name,
  index,
  kind,
  method,
  ruleFor,
  onRemove,
}: {
  form: FormInstance;
  name: number;
  index: number;
  kind: TenderKind;
  method: ProcurementMethod | undefined;
  /** The rule between fields (price weight bounds, weights adding up, the bond's limit…) each field carries. */
  ruleFor: RuleFor;
  onRemove?: (() => void) | undefined;
}) {
  const at = (field: string): NamePath => ['lots', name, field];
  const { t } = useTranslation();
  const english = useLanguage() === 'en';
  const lot = Form.useWatch(['lots', name], form) as LotValues | undefined;
  const shape = lotInput.shape;
  const budgetFen = parseYuan(lot?.budget);
  const bondMaxFen = budgetFen === null ? null : Math.floor((budgetFen * percentOfRate(tenderPolicy.bidBondMaxRatio)) / 100);
  const [lo, hi] = priceWeightBounds[kind];
  const allowed = method?.evaluationMethods ?? ['lowest_price', 'comprehensive'];
  const label = (
    key: 'name' | 'categoryCode' | 'budget' | 'evaluationMethod' | 'priceWeight' | 'smeReserved' | 'smeDeductionRate' | 'bidBond',
  ) => t(`tender.form.lotLabels.${key}`);
  return (
    <Card
      size="small"
      title={t('tender.form.lotN', { n: index + 1 })}
      extra={
        onRemove ? (
          <Button type="text" danger size="small" icon={<DeleteOutlined />} onClick={onRemove}>
            {t('tender.form.removeLot')}
          </Button>
        ) : null
      }
      data-testid="lot-card"
    >
      <Flex gap={12} wrap>
        <Form.Item
          name={[name, 'name']}
          label={label('name')}
          required
          rules={[zodRule(shape.name, label('name'), t)]}
          style={{ flex: '2 1 220px' }}
        >
          <Input maxLength={100} placeholder={t('tender.form.lotNamePlaceholder')} />
        </Form.Item>
        <Form.Item
          name={[name, 'budget']}
          label={label('budget')}
          required
          rules={[moneyRule(shape.budgetFen, label('budget'), t)]}
          style={{ flex: '1 1 180px' }}
        >
          <Input prefix="¥" inputMode="decimal" maxLength={16} placeholder="1500000.00" />
        </Form.Item>
      </Flex>
      <Form.Item name={[name, 'categoryCode']} label={label('categoryCode')} extra={t('tender.form.lotCategoryHint')}>
        <CategorySelect
          placeholder={t('tender.form.categoryPlaceholder')}
          aria-label={`${t('tender.form.lotN', { n: index + 1 })} ${label('categoryCode')}`}
          data-testid="lot-category-select"
        />
      </Form.Item>
      <ItemsList lotName={name} />
      <Flex gap={12} wrap>
        <Form.Item
          name={[name, 'evaluationMethod']}
          label={label('evaluationMethod')}
          required
          rules={[{ required: true, message: t('form.choose', { field: label('evaluationMethod') }) }, ruleFor(at('evaluationMethod'))]}
          extra={
            method
              ? t('tender.form.evaluationAllowed', {
                  method: english ? method.nameEn : method.name,
                  list: allowed.map((m) => t(`tender.evaluation.${m}`)).join(english ? ', ' : '、'),
                })
              : null
          }
          style={{ flex: '1 1 200px' }}
        >
          <Select
            options={(['lowest_price', 'comprehensive'] as const).map((m) => ({
              value: m,
              label: t(`tender.evaluation.${m}`),
              disabled: !allowed.includes(m),
            }))}
          />
        </Form.Item>
        {lot?.evaluationMethod === 'comprehensive' ? (
          <Form.Item
            name={[name, 'priceWeight']}
            label={label('priceWeight')}
            required
            rules={[percentRule(label('priceWeight'), t), ruleFor(at('priceWeight'))]}
            extra={t('tender.form.priceWeightHint', { kind: t(`tender.kind.${kind}`), lo: percentOfRate(lo), hi: percentOfRate(hi) })}
            style={{ flex: '1 1 200px' }}
          >
            <InputNumber min={0} max={100} precision={2} suffix="%" style={{ width: '100%' }} />
          </Form.Item>
        ) : null}
      </Flex>
      {lot?.evaluationMethod === 'comprehensive' ? (
        <div style={{ marginBottom: 12 }}>
          <CriteriaList lotName={name} ruleFor={ruleFor} />
          <WeightTotal lot={lot} />
        </div>
      ) : (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('tender.form.lowestPriceHint')}
        </Typography.Paragraph>
      )}
      <Flex gap={12} wrap align="start">
        <Form.Item
          name={[name, 'smeReserved']}
          label={label('smeReserved')}
          valuePropName="checked"
          extra={t('tender.form.reservedHint')}
          style={{ flex: '1 1 220px' }}
        >
          <Switch />
        </Form.Item>
        {lot?.smeReserved ? (
          <Form.Item
            name={[name, 'smallMicroOnly']}
            label={t('tender.form.smallMicroOnly')}
            valuePropName="checked"
            rules={[ruleFor(at('smallMicroOnly'))]}
            extra={t('tender.form.smallMicroHint')}
            style={{ flex: '1 1 220px' }}
          >
            <Switch data-testid="lot-small-micro" />
          </Form.Item>
        ) : null}
        {lot?.smeReserved ? null : (
          <Form.Item
            name={[name, 'smeDeductionRate']}
            label={label('smeDeductionRate')}
            required
            rules={[zodRule(shape.smeDeductionRate, label('smeDeductionRate'), t, { choose: true }), ruleFor(at('smeDeductionRate'))]}
            extra={t('tender.form.deductionHint', {
              lo: percentOfRate(tenderPolicy.deduction[kind][0]),
              hi: percentOfRate(tenderPolicy.deduction[kind][1]),
            })}
            style={{ flex: '1 1 200px' }}
          >
            <Select options={deductionOptions(kind).map((r) => ({ value: r, label: `${percentOfRate(r)}%` }))} />
          </Form.Item>
        )}
        {lot?.smeReserved || kind === 'works' ? null : (
          <Form.Item
            name={[name, 'consortiumDeductionRate']}
            label={t('tender.form.consortium')}
            rules={[ruleFor(at('consortiumDeductionRate'))]}
            extra={t('tender.form.consortiumHint')}
            style={{ flex: '1 1 200px' }}
          >
            <Select
              data-testid="lot-consortium"
              options={[
                { value: '', label: t('tender.form.consortiumNone') },
                ...consortiumOptions().map((r) => ({ value: r, label: `${percentOfRate(r)}%` })),
              ]}
            />
          </Form.Item>
        )}
        <Form.Item
          name={[name, 'bidBond']}
          label={label('bidBond')}
          rules={[moneyRule(shape.bidBondFen, label('bidBond'), t, { optional: true }), ruleFor(at('bidBond'))]}
          extra={bondMaxFen === null ? t('tender.form.bondHint') : t('tender.form.bondMax', { max: formatMoney(bondMaxFen) })}
          style={{ flex: '1 1 180px' }}
        >
          <Input prefix="¥" inputMode="decimal" maxLength={16} placeholder="0.00" />
        </Form.Item>
      </Flex>
      <Flex gap={12} wrap align="start" data-testid="lot-green">
        <Form.Item
          name={[name, 'greenOn']}
          label={t('tender.form.green.on')}
          valuePropName="checked"
          extra={t('tender.form.green.onHint')}
          style={{ flex: '2 1 260px' }}
        >
          <Switch />
        </Form.Item>
        {lot?.greenOn && lot.evaluationMethod === 'comprehensive' ? (
          <Form.Item
            name={[name, 'greenBonusPoints']}
            label={t('tender.form.green.bonusPoints')}
            required
            rules={[
              {
                required: true,
                type: 'number',
                min: 0.01,
                max: Number(greenBonusPointsMax),
                message: t('tender.form.green.bonusHint', { max: greenBonusPointsMax }),
              },
              ruleFor(at('greenBonusPoints')),
            ]}
            extra={t('tender.form.green.bonusHint', { max: greenBonusPointsMax })}
            style={{ flex: '1 1 200px' }}
          >
            <InputNumber min={0.01} max={Number(greenBonusPointsMax)} precision={2} style={{ width: '100%' }} />
          </Form.Item>
        ) : null}
        {lot?.greenOn && lot.evaluationMethod === 'lowest_price' ? (
          <Form.Item
            name={[name, 'greenDeduction']}
            label={t('tender.form.green.deduction')}
            required
            rules={[
              {
                required: true,
                type: 'number',
                min: 0.01,
                max: percentOfRate(greenDeductionRateMax),
                message: t('tender.form.green.deductionHint', { max: percentOfRate(greenDeductionRateMax) }),
              },
              ruleFor(at('greenDeduction')),
            ]}
            extra={t('tender.form.green.deductionHint', { max: percentOfRate(greenDeductionRateMax) })}
            style={{ flex: '1 1 200px' }}
          >
            <InputNumber min={0.01} max={percentOfRate(greenDeductionRateMax)} precision={2} suffix="%" style={{ width: '100%' }} />
          </Form.Item>
        ) : null}
      </Flex>
    </Card>
  );
}
