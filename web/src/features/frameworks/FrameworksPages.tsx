import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { tablePagination } from '../../app/components/pagination.ts';
import { LoadError, problemSummary } from '../../app/components/states.tsx';
import { formatMoney, parseYuan, useFormat } from '../../app/format.ts';
import { useListParams } from '../../app/listParams.ts';
import { CategorySelect } from '../experts/parts.tsx';
import { useCreateFramework, usePublicFrameworks, useStaffFrameworks, useSupplierFrameworks, type FrameworkCall } from './api.ts';

export type FrameworkSide = 'public' | 'center' | 'supplier' | 'purchaser' | 'regulator';

const statusColors: Record<FrameworkCall['status'], string> = { open: 'blue', closed: 'gold', admitted: 'green', cancelled: 'default' };

export function FrameworkStatusTag({ status }: { status: FrameworkCall['status'] }) {
  const { t } = useTranslation();
  return <Tag color={statusColors[status]}>{t(`framework.status.${status}`)}</Tag>;
}

/** Where a side opens one call. */
export const detailPath = (side: FrameworkSide, id: string) => (side === 'public' ? `/frameworks/${id}` : `/${side}/frameworks/${id}`);

function useColumns(side: FrameworkSide): TableColumnsType<FrameworkCall> {
  const { t } = useTranslation();
  const format = useFormat();
  return [
    {
      key: 'callNo',
      dataIndex: 'callNo',
      title: t('framework.list.callNo'),
      render: (v: string, c) => <Link to={detailPath(side, c.id)}>{v}</Link>,
    },
    { key: 'title', dataIndex: 'title', title: t('framework.list.title') },
    { key: 'category', dataIndex: 'categoryName', title: t('framework.list.category') },
    {
      key: 'method',
      dataIndex: 'method',
      title: t('framework.list.method'),
      render: (m: FrameworkCall['method']) => t(`framework.method.${m}`),
    },
    {
      key: 'entry',
      dataIndex: 'entry',
      title: t('framework.list.entry'),
      render: (e: FrameworkCall['entry']) => t(`framework.entry.${e}`),
    },
    { key: 'cap', dataIndex: 'capUnitPriceFen', title: t('framework.list.cap'), align: 'right', render: (v: number) => formatMoney(v) },
    { key: 'term', title: t('framework.list.term'), render: (_: unknown, c) => `${c.startsOn} ~ ${c.endsOn}` },
    { key: 'deadline', dataIndex: 'deadline', title: t('framework.list.deadline'), render: (v: string) => format.dateTime(v) },
    {
      key: 'status',
      dataIndex: 'status',
      title: t('framework.list.status'),
      render: (s: FrameworkCall['status']) => <FrameworkStatusTag status={s} />,
    },
  ];
}

/** One list of calls for a side: the public and purchasers read the public list, the center its own, suppliers theirs. */
function FrameworksList({ side, extra }: { side: FrameworkSide; extra?: React.ReactNode }) {
  const { t } = useTranslation();
  const list = useListParams([]);
  const args = { page: list.page, pageSize: list.pageSize };
  const staff = useStaffFrameworks(args, side === 'center' || side === 'regulator');
  const supplier = useSupplierFrameworks(args, side === 'supplier');
  const open = usePublicFrameworks(args, side === 'public' || side === 'purchaser');
  const query = side === 'center' || side === 'regulator' ? staff : side === 'supplier' ? supplier : open;
  const columns = useColumns(side);
  return (
    <>
      <PageTitle extra={extra}>{side === 'public' ? t('framework.publicTitle') : t('framework.title')}</PageTitle>
      {query.error ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Card>
          <Table<FrameworkCall>
            data-testid="frameworks-table"
            rowKey="id"
            loading={query.isLoading}
            columns={columns}
            dataSource={query.data?.items ?? []}
            locale={{ emptyText: t('framework.noCalls') }}
            pagination={tablePagination(list, query.data?.total, t)}
            scroll={{ x: 'max-content' }}
          />
        </Card>
      )}
    </>
  );
}

interface CallValues {
  title: string;
  categoryCode: string;
  requirements: string;
  method: 'price_first' | 'quality_first';
  entry: 'closed' | 'open';
  cap: string;
  maxAdmitted?: number;
  rotationCapacity?: number;
  startsOn: Dayjs;
  endsOn: Dayjs;
  deadline: Dayjs;
}

