import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Flex, Form, Input, InputNumber, Select, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import type { Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ZodType } from 'zod';
import { parseYuan } from '../../app/format.ts';
import { fieldPath, zodRule, type FieldResolver } from '../../app/forms.ts';
import { useLanguage } from '../../app/i18n/index.ts';
import { buildCategoryTree, useCategories, type CategoryNode, type SpecField } from '../public/api.ts';
import { useSpecLabel } from './parts.tsx';
import { certificateInput } from './schema.ts';

/** Server fields → form names: money typed in yuan ("ceilingFen" → "ceiling"), specs and certificates by path. */
export function resolverFor(money: Record<string, string>): FieldResolver {
  return (field) => {
    const parts = fieldPath(field);
    const head = parts[0];
    if (head && money[head]) return money[head];
    if (head === 'specs' && parts[1]) return ['specs', parts[1]];
    if (head === 'certificates' && parts[1] !== undefined && parts[2]) return ['certificates', Number(parts[1]), parts[2]];
    return undefined;
  };
}

/** A yuan amount typed as text, checked as the API checks the fen it becomes. */
export function yuanRule(schema: ZodType, label: string, t: TFunction): Rule {
  return {
    validator: async (_rule, value: unknown) => {
      const text = typeof value === 'string' ? value.trim() : '';
      if (!text) throw new Error(t('form.required', { field: label }));
      const fen = parseYuan(text);
      if (fen === null) throw new Error(t('quotation.form.yuanInvalid'));
      if (!schema.safeParse(fen).success) throw new Error(t('quotation.form.yuanRange', { field: label }));
    },
  };
}

/** A whole number checked against the API's schema, with a message that says the allowed range. */
export function wholeRule(schema: ZodType, label: string, t: TFunction, invalid: string): Rule {
  return {
    validator: async (_rule, value: unknown) => {
      if (value === undefined || value === null || value === '') throw new Error(t('form.required', { field: label }));
      if (!schema.safeParse(value).success) throw new Error(invalid);
    },
  };
}

/** The spec values of a form, without the fields left empty (an empty minimum is no requirement). */
export function specsBody(values: Record<string, string | number | null | undefined> | undefined): Record<string, string | number> {
  return Object.fromEntries(
    Object.entries(values ?? {})
      .filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== null && entry[1] !== '')
      .map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v]),
  );
}

/**
 * One input per spec field of the category, under specs.<key>: a number, one of the options, or text.
 * As minimums (the purchaser's requirement) every field is optional; as an offer (the supplier's
 * quote) a field the requirement names must be answered, and its requirement is shown under it.
 */
export function SpecInputs({
  fields,
  mode,
  required = {},
}: {
  fields: readonly SpecField[];
  mode: 'minimum' | 'offer';
  required?: Record<string, string | number>;
}) {
  const { t } = useTranslation();
  const specLabel = useSpecLabel();
  if (fields.length === 0) return null;
  return (
    <Flex gap={12} wrap>
      {fields.map((f) => {
        const need = required[f.key];
        const asked = mode === 'offer' && need !== undefined && need !== '';
        const label = specLabel(f);
        const extra =
          mode === 'minimum'
            ? f.type === 'number'
              ? t('quotation.form.specMinHint')
              : t('quotation.form.specAnyHint')
            : asked
              ? f.type === 'number'
                ? t('quotation.quote.specNeedMin', { value: need, unit: f.unit ?? '' })
                : t('quotation.quote.specNeed', { value: need })
              : t('quotation.quote.specFree');
        return (
          <Form.Item
            key={f.key}
            name={['specs', f.key]}
            label={mode === 'minimum' && f.type === 'number' ? t('quotation.form.specMinLabel', { label }) : label}
            required={asked}
            rules={
              asked
                ? [
                    {
                      required: true,
                      message: f.type === 'enum' ? t('form.choose', { field: label }) : t('form.required', { field: label }),
                    },
                  ]
                : []
            }
            extra={extra}
            style={{ flex: '1 1 200px', marginBottom: 12 }}
          >
            {f.type === 'number' ? (
              <InputNumber
                min={0}
                max={1_000_000_000}
                style={{ width: '100%' }}
                prefix={mode === 'minimum' ? '≥' : undefined}
                suffix={f.unit}
              />
            ) : f.type === 'enum' ? (
              <Select
                allowClear
                options={(f.options ?? []).map((o) => ({ value: o, label: o }))}
                placeholder={mode === 'minimum' ? t('quotation.form.specAny') : undefined}
              />
            ) : (
              <Input maxLength={200} />
            )}
          </Form.Item>
        );
      })}
    </Flex>
  );
}

interface TreeOption {
  value: string;
  title: string;
  selectable: boolean;
  children?: TreeOption[];
}

