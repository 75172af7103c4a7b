import { Button, Card, Grid, Select, Table, Typography } from 'antd';
import type { Breakpoint, TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Deadline } from '../../app/components/Deadline.tsx';
import { ExportButtons } from '../../app/components/ExportButtons.tsx';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { tablePagination } from '../../app/components/pagination.ts';
import { EmptyState, LoadError } from '../../app/components/states.tsx';
import { formatMoney, useFormat } from '../../app/format.ts';
import { useListParams } from '../../app/listParams.ts';
import { FilterBar } from '../listFilters/FilterBar.tsx';
import { anyFilter, filterQuery, processFilterKeys } from '../listFilters/filters.ts';
import { serverSort } from '../listFilters/sort.ts';
import { useOrders, type Order, type OrderStatus, type OrderView } from './api.ts';
import { OrderStatusTag } from './parts.tsx';
import { orderStatusSchema, orderTransitions } from './schema.ts';

const statuses = orderStatusSchema.options;

/** Whether the order waits on this side now: some step of the state machine is this role's to take. */
export function waitsOn(view: OrderView, status: OrderStatus): boolean {
  return Object.entries(orderTransitions).some(
    ([action, step]) =>
      step.by === view && action !== 'cancel' && action !== 'settle' && (step.from as readonly OrderStatus[]).includes(status),
  );
}

export const orderPath = (view: OrderView, orderId: string) => `/${view}/orders/${encodeURIComponent(orderId)}`;

// On a phone: number, counterparty, total, state and the button; the rest needs a wider screen.
const wide: Breakpoint[] = ['md'];

/** The columns the server sorts by, and the list's sort field for each. */
type Sort = ReturnType<typeof serverSort<'total' | 'createdAt'>>;

function useColumns(view: OrderView, sort: Sort): TableColumnsType<Order> {
  const { t } = useTranslation();
  const format = useFormat();
  // Pinned columns only where there is room beside them.
  const pinned = Grid.useBreakpoint().md ?? true;
  const party = (key: 'supplierName' | 'purchaserName', title: string) => ({
    key,
    dataIndex: key,
    title,
    render: (name: string) => <span style={{ display: 'inline-block', minWidth: 120, maxWidth: 220, whiteSpace: 'normal' }}>{name}</span>,
  });
  return [
    {
      key: 'orderNo',
      dataIndex: 'orderNo',
      title: t('orders.list.orderNo'),
      fixed: pinned ? 'left' : undefined,
      render: (no: string, o) => (
        <Link to={orderPath(view, o.id)} className="hash" data-testid="order-link">
          {no}
        </Link>
      ),
    },
    ...(view === 'supplier' || view === 'regulator' ? [party('purchaserName', t('orders.list.purchaser'))] : []),
    ...(view !== 'supplier' ? [party('supplierName', t('orders.list.supplier'))] : []),
    {
      key: 'goods',
      responsive: wide,
      title: t('orders.list.goods'),
      render: (_: unknown, o) => {
        const first = o.lines[0];
        if (!first) return t('common.none');
        return (
          <span style={{ display: 'inline-block', minWidth: 160, maxWidth: 260, whiteSpace: 'normal' }}>
            {o.lines.length > 1
              ? t('orders.list.goodsMore', { title: first.title, n: o.lines.length })
              : `${first.title} × ${first.quantity}`}
          </span>
        );
      },
    },
    {
      key: 'total',
      dataIndex: 'totalFen',
      title: t('orders.list.total'),
      align: 'right',
      ...sort.column('total'),
      render: (fen: number) => <span style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>{formatMoney(fen)}</span>,
    },
    { key: 'status', dataIndex: 'status', title: t('orders.list.status'), render: (s: OrderStatus) => <OrderStatusTag status={s} /> },
    {
      key: 'createdAt',
      responsive: wide,
      dataIndex: 'createdAt',
      title: t('orders.list.createdAt'),
      ...sort.column('createdAt'),
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{format.dateTime(v)}</span>,
    },
    {
      key: 'confirmDeadline',
      // The supplier's countdown matters most on a phone.
      ...(view === 'supplier' ? {} : { responsive: wide }),
      dataIndex: 'confirmDeadline',
      title: t('orders.list.confirmDeadline'),
      render: (v: string | null, o) =>
        o.status === 'placed' && v ? (
          <span style={{ whiteSpace: 'nowrap' }}>
            <Deadline at={v} />
          </span>
        ) : (
          <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
        ),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: pinned ? 'right' : undefined,
      render: (_: unknown, o) => (
        <Link to={orderPath(view, o.id)}>
          <Button size="small" type={waitsOn(view, o.status) ? 'primary' : 'default'}>
            {waitsOn(view, o.status) ? t('orders.list.handle') : t('common.details')}
          </Button>
        </Link>
      ),
    },
  ];
}

