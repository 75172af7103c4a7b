import { ArrowRightOutlined } from '@ant-design/icons';
import { Card, Col, Flex, List, Row, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState, LoadError } from '../../app/components/states.tsx';
import { formatMoney, useFormat } from '../../app/format.ts';
import { useOrders } from '../orders/api.ts';
import { OrderStatusTag } from '../orders/parts.tsx';
import { useTodos } from './api.ts';
import { platformNow, TodoLine } from './TasksCard.tsx';

/** 临近截止: the unit's own processes' next dates (quotations and bids closing, challenge windows ending); nothing shown when none is ahead. */
export function UpcomingCard() {
  const { t } = useTranslation();
  const todos = useTodos('purchaser');
  const data = todos.data;
  if (!data || data.upcoming.length === 0) return null;
  const now = platformNow(data.asOf, todos.dataUpdatedAt);
  return (
    <Card title={t('workbench.upcoming.title')} data-testid="upcoming-card">
      <Typography.Paragraph type="secondary" style={{ marginTop: 0, fontSize: 12 }}>
        {t('workbench.upcoming.hint')}
      </Typography.Paragraph>
      <List
        size="small"
        dataSource={data.upcoming}
        rowKey={(item) => `${item.kind}:${item.entityId ?? ''}`}
        renderItem={(item) => <TodoLine item={item} tag={t(`workbench.upcoming.${item.kind}`)} now={now} testId="upcoming-item" />}
      />
    </Card>
  );
}

/** 最近订单: the unit's five latest orders with where each stands. */
export function RecentOrdersCard() {
  const { t } = useTranslation();
  const format = useFormat();
  const orders = useOrders({ page: 1, pageSize: 5 });
  let body: React.ReactNode;
  if (orders.isPending) body = <Skeleton active paragraph={{ rows: 3 }} title={false} />;
  else if (orders.isError || !orders.data) body = <LoadError error={orders.error} onRetry={() => void orders.refetch()} />;
  else if (orders.data.items.length === 0)
    body = <EmptyState title={t('workbench.recentOrders.none')} hint={t('workbench.recentOrders.noneHint')} />;
  else
    body = (
      <List
        size="small"
        dataSource={orders.data.items}
        rowKey="id"
        data-testid="recent-orders"
        renderItem={(o) => (
          <List.Item data-testid="recent-order">
            <Flex justify="space-between" align="center" gap={12} wrap style={{ width: '100%' }}>
              <Flex vertical gap={2} style={{ minWidth: 0, flex: '1 1 200px' }}>
                <Link to={`/purchaser/orders/${o.id}`} style={{ overflowWrap: 'anywhere' }}>
                  {o.orderNo}
                </Link>
                <Typography.Text type="secondary" style={{ fontSize: 12, overflowWrap: 'anywhere' }}>
                  {o.supplierName} · {format.dateTime(o.createdAt)}
                </Typography.Text>
              </Flex>
              <Flex align="center" gap={8}>
                <Typography.Text style={{ fontVariantNumeric: 'tabular-nums' }}>{formatMoney(o.totalFen)}</Typography.Text>
                <OrderStatusTag status={o.status} />
              </Flex>
            </Flex>
          </List.Item>
        )}
      />
    );
  return (
    <Card
      title={t('workbench.recentOrders.title')}
      extra={
        <Link to="/purchaser/orders">
          {t('workbench.recentOrders.all')} <ArrowRightOutlined />
        </Link>
      }
      data-testid="recent-orders-card"
    >
      {body}
    </Card>
  );
}

/** The purchaser's latest orders and, when any date is ahead, its coming dates beside them (no empty box). */
export function PurchaserOverview() {
  const todos = useTodos('purchaser');
  const upcoming = (todos.data?.upcoming.length ?? 0) > 0;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={upcoming ? 12 : 24}>
        <RecentOrdersCard />
      </Col>
      {upcoming ? (
        <Col xs={24} lg={12}>
          <UpcomingCard />
        </Col>
      ) : null}
    </Row>
  );
}
