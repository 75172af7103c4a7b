import { PictureOutlined } from '@ant-design/icons';
import { Descriptions, Flex, Image, Tag, Timeline, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ZodType } from 'zod';
import { Deadline } from '../../app/components/Deadline.tsx';
import { formatMoney, parseYuan, useFormat } from '../../app/format.ts';
import { fieldPath, type FieldResolver } from '../../app/forms.ts';
import { assetStatusColors, reallocationStatusColors } from '../../app/theme.ts';
import { useCategoryIndex } from '../catalogue/parts.tsx';
import type { Asset, AssetDetail, AssetEvent, AssetStatus, RequestStatus } from './api.ts';
import { assetConditions } from './schema.ts';

/** Money in a table cell or a figure: never wrapped, digits aligned. */
export const money = (fen: number | null | undefined) =>
  fen === null || fen === undefined ? (
    <Typography.Text type="secondary">—</Typography.Text>
  ) : (
    <span style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>{formatMoney(fen)}</span>
  );

/** A yuan amount typed as text, checked as the API checks the fen it becomes. */
export function yuanRule(schema: ZodType, label: string, t: TFunction, options: { optional?: boolean } = {}): Rule {
  return {
    validator: async (_rule, value: unknown) => {
      const text = typeof value === 'string' ? value.trim() : '';
      if (!text) {
        if (options.optional) return;
        throw new Error(t('form.required', { field: label }));
      }
      const fen = parseYuan(text);
      if (fen === null) throw new Error(t('assets.form.yuanInvalid'));
      if (!schema.safeParse(fen).success) throw new Error(t('assets.form.yuanRange', { field: label }));
    },
  };
}

/** Server fields in fen → the form's yuan fields ("netValueFen" → "netValue"). */
export function moneyResolver(names: Record<string, string>): FieldResolver {
  return (field) => {
    const head = fieldPath(field)[0];
    return head && names[head] ? names[head] : undefined;
  };
}

/** A category's name in the page's language; the API's (Chinese) name until the catalogue has loaded. */
export function useCategoryName(): (code: string, fallback: string) => string {
  const { name } = useCategoryIndex();
  return (code, fallback) => {
    const known = name(code);
    return known === code ? fallback : known;
  };
}

/** An asset's state, 已登记 … 已报废, one colour per state everywhere. */
export function AssetStatusTag({ status }: { status: AssetStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={assetStatusColors[status]} style={{ marginInlineEnd: 0 }} data-testid="asset-status">
      {t(`assets.status.${status}`)}
    </Tag>
  );
}

export function RequestStatusTag({ status }: { status: RequestStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={reallocationStatusColors[status]} style={{ marginInlineEnd: 0 }} data-testid="request-status">
      {t(`assets.requestStatus.${status}`)}
    </Tag>
  );
}

const conditionColors = { as_new: 'green', good: 'blue', fair: 'default', poor: 'orange', scrap: 'red' } as const;

/** 成新: 全新 … 报废. */
export function ConditionTag({ condition }: { condition: string }) {
  const { t } = useTranslation();
  const known = assetConditions.find((c) => c === condition);
  return known ? (
    <Tag color={conditionColors[known]} style={{ marginInlineEnd: 0 }} variant="outlined">
      {t(`assets.condition.${known}`)}
    </Tag>
  ) : (
    <Tag>{condition}</Tag>
  );
}

/** The first photo as a small thumbnail, or a placeholder. */
export function Thumb({ photos, alt, size = 48 }: { photos: Asset['photos']; alt: string; size?: number }) {
  const first = photos[0];
  return first ? (
    <img
      src={first.url}
      alt={alt}
      width={size}
      height={size}
      style={{ objectFit: 'cover', borderRadius: 4, display: 'block', flex: 'none' }}
    />
  ) : (
    <span className="asset-thumb-empty" style={{ width: size, height: size }} aria-hidden>
      <PictureOutlined />
    </span>
  );
}

