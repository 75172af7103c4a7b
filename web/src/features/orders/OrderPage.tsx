import { ArrowLeftOutlined, FilePdfOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Flex, Rate, Row, Skeleton, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiProblem } from '../../app/api.ts';
import { Deadline } from '../../app/components/Deadline.tsx';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { EmptyState, LoadError } from '../../app/components/states.tsx';
import { formatMoney, useFormat } from '../../app/format.ts';
import { useLanguage } from '../../app/i18n/index.ts';
import { useProductPage } from '../catalogue/api.ts';
import { useCategoryIndex } from '../catalogue/parts.tsx';
import { purchaseOrderPdfUrl, useOrder, type Order, type OrderLine, type OrderView } from './api.ts';
import { actionsFor, OrderActions } from './OrderActions.tsx';
import { OrderTracking } from './OrderTracking.tsx';
import { useFindingWords } from './findingWords.ts';
import { ProcessTimeline } from '../../app/components/ProcessTimeline.tsx';
import { FindingsList, OrderProgress, OrderStatusTag } from './parts.tsx';
import { useServerText } from '../../app/serverText.ts';

const money = (fen: number) => <span style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>{formatMoney(fen)}</span>;

/**
 * The specs copied onto the line when it was ordered, labelled by the category's spec fields (read from
 * the public product page: the order keeps the values, the category names them).
 */
function LineSpecs({ line }: { line: OrderLine }) {
  const { t } = useTranslation();
  const english = useLanguage() === 'en';
  const entries = Object.entries(line.specs);
  const page = useProductPage(entries.length && line.productId ? line.productId : undefined);
  if (entries.length === 0) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  const fields = new Map((page.data?.category.specSchema ?? []).map((f) => [f.key, f]));
  return (
    <span style={{ display: 'inline-block', minWidth: 160, maxWidth: 280, whiteSpace: 'normal', fontSize: 12 }}>
      {entries
        .map(([key, value]) => {
          const f = fields.get(key);
          return `${f ? (english ? f.labelEn : f.label) : key}：${value}${f?.unit ? ` ${f.unit}` : ''}`;
        })
        .join('；')}
    </span>
  );
}

function LinesTable({ order }: { order: Order }) {
  const { t } = useTranslation();
  const { name: categoryName } = useCategoryIndex();
  const columns: TableColumnsType<OrderLine> = [
    {
      key: 'title',
      dataIndex: 'title',
      title: t('orders.detail.product'),
      render: (title: string, l) => (
        <div style={{ minWidth: 180, maxWidth: 300, whiteSpace: 'normal' }}>
          {l.productId ? <Link to={`/products/${encodeURIComponent(l.productId)}`}>{title}</Link> : <span>{title}</span>}
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {l.brand} · <span className="hash">{l.model}</span> · <span className="hash">{l.categoryCode}</span>
            {categoryName(l.categoryCode) !== l.categoryCode ? ` ${categoryName(l.categoryCode)}` : null}
          </Typography.Text>
          {l.overStandard ? (
            <Tag color="orange" style={{ marginTop: 4 }} data-testid="over-standard">
              {t('orders.detail.overStandard')}
            </Tag>
          ) : null}
        </div>
      ),
    },
    { key: 'specs', title: t('orders.detail.specs'), render: (_: unknown, l) => <LineSpecs line={l} /> },
    { key: 'unitPrice', dataIndex: 'unitPriceFen', title: t('orders.cart.unitPrice'), align: 'right', render: money },
    { key: 'quantity', dataIndex: 'quantity', title: t('orders.cart.quantity'), align: 'right' },
    { key: 'lineTotal', dataIndex: 'lineTotalFen', title: t('orders.cart.lineTotal'), align: 'right', render: money },
  ];
  return (
    <Table<OrderLine>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={order.lines}
      pagination={false}
      scroll={{ x: 'max-content' }}
      data-testid="order-lines"
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0} colSpan={4} align="right">
            <Typography.Text strong>{t('orders.detail.total')}</Typography.Text>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={1} align="right">
            <Typography.Text strong style={{ color: '#cf1322' }} data-testid="order-total">
              {money(order.totalFen)}
            </Typography.Text>
          </Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}

