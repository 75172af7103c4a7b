import { Form, Select, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FieldResolver } from '../../app/forms.ts';
import type { Cart, CartItem, CheckoutInput } from './api.ts';

/** What the picker holds per listing: an asset id, or 'new' (新增). */
export type ReplacementValues = Record<string, string | undefined>;

/** The cart's lines whose 品目 has a minimum years in use (最低使用年限): checkout asks what each replaces. */
export const replacementItems = (cart: Cart) => cart.items.filter((i) => i.allocationMinYears);

/** The checkout body's `lines`, in the order of replacementItems, for the lines chosen. */
export function replacementLines(cart: Cart, values: ReplacementValues | undefined): NonNullable<CheckoutInput['lines']> {
  return replacementItems(cart).flatMap((item) => {
    const chosen = values?.[item.listingId];
    if (!chosen) return [];
    return [
      chosen === 'new' ? { listingId: item.listingId, reason: 'new' as const } : { listingId: item.listingId, replacesAssetId: chosen },
    ];
  });
}

/** The server names `lines[i].replacesAssetId` (or `.reason`, `.listingId`): the picker of that line. */
export const replacementResolver =
  (cart: Cart, values: ReplacementValues | undefined): FieldResolver =>
  (field) => {
    const match = /^(?:body\.)?lines\[(\d+)\]/.exec(field);
    const line = match ? replacementLines(cart, values)[Number(match[1])] : undefined;
    return line ? ['replacements', line.listingId] : undefined;
  };

function AssetLabel({ asset }: { asset: CartItem['replaceableAssets'][number] }) {
  const { t } = useTranslation();
  return (
    <span style={{ whiteSpace: 'normal' }}>
      {t('orders.checkout.replacementAsset', { assetNo: asset.assetNo, name: asset.name, acquiredOn: asset.acquiredOn })}{' '}
      {asset.replacedBy ? (
        <Tag>{t('orders.checkout.replacementReplaced', { orderNo: asset.replacedBy })}</Tag>
      ) : asset.eligible ? (
        <Tag color="green">{t('orders.checkout.replacementEligible')}</Tag>
      ) : (
        <Tag color="orange">{t('orders.checkout.replacementEligibleFrom', { date: asset.eligibleFrom })}</Tag>
      )}
    </span>
  );
}

/**
 * The storefront's ask at checkout: for each line of a 品目 with a minimum years in use, a picker of the
 * unit's registered assets of that 品目 (those short of their years, or already replaced, shown but not
 * choosable) and the declaration 新增 (an addition, which goes to the approver).
 */
export function ReplacementFields({ cart }: { cart: Cart }) {
  const { t } = useTranslation();
  const items = replacementItems(cart);
  if (items.length === 0) return null;
  return (
    <div data-testid="replacement-fields">
      <Typography.Text strong>{t('orders.checkout.replacementTitle')}</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('orders.checkout.replacementHint')}
      </Typography.Paragraph>
      {items.map((item) => (
        <Form.Item
          key={item.listingId}
          name={['replacements', item.listingId]}
          label={t('orders.checkout.replacementLabel', { name: item.productName, n: item.allocationMinYears ?? 0 })}
        >
          <Select
            allowClear
            placeholder={t('orders.checkout.replacementPlaceholder')}
            data-testid="replacement-select"
            options={[
              ...item.replaceableAssets.map((a) => ({
                value: a.id,
                label: `${a.assetNo} ${a.name}`,
                disabled: !a.eligible || a.quantity < item.quantity,
                asset: a,
              })),
              { value: 'new', label: t('orders.checkout.replacementNew') },
            ]}
            optionRender={(option) => {
              const asset = (option.data as { asset?: CartItem['replaceableAssets'][number] }).asset;
              return asset ? <AssetLabel asset={asset} /> : option.label;
            }}
          />
        </Form.Item>
      ))}
    </div>
  );
}