/**
 * 订单 of one side: the unit's purchases (purchaser, approver), the supplier's sales, or all (regulator);
 * filtered (state, days, unit, supplier, amount, text) and sorted by the server, all kept in the URL,
 * saved as 常用筛选, and exported with the same filter.
 */
function OrdersView({ view }: { view: OrderView }) {
  const { t } = useTranslation();
  const list = useListParams(processFilterKeys);
  const status = statuses.find((s) => s === list.filters.status);
  const filters = { ...filterQuery(list.filters), status };
  const orders = useOrders({ page: list.page, pageSize: list.pageSize, ...filters });
  const sort = serverSort(list.filters.sort, (v) => list.setFilter('sort', v), { total: 'totalFen', createdAt: 'createdAt' });
  const columns = useColumns(view, sort);
  const onlyStatus = status && !anyFilter({ ...list.filters, status: undefined });

  return (
    <>
      <PageTitle>{t(`orders.list.titles.${view}`)}</PageTitle>
      <Card>
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {t(`orders.list.intros.${view}`)}
        </Typography.Paragraph>
        <FilterBar
          list={list}
          keys={processFilterKeys}
          savedList="orders"
          searchPlaceholder={t('orders.list.searchPlaceholder')}
          searchTestId="order-search"
          unit={view === 'regulator'}
          supplier={view !== 'supplier'}
          extra={<ExportButtons path="/api/orders" filters={filters} filename={t(`orders.list.titles.${view}`)} testId="orders-export" />}
        >
          <Select
            allowClear
            placeholder={t('orders.list.allStatuses')}
            value={status}
            onChange={(v: string | undefined) => list.setFilter('status', v)}
            options={statuses.map((s) => ({ value: s, label: t(`orders.status.${s}`) }))}
            aria-label={t('orders.list.status')}
            data-testid="status-filter"
          />
        </FilterBar>
        {orders.isError && !orders.data ? (
          <LoadError error={orders.error} onRetry={() => void orders.refetch()} />
        ) : (
          <Table<Order>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={orders.data?.items ?? []}
            loading={orders.isFetching}
            rowClassName={(o) => (waitsOn(view, o.status) ? 'row-todo' : '')}
            pagination={tablePagination(list, orders.data?.total, t)}
            onChange={sort.onChange}
            scroll={{ x: 'max-content' }}
            locale={{
              emptyText: orders.isPending ? (
                ' '
              ) : onlyStatus ? (
                <EmptyState
                  title={t('orders.list.emptyFiltered', { status: t(`orders.status.${status}`) })}
                  hint={t('orders.list.emptyFilteredHint')}
                />
              ) : anyFilter(list.filters) ? (
                <EmptyState title={t('listFilters.emptyFiltered')} hint={t('listFilters.emptyFilteredHint')} />
              ) : (
                <EmptyState title={t('orders.list.empty')} hint={t(`orders.list.emptyHints.${view}`)} />
              ),
            }}
            data-testid="orders-table"
          />
        )}
      </Card>
    </>
  );
}

/** 我的订单: the unit's orders, to track, cancel before confirmation, and accept. */
export const PurchaserOrdersPage = () => <OrdersView view="purchaser" />;
/** 订单审批: the unit's orders, those waiting for approval first to hand. */
export const ApproverOrdersPage = () => <OrdersView view="approver" />;
/** 订单管理: orders to confirm, ship and deliver. */
export const SupplierOrdersPage = () => <OrdersView view="supplier" />;
/** 订单监管: every order of the platform, read-only. */
export const RegulatorOrdersPage = () => <OrdersView view="regulator" />;
