import { ShoppingCartOutlined } from '@ant-design/icons';
import { App, Button, InputNumber, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { problemSummary } from '../../app/components/states.tsx';
import { useAddToCart } from './api.ts';
import { cartAddBody } from './schema.ts';

const maxQuantity = 10_000;

/** 加入购物车 on an offer of the product page: a quantity (at most the stock) and the button. */
export function AddToCart({
  listingId,
  stock,
  productName,
  blocked,
}: {
  listingId: string;
  stock: number;
  productName: string;
  /** Why the cart's rules would refuse this offer (e.g. no certificate in a mandatory green category): it cannot be added. */
  blocked?: string | undefined;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const add = useAddToCart();
  // The toast renders outside the router: it navigates through this page's navigate, not a <Link>.
  const navigate = useNavigate();
  const [quantity, setQuantity] = useState<number | null>(1);
  const max = Math.max(1, Math.min(stock, maxQuantity));
  const valid = cartAddBody.shape.quantity.safeParse(quantity).success && (quantity ?? 0) <= max;

  return (
    <Space.Compact size="small" style={{ flexWrap: 'nowrap' }}>
      <InputNumber
        min={1}
        max={max}
        precision={0}
        value={quantity}
        onChange={setQuantity}
        disabled={stock < 1 || !!blocked}
        status={valid ? undefined : 'error'}
        style={{ width: 64 }}
        aria-label={t('orders.cart.quantityOf', { name: productName })}
        data-testid="add-quantity"
      />
      <Button
        type="primary"
        icon={<ShoppingCartOutlined />}
        loading={add.isPending}
        disabled={!valid || stock < 1 || !!blocked}
        title={blocked ?? (stock < 1 ? t('orders.cart.outOfStock') : t('orders.cart.add'))}
        aria-description={blocked}
        data-testid="add-to-cart"
        onClick={() =>
          add.mutate(
            { listingId, quantity: quantity ?? 1 },
            {
              onSuccess: () =>
                void message.success(
                  <span>
                    {t('orders.cart.added', { name: productName, n: quantity ?? 1 })}{' '}
                    <Typography.Link onClick={() => void navigate('/purchaser/cart')}>{t('orders.cart.goCart')}</Typography.Link>
                  </span>,
                ),
              onError: (error) => void message.error(`${t('orders.cart.addFailed')}：${problemSummary(error, t)}`),
            },
          )
        }
      >
        {t('orders.cart.addShort')}
      </Button>
    </Space.Compact>
  );
}