/** Every photo, previewable. */
export function AssetPhotos({ photos, name }: { photos: Asset['photos']; name: string }) {
  const { t } = useTranslation();
  if (photos.length === 0) return <Typography.Text type="secondary">{t('assets.detail.noPhotos')}</Typography.Text>;
  return (
    <Image.PreviewGroup>
      <Flex gap={8} wrap data-testid="asset-photos">
        {photos.map((p, i) => (
          <Image key={p.id} src={p.url} alt={`${name} ${i + 1}`} width={96} height={96} style={{ objectFit: 'cover', borderRadius: 4 }} />
        ))}
      </Flex>
    </Image.PreviewGroup>
  );
}

/** The facts of an asset as registered. */
export function AssetFacts({ asset }: { asset: Asset }) {
  const { t } = useTranslation();
  const format = useFormat();
  const categoryName = useCategoryName();
  return (
    <Descriptions
      size="small"
      bordered
      column={1}
      styles={{ label: { whiteSpace: 'nowrap', width: 110 } }}
      data-testid="asset-facts"
      items={[
        { key: 'no', label: t('assets.fields.assetNo'), children: <span className="hash">{asset.assetNo}</span> },
        { key: 'owner', label: t('assets.fields.owner'), children: asset.ownerName },
        {
          key: 'category',
          label: t('assets.fields.category'),
          children: (
            <span>
              <span className="hash">{asset.categoryCode}</span> {categoryName(asset.categoryCode, asset.categoryName)}
            </span>
          ),
        },
        { key: 'quantity', label: t('assets.fields.quantity'), children: asset.quantity },
        { key: 'original', label: t('assets.fields.originalValue'), children: money(asset.originalValueFen) },
        { key: 'net', label: t('assets.fields.netValue'), children: money(asset.netValueFen) },
        { key: 'acquired', label: t('assets.fields.acquiredOn'), children: asset.acquiredOn },
        { key: 'condition', label: t('assets.fields.condition'), children: <ConditionTag condition={asset.condition} /> },
        {
          key: 'location',
          label: t('assets.fields.location'),
          children: <span style={{ overflowWrap: 'anywhere' }}>{asset.location}</span>,
        },
        { key: 'status', label: t('assets.fields.status'), children: <AssetStatusTag status={asset.status} /> },
        ...(asset.offeredUntil
          ? [{ key: 'until', label: t('assets.fields.offeredUntil'), children: <Deadline at={asset.offeredUntil} /> }]
          : []),
        ...(asset.description
          ? [
              {
                key: 'description',
                label: t('assets.fields.description'),
                children: <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{asset.description}</div>,
              },
            ]
          : []),
        { key: 'created', label: t('assets.fields.createdAt'), children: format.dateTime(asset.createdAt) },
      ]}
    />
  );
}

const eventColors: Record<AssetEvent['kind'] | string, string> = {
  registered: 'gray',
  offered: 'blue',
  requested: 'gold',
  reallocated: 'green',
  auctioned: 'orange',
  sold: 'cyan',
  unsold: 'red',
  written_off: 'gray',
};
const eventKinds = ['registered', 'offered', 'requested', 'reallocated', 'auctioned', 'sold', 'unsold', 'written_off'] as const;

/** The asset's history, oldest first; it travels with the asset when another unit takes it over. */
export function AssetHistory({ asset }: { asset: AssetDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (asset.history.length === 0) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return (
    <Timeline
      data-testid="asset-history"
      items={asset.history.map((h, i) => {
        const kind = eventKinds.find((k) => k === h.kind);
        return {
          key: `${h.at}-${i}`,
          color: eventColors[h.kind] ?? 'gray',
          content: (
            <div>
              <Flex gap={8} wrap align="center">
                <Typography.Text strong>{kind ? t(`assets.event.${kind}`) : h.kind}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {format.dateTime(h.at)}
                  {h.orgName ? ` · ${h.orgName}` : ''}
                </Typography.Text>
              </Flex>
              <Typography.Paragraph style={{ margin: '2px 0 0', overflowWrap: 'anywhere' }}>{h.note}</Typography.Paragraph>
            </div>
          ),
        };
      })}
    />
  );
}
