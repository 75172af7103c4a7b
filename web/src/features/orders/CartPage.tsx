import { DeleteOutlined, FileSearchOutlined, SearchOutlined, ShoppingOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Divider, Flex, InputNumber, Popconfirm, Row, Skeleton, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { EmptyState, LoadError, problemSummary } from '../../app/components/states.tsx';
import { fenToYuanInput, formatMoney } from '../../app/format.ts';
import { useLanguage } from '../../app/i18n/index.ts';
import { useCategoryIndex } from '../catalogue/parts.tsx';
import { useCart, useRemoveCartItem, useSetCartQuantity, type Cart, type CartItem } from './api.ts';
import { blockedOnlyByMethod, CheckoutSteps, groupBySupplier, quotationFromCart, type SupplierGroup } from './cartParts.tsx';
import { FindingLevelTag, FindingsList } from './parts.tsx';
import { cartUpdateBody } from './schema.ts';

const money = (fen: number) => <span style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>{formatMoney(fen)}</span>;

/** A quantity edited in place: sent when the field is left, Enter is pressed or an arrow is clicked. */
function QuantityCell({ item }: { item: CartItem }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const update = useSetCartQuantity();
  const [value, setValue] = useState<number | null>(item.quantity);
  const commit = (next: number | null) => {
    if (next === null || next === item.quantity || !cartUpdateBody.shape.quantity.safeParse(next).success) {
      setValue(item.quantity);
      return;
    }
    update.mutate(
      { itemId: item.id, quantity: next },
      {
        onError: (error) => {
          setValue(item.quantity);
          void message.error(`${t('orders.cart.updateFailed')}${t('common.colon')}${problemSummary(error, t)}`);
        },
      },
    );
  };
  return (
    <InputNumber
      size="small"
      min={1}
      max={10_000}
      precision={0}
      value={value}
      disabled={update.isPending}
      onChange={setValue}
      onBlur={() => commit(value)}
      onPressEnter={() => commit(value)}
      onStep={(next) => commit(next)}
      style={{ width: 88 }}
      aria-label={t('orders.cart.quantityOf', { name: item.productName })}
      data-testid="cart-quantity"
    />
  );
}

function RemoveButton({ item }: { item: CartItem }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const remove = useRemoveCartItem();
  return (
    <Popconfirm
      title={t('orders.cart.removeConfirm', { name: item.productName })}
      okText={t('orders.cart.remove')}
      okButtonProps={{ danger: true }}
      onConfirm={() => remove.mutate(item.id, { onError: (error) => void message.error(problemSummary(error, t)) })}
    >
      <Button
        size="small"
        type="text"
        danger
        icon={<DeleteOutlined />}
        loading={remove.isPending}
        aria-label={t('orders.cart.remove')}
        data-testid="cart-remove"
      >
        {t('orders.cart.remove')}
      </Button>
    </Popconfirm>
  );
}

function SupplierCard({ group, cart }: { group: SupplierGroup; cart: Cart }) {
  const { t } = useTranslation();
  const english = useLanguage() === 'en';
  const columns: TableColumnsType<CartItem> = [
    {
      key: 'product',
      title: t('orders.cart.product'),
      render: (_: unknown, item) => {
        const marks = cart.findings.filter((f) => f.listingId === item.listingId);
        return (
          <div style={{ minWidth: 180, maxWidth: 320, whiteSpace: 'normal' }}>
            <Link to={`/products/${encodeURIComponent(item.productId)}`}>{item.productName}</Link>
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {item.brand} · <span className="hash">{item.model}</span> · <span className="hash">{item.categoryCode}</span>{' '}
              <span data-testid="cart-category">{english && item.categoryNameEn ? item.categoryNameEn : item.categoryName}</span>
            </Typography.Text>
            {marks.length || !item.available ? (
              <Flex gap={4} wrap style={{ marginTop: 4 }}>
                {[...new Set(marks.map((f) => f.level))].map((level) => (
                  <FindingLevelTag key={level} level={level} />
                ))}
                {!item.available && !marks.some((f) => f.code === 'stock') ? <Tag color="red">{t('orders.cart.unavailable')}</Tag> : null}
              </Flex>
            ) : null}
          </div>
        );
      },
    },
    { key: 'price', dataIndex: 'unitPriceFen', title: t('orders.cart.unitPrice'), align: 'right', render: money },
    {
      key: 'quantity',
      title: t('orders.cart.quantity'),
      render: (_: unknown, item) => <QuantityCell key={`${item.id}:${item.quantity}`} item={item} />,
    },
    {
      key: 'total',
      dataIndex: 'lineTotalFen',
      title: t('orders.cart.lineTotal'),
      align: 'right',
      render: (fen: number) => <Typography.Text strong>{money(fen)}</Typography.Text>,
    },
    { key: 'actions', title: t('common.actions'), render: (_: unknown, item) => <RemoveButton item={item} /> },
  ];
  return (
    <Card
      size="small"
      title={<span style={{ whiteSpace: 'normal' }}>{t('orders.cart.supplierGroup', { name: group.supplierName })}</span>}
      extra={<span style={{ whiteSpace: 'nowrap' }}>{t('orders.cart.subtotal', { amount: formatMoney(group.totalFen) })}</span>}
      data-testid="cart-group"
    >
      <Table<CartItem>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={group.items}
        pagination={false}
        scroll={{ x: 'max-content' }}
      />
    </Card>
  );
}

/**
 * 发起网上竞价 from a cart refused only for its method: the quotation form opens prefilled with the cart's
 * goods (品目, quantity, a title, the requirement naming each line, the ceiling at the cart's price) and the
 * cart stays as it is.
 */
function StartQuotation({ cart }: { cart: Cart }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { name } = useCategoryIndex();
  const start = () => {
    const q = quotationFromCart(cart.items);
    const first = q.lines[0];
    const title =
      q.lines.length === 1 && first
        ? t('orders.cart.quotationTitleOne', { name: first.productName })
        : t('orders.cart.quotationTitleMany', { name: name(q.categoryCode), n: q.lines.length });
    const requirements = [
      t('orders.cart.quotationRequirements'),
      ...q.lines.map((l) => t('orders.cart.quotationLine', { name: l.productName, brand: l.brand, model: l.model, n: l.quantity })),
    ]
      .join('\n')
      .slice(0, 4000);
    const search = new URLSearchParams({
      from: 'cart',
      categoryCode: q.categoryCode,
      title: title.slice(0, 100),
      quantity: String(q.quantity),
      ceiling: fenToYuanInput(q.ceilingFen),
      requirements,
      ...(q.otherCategories ? { otherCategories: String(q.otherCategories) } : {}),
    });
    void navigate(`/purchaser/quotations/new?${search.toString()}`);
  };
  return (
    <Button size="large" block icon={<FileSearchOutlined />} onClick={start} style={{ marginTop: 8 }} data-testid="cart-to-quotation">
      {t('orders.cart.toQuotation')}
    </Button>
  );
}

/** 合计 and the way on: checkout is closed while a finding blocks or an item cannot be delivered. */
function CartSummary({ cart, groups }: { cart: Cart; groups: SupplierGroup[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const blocked = cart.findings.some((f) => f.level === 'block') || cart.items.some((i) => !i.available);
  const approval = cart.findings.some((f) => f.level === 'approval');
  const byMethod = blockedOnlyByMethod(cart);
  const pieces = cart.items.reduce((n, i) => n + i.quantity, 0);
  return (
    <Card className="cart-summary" data-testid="cart-summary">
      <Flex justify="space-between" align="baseline" wrap gap={8}>
        <Typography.Text>{t('orders.cart.total')}</Typography.Text>
        <Typography.Text strong style={{ fontSize: 22, color: '#cf1322', fontVariantNumeric: 'tabular-nums' }} data-testid="cart-total">
          {formatMoney(cart.totalFen)}
        </Typography.Text>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
        {t('orders.cart.counts', { items: cart.items.length, pieces })}
        <br />
        {t('orders.cart.orderCount', { n: groups.length })}
      </Typography.Paragraph>
      <Divider style={{ margin: '12px 0' }} />
      {blocked ? (
        <Alert
          type="error"
          showIcon
          title={byMethod ? t('orders.cart.blockedByMethod') : t('orders.cart.blocked')}
          style={{ marginBottom: 12 }}
          data-testid="cart-blocked"
        />
      ) : null}
      {!blocked && approval ? <Alert type="warning" showIcon title={t('orders.cart.needsApproval')} style={{ marginBottom: 12 }} /> : null}
      <Button
        type="primary"
        size="large"
        block
        icon={<ShoppingOutlined />}
        disabled={blocked}
        onClick={() => void navigate('/purchaser/checkout')}
        data-testid="go-checkout"
      >
        {t('orders.cart.checkout')}
      </Button>
      {byMethod ? <StartQuotation cart={cart} /> : null}
    </Card>
  );
}

/** 购物车 (purchaser): items by supplier (one order each), quantities, the policy findings, then checkout. */
export default function CartPage() {
  const { t } = useTranslation();
  const cart = useCart();
  const groups = groupBySupplier(cart.data?.items ?? []);

  let body: React.ReactNode;
  if (cart.isPending) body = <Skeleton active paragraph={{ rows: 8 }} />;
  else if (cart.isError) body = <LoadError error={cart.error} onRetry={() => void cart.refetch()} />;
  else if (cart.data.items.length === 0)
    body = (
      <Card>
        <EmptyState title={t('orders.cart.empty')} hint={t('orders.cart.emptyHint')} />
        <Flex justify="center" style={{ marginTop: 8 }}>
          <Link to="/search">
            <Button type="primary" icon={<SearchOutlined />}>
              {t('orders.cart.browse')}
            </Button>
          </Link>
        </Flex>
      </Card>
    );
  else
    body = (
      <Flex vertical gap={16}>
        <Card title={t('orders.findings.title')} size="small" data-testid="cart-findings">
          <Typography.Paragraph type="secondary" style={{ marginTop: 0, fontSize: 12 }}>
            {t('orders.findings.intro')}
          </Typography.Paragraph>
          <FindingsList
            findings={cart.data.findings}
            empty={<Alert type="success" showIcon title={t('orders.findings.none')} description={t('orders.findings.noneHint')} />}
          />
        </Card>
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={16}>
            <Flex vertical gap={16}>
              {groups.map((g) => (
                <SupplierCard key={g.supplierId} group={g} cart={cart.data} />
              ))}
            </Flex>
          </Col>
          <Col xs={24} lg={8}>
            <CartSummary cart={cart.data} groups={groups} />
          </Col>
        </Row>
      </Flex>
    );

  return (
    <>
      <PageTitle
        extra={
          <Link to="/search">
            <Button icon={<SearchOutlined />}>{t('orders.cart.browse')}</Button>
          </Link>
        }
      >
        {t('orders.cart.title')}
      </PageTitle>
      <CheckoutSteps current={0} />
      {body}
    </>
  );
}
