import { ShoppingCartOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { App, Button, Flex, InputNumber, Space, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { problemSummary } from '../../app/components/states.tsx';
import { useAddToCart } from './api.ts';
import { newIdempotencyKey } from './cartParts.tsx';
import { cartAddBody } from './schema.ts';

const maxQuantity = 10_000;

/**
 * 加入购物车 and 立即购买 on an offer of the product page: a quantity (at most the stock) and the buttons
 * (立即购买 goes to the order page with this offer alone; the cart is left as it is). An offer the
 * cart's rules refuse for this buyer (GET /api/products/{id}/offer-checks) is disabled with the reason,
 * shown under it and on the button's tooltip.
 */
export function AddToCart({
  listingId,
  stock,
  productName,
  blocked,
}: {
  listingId: string;
  stock: number;
  productName: string;
  /** Why the cart's rules refuse this offer for this buyer (the server's findings): it cannot be added. */
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

  const compact = (
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
        title={blocked ? undefined : stock < 1 ? t('orders.cart.outOfStock') : t('orders.cart.add')}
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
              onError: (error) => void message.error(`${t('orders.cart.addFailed')}${t('common.colon')}${problemSummary(error, t)}`),
            },
          )
        }
      >
        {t('orders.cart.addShort')}
      </Button>
      <Button
        icon={<ThunderboltOutlined />}
        disabled={!valid || stock < 1 || !!blocked}
        title={blocked || stock < 1 ? undefined : t('orders.cart.buyNowTitle', { name: productName, n: quantity ?? 1 })}
        data-testid="buy-now"
        onClick={() =>
          void navigate(`/purchaser/checkout?listing=${encodeURIComponent(listingId)}&quantity=${quantity ?? 1}&key=${newIdempotencyKey()}`)
        }
      >
        {t('orders.cart.buyNow')}
      </Button>
    </Space.Compact>
  );
  if (!blocked) return compact;
  return (
    <Flex vertical gap={2} align="start" data-testid="offer-blocked">
      <Tooltip title={blocked}>{compact}</Tooltip>
      <Typography.Text type="danger" style={{ fontSize: 12, maxWidth: 240, whiteSpace: 'normal' }} data-testid="offer-blocked-reason">
        {t('orders.cart.cannotBuy', { reason: blocked })}
      </Typography.Text>
    </Flex>
  );
}