function OrderFacts({ order, view }: { order: Order; view: OrderView }) {
  const { t } = useTranslation();
  const format = useFormat();
  const none = t('common.none');
  const items = [
    { key: 'orderNo', label: t('orders.list.orderNo'), children: <span className="hash">{order.orderNo}</span> },
    { key: 'status', label: t('orders.list.status'), children: <OrderStatusTag status={order.status} /> },
    { key: 'purchaser', label: t('orders.list.purchaser'), children: order.purchaserName },
    { key: 'supplier', label: t('orders.list.supplier'), children: order.supplierName },
    { key: 'total', label: t('orders.list.total'), children: <Typography.Text strong>{money(order.totalFen)}</Typography.Text> },
    { key: 'createdAt', label: t('orders.list.createdAt'), children: format.dateTime(order.createdAt) },
    {
      key: 'confirmDeadline',
      label: t('orders.list.confirmDeadline'),
      children:
        order.status === 'placed' ? (
          <Deadline at={order.confirmDeadline} />
        ) : order.confirmDeadline ? (
          format.dateTime(order.confirmDeadline)
        ) : (
          none
        ),
    },
    {
      key: 'expected',
      label: t('orders.detail.expectedDelivery'),
      children: order.expectedDeliveryBy ? format.dateTime(order.expectedDeliveryBy) : none,
    },
    { key: 'address', label: t('orders.checkout.deliveryAddress'), children: order.deliveryAddress },
    { key: 'contact', label: t('orders.detail.contact'), children: `${order.contactName} ${order.contactPhone}` },
    {
      key: 'budget',
      label: t('orders.checkout.budgetLineId'),
      children:
        view === 'purchaser' || view === 'approver' ? (
          <Link to={`/${view}/budget/${encodeURIComponent(order.budgetLineId)}`} data-testid="order-budget-link">
            {t('orders.detail.viewBudget')}
          </Link>
        ) : (
          t('orders.detail.budgetReserved')
        ),
    },
    ...(order.rating !== null
      ? [
          {
            key: 'rating',
            label: t('orders.actions.rating'),
            children: <Rate disabled value={order.rating} style={{ fontSize: 14 }} data-testid="order-rating" />,
          },
        ]
      : []),
  ];
  return <Descriptions size="small" bordered column={1} items={items} styles={{ label: { width: 110 } }} />;
}

/** Approval: why it was needed, the purchaser's over-standard reason, the approver's opinion. */
function ApprovalFacts({ order }: { order: Order }) {
  const { t } = useTranslation();
  const words = useFindingWords();
  // Checkout records the reason on every order it made; it concerns only the one with an over-standard line.
  const overStandard = order.lines.some((l) => l.overStandard) ? order.overStandardReason : null;
  if (!order.needsApproval && !overStandard && !order.decisionReason) return null;
  return (
    <Card title={t('orders.detail.approval')} size="small" data-testid="order-approval">
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 'reasons',
            label: t('orders.detail.approvalReasons'),
            children: order.approvalReasons.length ? (
              <ul className="plain-list">
                {words.approvalReasons(order).map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            ) : (
              t('orders.detail.noApproval')
            ),
          },
          ...(overStandard ? [{ key: 'over', label: t('orders.checkout.overStandardReason'), children: overStandard }] : []),
          ...(order.decisionReason ? [{ key: 'decision', label: t('orders.detail.decisionReason'), children: order.decisionReason }] : []),
        ]}
      />
    </Card>
  );
}

