import { ArrowLeftOutlined, CheckCircleOutlined, SearchOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Flex, Form, Grid, Input, Result, Row, Select, Skeleton, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { Deadline } from '../../app/components/Deadline.tsx';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { LoadError } from '../../app/components/states.tsx';
import { formatMoney } from '../../app/format.ts';
import { useFormProblem, zodRule } from '../../app/forms.ts';
import { isApiProblem } from '../../app/api.ts';
import { useCurrentSession } from '../../app/session.ts';
import { useAllBudgetLines, type BudgetLine } from '../budget/api.ts';
import { useOrganization } from '../organizations/api.ts';
import { useBuyNow, useCart, useCheckout, type Cart, type CheckoutResult, type Finding, type Order } from './api.ts';
import { CheckoutSteps, findingsOf, groupBySupplier, newIdempotencyKey, type SupplierGroup } from './cartParts.tsx';
import { useFindingWords } from './findingWords.ts';
import { FindingsList, OrderStatusTag } from './parts.tsx';
import { checkoutBody } from './schema.ts';
import {
  ReplacementFields,
  replacementItems,
  replacementLines,
  replacementResolver,
  type ReplacementValues,
} from './ReplacementFields.tsx';

interface CheckoutValues {
  budgetLineId?: string;
  deliveryAddress: string;
  contactName: string;
  contactPhone: string;
  overStandardReason?: string;
  replacements?: ReplacementValues;
}

const checkoutFields = ['budgetLineId', 'deliveryAddress', 'contactName', 'contactPhone', 'overStandardReason'] as const;
const money = (fen: number) => <span style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>{formatMoney(fen)}</span>;

/** Why an order to this supplier will wait for the unit's approver: its approval findings and the unit's threshold. */
function approvalReasons(
  group: SupplierGroup,
  cart: Cart,
  thresholdFen: number | null,
  t: TFunction,
  word: (f: Finding) => string,
): string[] {
  return [
    ...findingsOf(group, cart.findings)
      .filter((f) => f.level === 'approval')
      .map(word),
    ...(thresholdFen !== null && group.totalFen > thresholdFen
      ? [t('orders.checkout.thresholdReason', { amount: formatMoney(group.totalFen), threshold: formatMoney(thresholdFen) })]
      : []),
  ];
}

/** The orders checkout will make: one per supplier, and whether each goes to the approver first. */
function PlannedOrders({ cart, thresholdFen }: { cart: Cart; thresholdFen: number | null }) {
  const { t } = useTranslation();
  const words = useFindingWords();
  const groups = groupBySupplier(cart.items);
  return (
    <Flex vertical gap={8} data-testid="planned-orders">
      {groups.map((g) => {
        const reasons = approvalReasons(g, cart, thresholdFen, t, words.text);
        const blocks = findingsOf(g, cart.findings).filter((f) => f.level === 'block');
        return (
          <div key={g.supplierId} className="planned-order" data-testid="planned-order">
            <Flex justify="space-between" gap={8} align="baseline">
              <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
                {g.supplierName}
              </Typography.Text>
              {money(g.totalFen)}
            </Flex>
            {g.items.map((i) => (
              <Typography.Text key={i.id} type="secondary" style={{ display: 'block', fontSize: 12 }}>
                {i.productName} × {i.quantity}
              </Typography.Text>
            ))}
            <div style={{ marginTop: 6 }}>
              {blocks.length ? (
                <>
                  <Tag color="red">{t('orders.checkout.blocked')}</Tag>
                  {blocks.map((f) => (
                    <Typography.Text
                      key={f.code + (f.listingId ?? '')}
                      type="danger"
                      style={{ display: 'block', fontSize: 12, marginTop: 2 }}
                    >
                      {words.text(f)}
                    </Typography.Text>
                  ))}
                </>
              ) : reasons.length ? (
                <>
                  <Tag color="orange">{t('orders.level.approval')}</Tag>
                  {reasons.map((r) => (
                    <Typography.Text key={r} style={{ display: 'block', fontSize: 12, marginTop: 2 }}>
                      {r}
                    </Typography.Text>
                  ))}
                </>
              ) : (
                <Tag color="blue">{t('orders.checkout.direct')}</Tag>
              )}
            </div>
          </div>
        );
      })}
    </Flex>
  );
}

function BudgetLineOption({ line, needFen }: { line: BudgetLine; needFen: number }) {
  const { t } = useTranslation();
  const short = line.freeFen < needFen;
  return (
    <Flex justify="space-between" gap={8} wrap>
      <span style={{ whiteSpace: 'normal' }}>
        <span className="hash">{line.code}</span> {line.name}
      </span>
      <Typography.Text type={short ? 'danger' : 'success'} style={{ whiteSpace: 'nowrap' }}>
        {short
          ? t('orders.checkout.budgetShort', { free: formatMoney(line.freeFen) })
          : t('orders.checkout.budgetFree', { free: formatMoney(line.freeFen) })}
      </Typography.Text>
    </Flex>
  );
}

/** The one item of 立即购买 (`?listing=…&quantity=…`), or null for the cart's checkout. */
function useBuyNowItem() {
  const [params] = useSearchParams();
  const listingId = params.get('listing');
  const quantity = Number(params.get('quantity') ?? '1');
  return listingId ? { listingId, quantity: Number.isInteger(quantity) && quantity > 0 ? quantity : 1 } : null;
}

/**
 * 立即购买's Idempotency-Key comes with its link (`&key=…`, made by the product page's button): a reload or
 * a return to the page sends the same key, and the orders it placed answer instead of new ones. A link
 * without one (typed, or shared without it) gets one made here and written into the address at once, so a
 * reload of that page too sends the key its first load made.
 */
function useBuyNowKey(direct: boolean) {
  const [params, setParams] = useSearchParams();
  const linked = params.get('key');
  const [made] = useState(() => linked ?? newIdempotencyKey());
  useEffect(() => {
    if (direct && !linked)
      setParams(
        (p) => {
          p.set('key', made);
          return p;
        },
        { replace: true },
      );
  }, [direct, linked, made, setParams]);
  return linked ?? made;
}

function CheckoutForm({
  cart,
  checkout,
  direct,
}: {
  cart: Cart;
  checkout: ReturnType<typeof useCheckout>;
  /** 立即购买: this item is ordered, the cart is left as it is. */
  direct: { listingId: string; quantity: number } | null;
}) {
  const { t } = useTranslation();
  const session = useCurrentSession();
  const orgId = session.organization.id;
  const lines = useAllBudgetLines(orgId);
  const org = useOrganization(orgId);
  const [form] = Form.useForm<CheckoutValues>();
  const problem = useFormProblem(form, checkoutFields, (field) => replacementResolver(cart, form.getFieldValue('replacements'))(field));
  // One key for this checkout attempt: a double click or a retry cannot place the orders twice.
  const linkKey = useBuyNowKey(direct !== null);
  const [idempotencyKey] = useState(() => (direct ? linkKey : newIdempotencyKey()));
  const overStandard = cart.findings.some((f) => f.code === 'over_standard');
  const blocked = cart.findings.some((f) => f.level === 'block');
  const thresholdFen = org.data?.approvalThresholdFen ?? null;
  const chosenId = Form.useWatch('budgetLineId', form);
  const chosen = lines.data?.items.find((l) => l.id === chosenId);
  const label = (key: (typeof checkoutFields)[number]) => t(`orders.checkout.${key}`);
  const address = org.data?.address;

  // The unit's address, once known, is the default delivery address.
  useEffect(() => {
    if (address && !form.getFieldValue('deliveryAddress')) form.setFieldValue('deliveryAddress', address);
  }, [address, form]);

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={14}>
        <Card title={t('orders.checkout.formTitle')}>
          {problem.formError ? (
            <Alert type="error" showIcon title={problem.formError} style={{ marginBottom: 12 }} data-testid="form-error" />
          ) : null}
          <Form<CheckoutValues>
            form={form}
            layout="vertical"
            disabled={checkout.isPending}
            initialValues={{ contactName: session.user.displayName, deliveryAddress: org.data?.address ?? '', contactPhone: '' }}
            onValuesChange={() => problem.formError && problem.clear()}
            onFinish={(values) =>
              checkout.mutate(
                {
                  idempotencyKey,
                  body: {
                    budgetLineId: values.budgetLineId ?? '',
                    deliveryAddress: values.deliveryAddress.trim(),
                    contactName: values.contactName.trim(),
                    contactPhone: values.contactPhone.trim(),
                    ...(overStandard && values.overStandardReason?.trim() ? { overStandardReason: values.overStandardReason.trim() } : {}),
                    ...(replacementItems(cart).length ? { lines: replacementLines(cart, values.replacements) } : {}),
                    ...(direct ? { items: [direct] } : {}),
                  },
                },
                {
                  onError: (error) => {
                    problem.onError(error);
                    // A refusal may come from a line spent meanwhile: show what is free now.
                    void lines.refetch();
                  },
                },
              )
            }
          >
            <Form.Item
              name="budgetLineId"
              required
              label={label('budgetLineId')}
              rules={[zodRule(checkoutBody.shape.budgetLineId, label('budgetLineId'), t, { choose: true })]}
              extra={t('orders.checkout.budgetHint', { total: formatMoney(cart.totalFen) })}
            >
              <Select
                loading={lines.isPending}
                placeholder={t('orders.checkout.budgetPlaceholder')}
                notFoundContent={lines.isError ? t('errors.loadFailed') : t('budget.empty')}
                options={(lines.data?.items ?? []).map((l) => ({
                  value: l.id,
                  label: `${l.code} ${l.name}`,
                  disabled: l.freeFen < cart.totalFen,
                  line: l,
                }))}
                optionRender={(option) => <BudgetLineOption line={(option.data as { line: BudgetLine }).line} needFen={cart.totalFen} />}
                data-testid="budget-select"
              />
            </Form.Item>
            {chosen ? (
              <Typography.Paragraph
                type={chosen.freeFen < cart.totalFen ? 'danger' : 'secondary'}
                style={{ marginTop: -8 }}
                data-testid="budget-after"
              >
                {chosen.freeFen < cart.totalFen
                  ? t('orders.checkout.budgetNotEnough', { free: formatMoney(chosen.freeFen), total: formatMoney(cart.totalFen) })
                  : t('orders.checkout.budgetAfter', {
                      free: formatMoney(chosen.freeFen),
                      after: formatMoney(chosen.freeFen - cart.totalFen),
                    })}
              </Typography.Paragraph>
            ) : null}
            <Form.Item
              name="deliveryAddress"
              required
              label={label('deliveryAddress')}
              rules={[zodRule(checkoutBody.shape.deliveryAddress, label('deliveryAddress'), t)]}
            >
              <Input.TextArea rows={2} maxLength={200} showCount placeholder={t('orders.checkout.addressPlaceholder')} />
            </Form.Item>
            <Flex gap={16} wrap>
              <Form.Item
                name="contactName"
                required
                label={label('contactName')}
                rules={[zodRule(checkoutBody.shape.contactName, label('contactName'), t)]}
                style={{ flex: '1 1 180px' }}
              >
                <Input maxLength={50} />
              </Form.Item>
              <Form.Item
                name="contactPhone"
                required
                label={label('contactPhone')}
                rules={[zodRule(checkoutBody.shape.contactPhone, label('contactPhone'), t, { invalid: t('orders.checkout.phoneInvalid') })]}
                style={{ flex: '1 1 180px' }}
              >
                <Input maxLength={20} inputMode="tel" placeholder="010-62345678" />
              </Form.Item>
            </Flex>
            <ReplacementFields cart={cart} />
            {overStandard ? (
              <Form.Item
                name="overStandardReason"
                required
                label={label('overStandardReason')}
                extra={t('orders.checkout.overStandardHint')}
                rules={[zodRule(checkoutBody.shape.overStandardReason.unwrap().min(1), label('overStandardReason'), t)]}
              >
                <Input.TextArea rows={3} maxLength={1000} showCount />
              </Form.Item>
            ) : null}
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t('orders.checkout.submitHint')}
            </Typography.Paragraph>
            <Flex gap={8} wrap>
              <Button
                type="primary"
                htmlType="submit"
                size="large"
                loading={checkout.isPending}
                disabled={checkout.isPending || blocked}
                data-testid="submit-order"
              >
                {t('orders.checkout.submit')}
              </Button>
              <Link to={direct ? `/products/${cart.items[0]?.productId ?? ''}` : '/purchaser/cart'}>
                <Button size="large" icon={<ArrowLeftOutlined />} disabled={checkout.isPending}>
                  {direct ? t('orders.checkout.backProduct') : t('orders.checkout.back')}
                </Button>
              </Link>
            </Flex>
          </Form>
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <Flex vertical gap={16}>
          <Card
            title={t('orders.checkout.planned')}
            size="small"
            extra={<Typography.Text strong>{formatMoney(cart.totalFen)}</Typography.Text>}
          >
            <PlannedOrders cart={cart} thresholdFen={thresholdFen} />
          </Card>
          <Card title={t('orders.findings.title')} size="small">
            <FindingsList
              findings={cart.findings}
              empty={<Typography.Text type="secondary">{t('orders.findings.none')}</Typography.Text>}
            />
          </Card>
        </Flex>
      </Col>
    </Row>
  );
}

