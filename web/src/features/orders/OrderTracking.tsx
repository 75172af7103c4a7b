import { FilePdfOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Form, Input, InputNumber, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, apiPath } from '../../app/api.ts';
import { problemText } from '../../app/components/states.tsx';
import { useFormat } from '../../app/format.ts';
import type { Order, OrderView } from './api.ts';

type ShipForm = { carrier: string; waybillNo: string; note?: string; items: { lineId: string; quantity?: number; serials?: string }[] };

/** The order's consignments (its two parties only: `enabled` false for anyone else, who would be refused). */
export function useShipments(orderId: string, enabled = true) {
  return useQuery({
    queryKey: ['orders', 'shipments', orderId],
    queryFn: ({ signal }) => api.get('/api/orders/{id}/shipments', { params: { path: { id: orderId } }, signal }),
    enabled,
  });
}

/** 发货: carrier, waybill number, and per line how many units with their serial numbers (one a line, or none). */
function ShipmentForm({
  order,
  remaining,
}: {
  order: Order;
  remaining: { lineId: string; title: string; ordered: number; shipped: number }[];
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<ShipForm>();
  const ship = useMutation({
    mutationFn: (v: ShipForm) =>
      api.post('/api/orders/{id}/shipments', {
        params: { path: { id: order.id } },
        body: {
          carrier: v.carrier,
          waybillNo: v.waybillNo,
          ...(v.note ? { note: v.note } : {}),
          items: v.items
            .filter((i) => (i.quantity ?? 0) > 0)
            .map((i) => ({
              lineId: i.lineId,
              quantity: i.quantity!,
              serialNumbers: (i.serials ?? '')
                .split(/[\n,，\s]+/)
                .map((s) => s.trim())
                .filter(Boolean),
            })),
        },
      }),
    onSuccess: async () => {
      form.resetFields();
      void message.success(t('tracking.shipped'));
      await client.invalidateQueries({ queryKey: ['orders'] });
    },
  });
  const open = remaining.filter((r) => r.shipped < r.ordered);
  return (
    <Form
      form={form}
      layout="vertical"
      data-testid="ship-form"
      initialValues={{ items: open.map((r) => ({ lineId: r.lineId, quantity: r.ordered - r.shipped })) }}
      onFinish={(v) => ship.mutate(v)}
    >
      <Flex gap={12} wrap>
        <Form.Item name="carrier" label={t('tracking.carrier')} rules={[{ required: true, min: 2 }]}>
          <Input data-testid="ship-carrier" style={{ width: 180 }} />
        </Form.Item>
        <Form.Item
          name="waybillNo"
          label={t('tracking.waybill')}
          rules={[{ required: true, pattern: /^[A-Za-z0-9-]{4,60}$/, message: t('tracking.waybillRule') }]}
        >
          <Input data-testid="ship-waybill" style={{ width: 220 }} />
        </Form.Item>
      </Flex>
      {open.map((r, i) => (
        <Flex key={r.lineId} gap={12} wrap align="flex-start">
          <Form.Item name={['items', i, 'lineId']} hidden>
            <Input />
          </Form.Item>
          <Form.Item name={['items', i, 'quantity']} label={`${r.title}（${t('tracking.left', { n: r.ordered - r.shipped })}）`}>
            <InputNumber min={0} max={r.ordered - r.shipped} data-testid={`ship-qty-${i}`} />
          </Form.Item>
          <Form.Item name={['items', i, 'serials']} label={t('tracking.serials')} style={{ flex: 1, minWidth: 220 }}>
            <Input.TextArea rows={2} data-testid={`ship-serials-${i}`} placeholder={t('tracking.serialsHint')} />
          </Form.Item>
        </Flex>
      ))}
      {ship.error ? <Typography.Text type="danger">{problemText(ship.error, t)}</Typography.Text> : null}
      <Button type="primary" htmlType="submit" loading={ship.isPending} data-testid="ship-submit">
        {t('tracking.ship')}
      </Button>
    </Form>
  );
}

/** 物流跟踪 on the order page of its parties: the shipments with waybill and serials, delivery notes, and the supplier's 发货. */
export function OrderTracking({ order, view }: { order: Order; view: OrderView }) {
  const { t } = useTranslation();
  const format = useFormat();
  const client = useQueryClient();
  const shipments = useShipments(order.id);
  const deliver = useMutation({
    mutationFn: (shipmentId: string) =>
      api.post('/api/orders/{id}/shipments/{shipmentId}/deliver', { params: { path: { id: order.id, shipmentId } } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['orders'] }),
  });
  const data = shipments.data;
  const canShip =
    view === 'supplier' &&
    (order.status === 'confirmed' || order.status === 'shipped') &&
    data?.remaining.some((r) => r.shipped < r.ordered);
  return (
    <Card title={t('tracking.title')} size="small" data-testid="order-tracking">
      <Flex vertical gap={12}>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={data?.items ?? []}
          locale={{ emptyText: order.status === 'confirmed' || order.status === 'placed' ? t('tracking.none') : t('tracking.untracked') }}
          scroll={{ x: 'max-content' }}
          columns={[
            { key: 'seq', title: '#', dataIndex: 'seq' },
            {
              key: 'waybill',
              title: t('tracking.waybill'),
              render: (_: unknown, s) => <span data-testid="shipment-waybill">{`${s.carrier} ${s.waybillNo}`}</span>,
            },
            {
              key: 'items',
              title: t('tracking.items'),
              render: (_: unknown, s) =>
                s.items.map((i) => (
                  <div key={i.lineId}>
                    {i.title} ×{i.quantity}
                    {i.serialNumbers.length ? <Typography.Text type="secondary"> （{i.serialNumbers.join(', ')}）</Typography.Text> : null}
                  </div>
                )),
            },
            {
              key: 'shipped',
              title: t('tracking.shippedAt'),
              render: (_: unknown, s) => `${format.dateTime(s.shippedAt)} ${s.shippedByName}`,
            },
            {
              key: 'delivered',
              title: t('tracking.deliveredAt'),
              render: (_: unknown, s) =>
                s.deliveredAt ? (
                  `${format.dateTime(s.deliveredAt)} ${s.deliveredByName ?? ''}`
                ) : view === 'supplier' && order.status === 'shipped' ? (
                  <Button size="small" loading={deliver.isPending} onClick={() => deliver.mutate(s.id)} data-testid="shipment-deliver">
                    {t('tracking.deliver')}
                  </Button>
                ) : (
                  t('tracking.inTransit')
                ),
            },
            {
              key: 'note',
              title: t('tracking.note'),
              render: (_: unknown, s) => (
                <a
                  href={apiPath('/api/orders/{id}/shipments/{shipmentId}/delivery-note.pdf', { id: order.id, shipmentId: s.id })}
                  target="_blank"
                  rel="noopener noreferrer"
                >
                  <FilePdfOutlined /> {t('tracking.deliveryNote')}
                </a>
              ),
            },
          ]}
        />
        {canShip && data ? <ShipmentForm order={order} remaining={data.remaining} /> : null}
      </Flex>
    </Card>
  );
}