/** An ended order says why, in red: the cancellation (returned, declined, withdrawn, timed out) or the rejection. */
function EndedNotice({ order }: { order: Order }) {
  const { t } = useTranslation();
  const words = useServerText();
  if (order.status === 'cancelled')
    return (
      <Alert
        type="error"
        showIcon
        title={t('orders.detail.cancelled')}
        description={words(order.cancelReason ?? order.decisionReason) || t('orders.detail.noReason')}
        data-testid="order-ended"
      />
    );
  if (order.status === 'rejected')
    return (
      <Alert
        type="error"
        showIcon
        title={t('orders.detail.rejected')}
        description={order.rejectionReason ?? t('orders.detail.noReason')}
        data-testid="order-ended"
      />
    );
  return null;
}

/** 订单详情 of one side: progress, what is next, the actions this side may take, lines, findings, facts. */
function OrderDetail({ view }: { view: OrderView }) {
  const { t } = useTranslation();
  const { id } = useParams();
  const order = useOrder(id);
  const back = (
    <Link to={`/${view}/orders`}>
      <Button icon={<ArrowLeftOutlined />}>{t('orders.detail.back')}</Button>
    </Link>
  );

  if (order.isPending) return <Skeleton active paragraph={{ rows: 12 }} />;
  if (order.isError) {
    const missing = isApiProblem(order.error) && (order.error.status === 404 || order.error.status === 400);
    return (
      <>
        <PageTitle extra={back}>{t('orders.detail.pageTitle')}</PageTitle>
        {missing ? (
          <Card>
            <EmptyState title={t('orders.detail.notFound')} hint={t('orders.detail.notFoundHint')} />
          </Card>
        ) : (
          <LoadError error={order.error} onRetry={() => void order.refetch()} />
        )}
      </>
    );
  }
  const o = order.data;
  const canAct = actionsFor(view, o.status).length > 0;

  return (
    <>
      <PageTitle
        extra={
          <>
            <a href={purchaseOrderPdfUrl(o.id)} target="_blank" rel="noopener noreferrer" data-testid="order-pdf">
              <Button icon={<FilePdfOutlined />}>{t('orders.detail.pdf')}</Button>
            </a>
            {back}
          </>
        }
      >
        <Flex align="center" gap={8} wrap component="span">
          <span>{t('orders.detail.title', { orderNo: o.orderNo })}</span>
          <OrderStatusTag status={o.status} />
        </Flex>
      </PageTitle>
      <Flex vertical gap={16}>
        <Card size="small">
          <Flex vertical gap={12}>
            <OrderProgress order={o} />
            <EndedNotice order={o} />
            {canAct ? (
              <div>
                <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
                  {t('orders.detail.yourStep')}
                </Typography.Text>
                <OrderActions order={o} view={view} />
              </div>
            ) : null}
          </Flex>
        </Card>
        <Card title={t('orders.detail.lines')} size="small">
          <LinesTable order={o} />
        </Card>
        {view === 'regulator' ? null : (
          <>
            <OrderTracking order={o} view={view} />
            <ProcessTimeline type="order" id={o.id} />
          </>
        )}
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={14}>
            <Flex vertical gap={16}>
              <ApprovalFacts order={o} />
              <Card title={t('orders.findings.recorded')} size="small">
                <FindingsList
                  findings={o.findings}
                  empty={<Typography.Text type="secondary">{t('orders.findings.recordedNone')}</Typography.Text>}
                />
              </Card>
            </Flex>
          </Col>
          <Col xs={24} lg={10}>
            <Card title={t('orders.detail.facts')} size="small">
              <OrderFacts order={o} view={view} />
            </Card>
          </Col>
        </Row>
      </Flex>
    </>
  );
}

export const PurchaserOrderPage = () => <OrderDetail view="purchaser" />;
export const ApproverOrderPage = () => <OrderDetail view="approver" />;
export const SupplierOrderPage = () => <OrderDetail view="supplier" />;
export const RegulatorOrderPage = () => <OrderDetail view="regulator" />;