/** 下单完成: the orders made, with their numbers and states, each a link. */
function CheckoutDone({ result }: { result: CheckoutResult }) {
  const { t } = useTranslation();
  const session = useCurrentSession();
  const lines = useAllBudgetLines(session.organization.id);
  const budgetLine = lines.data?.items.find((l) => l.id === result.orders[0]?.budgetLineId) ?? null;
  const total = result.orders.reduce((s, o) => s + o.totalFen, 0);
  // A phone's width: each order as a card, not a table scrolled sideways.
  const screens = Grid.useBreakpoint();
  const narrow = Object.keys(screens).length > 0 && !screens.sm;
  const nextStep = (o: Order) =>
    o.status === 'placed' ? (
      <>
        {t('orders.checkout.confirmBy')} <Deadline at={o.confirmDeadline} />
      </>
    ) : (
      t(`orders.next.${o.status}`, { deadline: '', expected: '' })
    );
  const columns: TableColumnsType<Order> = [
    {
      key: 'orderNo',
      dataIndex: 'orderNo',
      title: t('orders.list.orderNo'),
      render: (no: string, o) => (
        <Link to={`/purchaser/orders/${encodeURIComponent(o.id)}`} className="hash" data-testid="placed-order-link">
          {no}
        </Link>
      ),
    },
    {
      key: 'supplier',
      dataIndex: 'supplierName',
      title: t('orders.list.supplier'),
      render: (v: string) => <span style={{ display: 'inline-block', minWidth: 140, whiteSpace: 'normal' }}>{v}</span>,
    },
    { key: 'total', dataIndex: 'totalFen', title: t('orders.list.total'), align: 'right', render: money },
    { key: 'status', dataIndex: 'status', title: t('orders.list.status'), render: (s: Order['status']) => <OrderStatusTag status={s} /> },
    {
      key: 'next',
      title: t('orders.detail.next'),
      render: (_: unknown, o) => <span style={{ display: 'inline-block', minWidth: 200, whiteSpace: 'normal' }}>{nextStep(o)}</span>,
    },
  ];
  return (
    <Card>
      <Result
        status="success"
        icon={<CheckCircleOutlined />}
        title={t('orders.checkout.doneTitle')}
        subTitle={t('orders.checkout.doneSubtitle', {
          n: result.orders.length,
          total: formatMoney(total),
          line: budgetLine ? `${budgetLine.code} ${budgetLine.name}` : '',
        })}
        extra={[
          <Link key="orders" to="/purchaser/orders">
            <Button type="primary" icon={<UnorderedListOutlined />}>
              {t('orders.checkout.viewOrders')}
            </Button>
          </Link>,
          <Link key="search" to="/search">
            <Button icon={<SearchOutlined />}>{t('orders.checkout.continue')}</Button>
          </Link>,
        ]}
        style={{ paddingBottom: 8 }}
      />
      {narrow ? (
        <Flex vertical gap={8} data-testid="placed-orders">
          {result.orders.map((o) => (
            <div key={o.id} className="planned-order">
              <Flex justify="space-between" gap={8} align="baseline" wrap>
                <Link to={`/purchaser/orders/${encodeURIComponent(o.id)}`} className="hash" data-testid="placed-order-link">
                  {o.orderNo}
                </Link>
                <OrderStatusTag status={o.status} />
              </Flex>
              <Flex justify="space-between" gap={8} align="baseline">
                <Typography.Text style={{ overflowWrap: 'anywhere' }}>{o.supplierName}</Typography.Text>
                {money(o.totalFen)}
              </Flex>
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                {nextStep(o)}
              </Typography.Text>
            </div>
          ))}
        </Flex>
      ) : (
        <Table<Order>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={result.orders}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="placed-orders"
        />
      )}
    </Card>
  );
}

