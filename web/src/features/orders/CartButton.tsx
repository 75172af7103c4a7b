import { ShoppingCartOutlined } from '@ant-design/icons';
import { Badge, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCart } from './api.ts';

/** The header's cart, with how many offers are in it; purchasers only (others have no cart). */
export function CartButton({ showLabel }: { showLabel: boolean }) {
  const { t } = useTranslation();
  const cart = useCart();
  const count = cart.data?.items.length ?? 0;
  return (
    <Link to="/purchaser/cart" data-testid="header-cart">
      <Button
        type="text"
        aria-label={t('nav.cart')}
        icon={
          <Badge count={count} size="small" offset={[2, -2]} data-testid="cart-count">
            <ShoppingCartOutlined style={{ color: '#fff', fontSize: 16 }} />
          </Badge>
        }
      >
        {showLabel ? t('nav.cart') : null}
      </Button>
    </Link>
  );
}