function toOptions(nodes: CategoryNode[], english: boolean): TreeOption[] {
  return nodes.map((n) => ({
    value: n.code,
    title: `${n.code} ${english && n.nameEn ? n.nameEn : n.name}`,
    // A requirement names what is bought: only a leaf of the catalogue is specific enough.
    selectable: n.children.length === 0,
    ...(n.children.length ? { children: toOptions(n.children, english) } : {}),
  }));
}

/** The 品目 of a requirement: a leaf of the procurement catalogue, searchable by code or name. */
export function LeafCategorySelect({
  value,
  onChange,
  id,
}: {
  value?: string;
  onChange?: (value: string | undefined) => void;
  id?: string;
}) {
  const { t } = useTranslation();
  const categories = useCategories();
  const english = useLanguage() === 'en';
  const treeData = useMemo(() => toOptions(buildCategoryTree(categories.data?.items ?? []), english), [categories.data, english]);
  return (
    <Select
      // A TreeSelect would do too; a searchable flat list of leaves reads better on a phone.
      id={id}
      value={value}
      onChange={onChange}
      allowClear
      loading={categories.isPending}
      placeholder={t('quotation.form.categoryPlaceholder')}
      showSearch={{ optionFilterProp: 'label' }}
      options={flattenLeaves(treeData)}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { maxWidth: 'min(460px, 96vw)' } } }}
      data-testid="category-select"
    />
  );
}

/** Leaves grouped under their top-level branch (A 货物 · B 工程 · C 服务). */
function flattenLeaves(roots: TreeOption[]) {
  const leaves = (n: TreeOption): TreeOption[] => (n.children ? n.children.flatMap(leaves) : n.selectable ? [n] : []);
  return roots
    .map((root) => ({ label: root.title, title: root.title, options: leaves(root).map((l) => ({ value: l.value, label: l.title })) }))
    .filter((g) => g.options.length > 0);
}

export interface CertificateValues {
  kind: 'energy_saving' | 'environmental_label';
  number: string;
  issuer: string;
  validUntil: Dayjs | null;
}

/** Green certificates of the offered goods (节能产品 / 环境标志), required where the category is mandatory. */
export function CertificateInputs() {
  const { t } = useTranslation();
  const certLabel = (key: 'kind' | 'number' | 'issuer' | 'validUntil') => t(`catalogue.cert.fields.${key}`);
  return (
    <Form.List name="certificates">
      {(items, { add, remove }) => (
        <Flex vertical gap={8} style={{ marginBottom: 16 }}>
          {items.map((item, index) => (
            <Card
              key={item.key}
              size="small"
              title={t('catalogue.cert.item', { n: index + 1 })}
              extra={
                <Button type="text" danger size="small" icon={<DeleteOutlined />} onClick={() => remove(item.name)}>
                  {t('catalogue.cert.remove')}
                </Button>
              }
            >
              <Flex gap={12} wrap>
                <Form.Item
                  name={[item.name, 'kind']}
                  label={certLabel('kind')}
                  required
                  rules={[zodRule(certificateInput.shape.kind, certLabel('kind'), t, { choose: true })]}
                  style={{ flex: '1 1 150px', marginBottom: 8 }}
                >
                  <Select
                    options={(['energy_saving', 'environmental_label'] as const).map((k) => ({
                      value: k,
                      label: t(`catalogue.cert.kind.${k}`),
                    }))}
                  />
                </Form.Item>
                <Form.Item
                  name={[item.name, 'number']}
                  label={certLabel('number')}
                  required
                  rules={[zodRule(certificateInput.shape.number, certLabel('number'), t)]}
                  style={{ flex: '1 1 180px', marginBottom: 8 }}
                >
                  <Input maxLength={60} className="hash" />
                </Form.Item>
                <Form.Item
                  name={[item.name, 'issuer']}
                  label={certLabel('issuer')}
                  required
                  rules={[zodRule(certificateInput.shape.issuer, certLabel('issuer'), t)]}
                  style={{ flex: '1 1 180px', marginBottom: 8 }}
                >
                  <Input maxLength={100} placeholder={t('catalogue.cert.issuerPlaceholder')} />
                </Form.Item>
                <Form.Item
                  name={[item.name, 'validUntil']}
                  label={certLabel('validUntil')}
                  required
                  rules={[{ required: true, message: t('form.choose', { field: certLabel('validUntil') }) }]}
                  style={{ flex: '1 1 150px', marginBottom: 8 }}
                >
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
              </Flex>
            </Card>
          ))}
          <Button
            type="dashed"
            icon={<PlusOutlined />}
            disabled={items.length >= 5}
            onClick={() => add({ kind: 'energy_saving', number: '', issuer: '', validUntil: null } satisfies CertificateValues)}
          >
            {t('catalogue.cert.add')}
          </Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('quotation.quote.certHint')}
          </Typography.Text>
        </Flex>
      )}
    </Form.List>
  );
}