/** 发布征集公告 (POST /api/frameworks). */
function CreateCallModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CallValues>();
  const create = useCreateFramework();
  const entry = Form.useWatch('entry', form);
  const label = (k: keyof CallValues | 'cap') => t(`framework.fields.${k}`);
  const submit = (v: CallValues) =>
    create.mutate(
      {
        title: v.title,
        categoryCode: v.categoryCode,
        requirements: v.requirements,
        method: v.method,
        entry: v.entry,
        capUnitPriceFen: parseYuan(v.cap) ?? 0,
        ...(v.entry === 'closed' && v.maxAdmitted ? { maxAdmitted: v.maxAdmitted } : {}),
        ...(v.rotationCapacity ? { rotationCapacity: v.rotationCapacity } : {}),
        startsOn: v.startsOn.format('YYYY-MM-DD'),
        endsOn: v.endsOn.format('YYYY-MM-DD'),
        deadline: v.deadline.toISOString(),
      },
      {
        onSuccess: () => {
          void message.success(t('framework.create'));
          onClose();
        },
      },
    );
  return (
    <Modal
      open={open}
      title={t('framework.create')}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ loading: create.isPending, id: 'framework-create-submit' }}
      width={720}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('framework.createHint')}</Typography.Paragraph>
      {create.error ? <Alert type="error" showIcon title={problemSummary(create.error, t)} style={{ marginBottom: 12 }} /> : null}
      <Form<CallValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          method: 'price_first',
          entry: 'closed',
          maxAdmitted: 3,
          startsOn: dayjs(),
          endsOn: dayjs().add(1, 'year').subtract(1, 'day'),
          deadline: dayjs().add(7, 'day'),
        }}
      >
        <Form.Item name="title" label={label('title')} rules={[{ required: true, min: 4 }]}>
          <Input data-testid="framework-title" />
        </Form.Item>
        <Form.Item name="categoryCode" label={label('categoryCode')} rules={[{ required: true }]}>
          <CategorySelect aria-label={label('categoryCode')} />
        </Form.Item>
        <Form.Item name="requirements" label={label('requirements')} rules={[{ required: true, min: 4 }]}>
          <Input.TextArea rows={3} data-testid="framework-requirements" />
        </Form.Item>
        <Form.Item name="method" label={label('method')}>
          <Select options={(['price_first', 'quality_first'] as const).map((m) => ({ value: m, label: t(`framework.method.${m}`) }))} />
        </Form.Item>
        <Form.Item name="entry" label={label('entry')}>
          <Select options={(['closed', 'open'] as const).map((e) => ({ value: e, label: t(`framework.entry.${e}`) }))} />
        </Form.Item>
        <Form.Item name="cap" label={t('framework.fields.cap')} rules={[{ required: true }]}>
          <Input inputMode="decimal" data-testid="framework-cap" />
        </Form.Item>
        {entry === 'closed' ? (
          <Form.Item name="maxAdmitted" label={label('maxAdmitted')} rules={[{ required: true }]}>
            <InputNumber min={1} max={1000} />
          </Form.Item>
        ) : null}
        <Form.Item name="rotationCapacity" label={label('rotationCapacity')}>
          <InputNumber min={1} max={1000} />
        </Form.Item>
        <Form.Item name="startsOn" label={label('startsOn')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="endsOn" label={label('endsOn')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="deadline" label={label('deadline')} rules={[{ required: true }]}>
          <DatePicker showTime data-testid="framework-deadline" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function CenterFrameworksPage() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <FrameworksList
        side="center"
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="framework-create">
            {t('framework.create')}
          </Button>
        }
      />
      <CreateCallModal open={open} onClose={() => setOpen(false)} />
    </>
  );
}

export const PublicFrameworksPage = () => (
  <div className="app-content">
    <FrameworksList side="public" />
  </div>
);
export const SupplierFrameworksPage = () => <FrameworksList side="supplier" />;
export const PurchaserFrameworksPage = () => <FrameworksList side="purchaser" />;
export const RegulatorFrameworksPage = () => <FrameworksList side="regulator" />;