/** 立即购买's offer refused by the server (no such offer, or a link that does not name one): not a load failure. */
const refusedOffer = (error: unknown) => isApiProblem(error) && (error.status === 400 || error.status === 404 || error.status === 422);

function OfferUnavailable() {
  const { t } = useTranslation();
  return (
    <Result
      status="warning"
      title={t('orders.checkout.offerGone')}
      subTitle={t('orders.checkout.offerGoneHint')}
      data-testid="offer-unavailable"
      extra={
        <Link to="/search">
          <Button type="primary" icon={<SearchOutlined />}>
            {t('orders.cart.browse')}
          </Button>
        </Link>
      }
    />
  );
}

/** 确认下单 (purchaser): budget line, delivery and contact, the over-standard reason when needed; then the orders made. */
export default function CheckoutPage() {
  const { t } = useTranslation();
  const direct = useBuyNowItem();
  const inCart = useCart(!direct);
  const buyNow = useBuyNow(direct);
  const cart = direct ? buyNow : inCart;
  // The mutation lives here, not in the form: placing the orders empties the cart, and the result must
  // outlive the form that sent it.
  const checkout = useCheckout();
  const done = checkout.data;
  const navigate = useNavigate();
  // Whether this page was 立即购买's, still after the address drops the offer (below).
  const [boughtNow] = useState(() => direct !== null);
  // Placed: the address no longer names the offer, so a reload does not show its form again.
  useEffect(() => {
    if (done && direct) void navigate('/purchaser/checkout', { replace: true });
  }, [done, direct, navigate]);
  let body: React.ReactNode;
  if (done) body = <CheckoutDone result={done} />;
  else if (cart.isPending) body = <Skeleton active paragraph={{ rows: 10 }} />;
  else if (cart.isError && direct && refusedOffer(cart.error)) body = <OfferUnavailable />;
  else if (cart.isError) body = <LoadError error={cart.error} onRetry={() => void cart.refetch()} />;
  else if (cart.data.items.length > 0) body = <CheckoutForm cart={cart.data} checkout={checkout} direct={direct} />;
  else if (checkout.isPending) body = <Skeleton active paragraph={{ rows: 10 }} />;
  else body = <Navigate to="/purchaser/cart" replace />;
  return (
    <>
      <PageTitle>{done ? t('orders.checkout.doneTitle') : t('orders.checkout.title')}</PageTitle>
      <CheckoutSteps current={done ? 2 : 1} first={direct || boughtNow ? 'product' : 'cart'} />
      {body}
    </>
  );
}
