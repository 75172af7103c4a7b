import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Flex, Form, Input, Modal, Select, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { tablePagination } from '../../app/components/pagination.ts';
import { ReasonModal } from '../../app/components/ReasonModal.tsx';
import { EmptyState, LoadError } from '../../app/components/states.tsx';
import { StatusTag } from '../../app/components/StatusTag.tsx';
import { useFormat } from '../../app/format.ts';
import { useFormProblem, zodRule } from '../../app/forms.ts';
import { useListParams } from '../../app/listParams.ts';
import { useCreateExclusion, useExclusions, useLiftExclusion, type Exclusion, type ListType } from './api.ts';
import { ExclusionPeriod, exclusionState, ListTypeTag, RegionScope } from './parts.tsx';
import { banLengthProblem, createExclusionBody, exclusionListTypeSchema, liftBody } from './schema.ts';
import { SupplierPicker } from './SupplierPicker.tsx';
import { ExportButtons } from '../../app/components/ExportButtons.tsx';

const listTypes = exclusionListTypeSchema.options;
const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

interface ExclusionForm {
  supplierId: string;
  listType: ListType;
  regionCode?: string;
  startsOn?: Dayjs;
  endsOn?: Dayjs | null;
  legalBasis: string;
}

const fields = ['supplierId', 'listType', 'regionCode', 'startsOn', 'endsOn', 'legalBasis'] as const;

/**
 * 列入名单 (POST /api/credit/exclusions). A bad-conduct listing bars the supplier for one to three
 * years (政府采购法第七十七条): its end date is required and checked with the server's own rule.
 */
function CreateExclusionModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ExclusionForm>();
  const create = useCreateExclusion();
  const problem = useFormProblem(form, fields);
  const listType = Form.useWatch('listType', form);
  const startsOn = Form.useWatch('startsOn', form);
  const badConduct = listType === 'bad_conduct';
  const label = (key: (typeof fields)[number]) => t(`credit.exclusions.fields.${key}`);

  const setYears = (years: number) => {
    if (!startsOn) return;
    form.setFieldValue('endsOn', startsOn.add(years, 'year').subtract(1, 'day'));
    void form.validateFields(['endsOn']);
  };

  return (
    <Modal
      open={open}
      title={t('credit.exclusions.formTitle')}
      okText={t('credit.exclusions.submit')}
      okButtonProps={{ danger: true, loading: create.isPending, disabled: create.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      afterClose={() => {
        form.resetFields();
        problem.clear();
      }}
      width={640}
      destroyOnHidden
    >
      {problem.formError ? <Alert type="error" showIcon title={problem.formError} style={{ marginBottom: 12 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        disabled={create.isPending}
        initialValues={{ listType: 'bad_conduct', legalBasis: t('credit.exclusions.article77Basis') }}
        onValuesChange={(changed: Partial<ExclusionForm>) => {
          if (problem.formError) problem.clear();
          // The usual basis follows the list type until someone writes their own.
          if (changed.listType) {
            const basis = form.getFieldValue('legalBasis') as string | undefined;
            const defaults = [t('credit.exclusions.article77Basis'), ''];
            if (!basis || defaults.includes(basis.trim())) {
              form.setFieldValue('legalBasis', changed.listType === 'bad_conduct' ? t('credit.exclusions.article77Basis') : '');
            }
          }
        }}
        onFinish={(values) =>
          create.mutate(
            {
              supplierId: values.supplierId,
              listType: values.listType,
              regionCode: values.regionCode?.trim() ?? '',
              startsOn: day(values.startsOn) ?? '',
              endsOn: day(values.endsOn),
              legalBasis: values.legalBasis.trim(),
            },
            {
              onSuccess: (x) => {
                void message.success(t('credit.exclusions.created', { name: x.name }));
                onClose();
              },
              onError: problem.onError,
            },
          )
        }
      >
        <Form.Item
          name="supplierId"
          required
          label={label('supplierId')}
          rules={[zodRule(createExclusionBody.shape.supplierId, label('supplierId'), t, { choose: true })]}
          extra={t('credit.picker.hint')}
        >
          <SupplierPicker />
        </Form.Item>
        <Form.Item
          name="listType"
          required
          label={label('listType')}
          rules={[zodRule(createExclusionBody.shape.listType, label('listType'), t, { choose: true })]}
        >
          <Select
            options={listTypes.map((lt) => ({ value: lt, label: t(`credit.listType.${lt}`) }))}
            optionRender={(o) => <span style={{ whiteSpace: 'normal' }}>{o.label}</span>}
          />
        </Form.Item>
        {badConduct ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('credit.exclusions.article77Title')}
            description={t('credit.exclusions.article77')}
          />
        ) : null}
        <Flex gap={16} wrap>
          <Form.Item
            name="startsOn"
            label={label('startsOn')}
            style={{ flex: '1 1 200px' }}
            rules={[{ required: true, message: t('form.choose', { field: label('startsOn') }) }]}
          >
            <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" />
          </Form.Item>
          <Form.Item
            name="endsOn"
            required={badConduct}
            label={label('endsOn')}
            style={{ flex: '1 1 200px' }}
            dependencies={['startsOn', 'listType']}
            extra={badConduct ? t('credit.exclusions.endsOnBadConduct') : t('credit.exclusions.endsOnOther')}
            rules={[
              {
                validator: async (_rule, value: Dayjs | null | undefined) => {
                  const type = form.getFieldValue('listType') as ListType | undefined;
                  const start = day(form.getFieldValue('startsOn') as Dayjs | undefined);
                  const end = day(value);
                  if (!type || !start) return;
                  if (end === null && type === 'bad_conduct') throw new Error(t('credit.exclusions.endsOnRequired'));
                  if (end !== null && end < start) throw new Error(t('credit.exclusions.endBeforeStart'));
                  if (banLengthProblem(type, start, end)) throw new Error(t('credit.exclusions.banLength'));
                },
              },
            ]}
          >
            <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" />
          </Form.Item>
        </Flex>
        {badConduct ? (
          <Flex gap={8} wrap align="center" style={{ marginTop: -8, marginBottom: 16 }}>
            <Typography.Text type="secondary">{t('credit.exclusions.quickEnd')}</Typography.Text>
            {[1, 2, 3].map((n) => (
              <Button key={n} size="small" disabled={!startsOn} onClick={() => setYears(n)}>
                {t('credit.exclusions.years', { n })}
              </Button>
            ))}
          </Flex>
        ) : null}
        <Form.Item
          name="regionCode"
          label={label('regionCode')}
          rules={[zodRule(createExclusionBody.shape.regionCode, label('regionCode'), t, { invalid: t('credit.exclusions.regionInvalid') })]}
          extra={t('credit.exclusions.regionHint')}
        >
          <Input maxLength={6} inputMode="numeric" placeholder="110000" />
        </Form.Item>
        <Form.Item
          name="legalBasis"
          required
          label={label('legalBasis')}
          rules={[zodRule(createExclusionBody.shape.legalBasis, label('legalBasis'), t)]}
        >
          <Input.TextArea rows={2} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 限制名单: who is barred, from what list, for how long, on what basis; list and lift. */
export default function ExclusionsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { message } = App.useApp();
  const list = useListParams(['status', 'q']);
  const exclusions = useExclusions({ page: list.page, pageSize: list.pageSize, ...list.filters });
  const [creating, setCreating] = useState(false);
  const [lifting, setLifting] = useState<Exclusion | null>(null);
  const lift = useLiftExclusion();

  const columns: TableColumnsType<Exclusion> = [
    {
      key: 'name',
      dataIndex: 'name',
      title: t('credit.exclusions.name'),
      render: (name: string, x) =>
        x.supplierId ? (
          <Link to={`/regulator/credit/suppliers/${encodeURIComponent(x.supplierId)}`}>{name}</Link>
        ) : (
          <span>
            {name} <Tag>{t('credit.imports.unregistered')}</Tag>
          </span>
        ),
    },
    {
      key: 'state',
      title: t('credit.exclusions.state'),
      render: (_: unknown, x) => (
        <span>
          <StatusTag status={exclusionState(x)} />
          {x.liftedReason ? (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, maxWidth: 200 }}>
              {x.liftedReason}
            </Typography.Text>
          ) : null}
        </span>
      ),
    },
    { key: 'uscc', dataIndex: 'uscc', title: t('org.uscc'), render: (v: string) => <span className="hash">{v}</span> },
    {
      key: 'listType',
      dataIndex: 'listType',
      title: t('credit.exclusions.listType'),
      render: (v: ListType) => (
        <div style={{ maxWidth: 240 }}>
          <ListTypeTag listType={v} />
        </div>
      ),
    },
    {
      key: 'period',
      title: t('credit.exclusions.period_'),
      render: (_: unknown, x) => <ExclusionPeriod startsOn={x.startsOn} endsOn={x.endsOn} />,
    },
    { key: 'region', dataIndex: 'regionCode', title: t('credit.exclusions.region'), render: (v: string) => <RegionScope code={v} /> },
    {
      key: 'legalBasis',
      dataIndex: 'legalBasis',
      title: t('credit.exclusions.legalBasis'),
      render: (v: string) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: v }} style={{ margin: 0, maxWidth: 200 }}>
          {v}
        </Typography.Paragraph>
      ),
    },
    {
      key: 'createdAt',
      responsive: ['xxl'],
      dataIndex: 'createdAt',
      title: t('credit.exclusions.createdAt'),
      render: (v: string) => format.dateTime(v),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_: unknown, x) =>
        x.status === 'active' ? (
          <Button size="small" danger onClick={() => setLifting(x)}>
            {t('credit.exclusions.lift')}
          </Button>
        ) : (
          t('common.none')
        ),
    },
  ];

  const filtered = Object.values(list.filters).some(Boolean);

  return (
    <>
      <PageTitle
        extra={
          <Button type="primary" danger icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('credit.exclusions.open')}
          </Button>
        }
      >
        {t('credit.exclusions.pageTitle')}
      </PageTitle>
      <Card>
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {t('credit.exclusions.intro')}
        </Typography.Paragraph>
        <div className="table-filters">
          <Select
            allowClear
            placeholder={t('credit.exclusions.allStatuses')}
            value={list.filters.status}
            onChange={(v: string | undefined) => list.setFilter('status', v)}
            options={[
              { value: 'active', label: t('credit.exclusions.statusActive') },
              { value: 'lifted', label: t('status.lifted') },
            ]}
            aria-label={t('credit.exclusions.state')}
          />
          <Input.Search
            key={list.filters.q ?? ''}
            allowClear
            defaultValue={list.filters.q}
            maxLength={50}
            placeholder={t('credit.exclusions.searchPlaceholder')}
            onSearch={(v) => list.setFilter('q', v.trim() || undefined)}
            enterButton={t('common.search')}
          />
          <ExportButtons
            path="/api/credit/exclusions"
            filters={list.filters}
            filename={t('credit.exclusions.pageTitle')}
            testId="exclusions-export"
          />
        </div>
        {exclusions.isError && !exclusions.data ? (
          <LoadError error={exclusions.error} onRetry={() => void exclusions.refetch()} />
        ) : (
          <Table<Exclusion>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={exclusions.data?.items ?? []}
            loading={exclusions.isFetching}
            pagination={tablePagination(list, exclusions.data?.total, t)}
            scroll={{ x: 'max-content' }}
            locale={{
              emptyText: exclusions.isPending ? (
                ' '
              ) : (
                <EmptyState
                  title={filtered ? t('credit.exclusions.emptyFiltered') : t('credit.exclusions.empty')}
                  hint={filtered ? t('credit.exclusions.emptyFilteredHint') : t('credit.exclusions.emptyHint')}
                />
              ),
            }}
          />
        )}
      </Card>
      <CreateExclusionModal open={creating} onClose={() => setCreating(false)} />
      <ReasonModal
        open={lifting !== null}
        title={t('credit.exclusions.liftTitle', { name: lifting?.name ?? '' })}
        description={<Typography.Text type="secondary">{t('credit.exclusions.liftHint')}</Typography.Text>}
        label={t('credit.exclusions.liftReason')}
        schema={liftBody.shape.reason}
        okText={t('credit.exclusions.lift')}
        danger
        pending={lift.isPending}
        onClose={() => setLifting(null)}
        onSubmit={(reason, callbacks) => {
          if (!lifting) return;
          lift.mutate(
            { exclusionId: lifting.id, reason },
            {
              onSuccess: () => {
                void message.success(t('credit.exclusions.lifted'));
                callbacks.onSuccess();
              },
              onError: callbacks.onError,
            },
          );
        }}
      />
    </>
  );
}
