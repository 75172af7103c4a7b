import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { ExportButtons } from '../../app/components/ExportButtons.tsx';
import { tablePagination } from '../../app/components/pagination.ts';
import { EmptyState, LoadError } from '../../app/components/states.tsx';
import { useFormProblem, zodRule } from '../../app/forms.ts';
import { useListParams } from '../../app/listParams.ts';
import { useCreateExpert, useExperts, type Expert } from './api.ts';
import { ExpertDrawer } from './ExpertDrawer.tsx';
import { CategorySelect, ExpertRegion, ExpertStatusTag, RatingSummary, SpecialtyTags } from './parts.tsx';
import { createExpertBody, expertStatusSchema } from './schema.ts';

interface ExpertForm {
  name: string;
  title: string;
  employer: string;
  employerUscc?: string;
  specialties: string[];
  regionCode: string;
}

const fields = ['name', 'title', 'employer', 'employerUscc', 'specialties', 'regionCode'] as const;

/** 新增专家 (POST /api/experts): center staff add an expert to the pool with their specialties. */
function CreateExpertModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (expert: Expert) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ExpertForm>();
  const create = useCreateExpert();
  const problem = useFormProblem(form, fields);
  const label = (key: (typeof fields)[number]) => t(`experts.fields.${key}`);
  const rule = (key: (typeof fields)[number], options?: { invalid?: string; choose?: boolean }) =>
    zodRule(createExpertBody.shape[key], label(key), t, options);

  return (
    <Modal
      open={open}
      title={t('experts.createTitle')}
      okText={t('experts.createSubmit')}
      okButtonProps={{ loading: create.isPending, disabled: create.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      afterClose={() => {
        form.resetFields();
        problem.clear();
      }}
      destroyOnHidden
    >
      {problem.formError ? <Alert type="error" showIcon title={problem.formError} style={{ marginBottom: 12 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        disabled={create.isPending}
        onFinish={(values) =>
          create.mutate(
            {
              name: values.name.trim(),
              title: values.title.trim(),
              employer: values.employer.trim(),
              ...(values.employerUscc?.trim() ? { employerUscc: values.employerUscc.trim().toUpperCase() } : {}),
              specialties: values.specialties,
              regionCode: values.regionCode.trim(),
            },
            {
              onSuccess: (expert) => {
                void message.success(t('experts.created', { name: expert.name }));
                onClose();
                onCreated(expert);
              },
              onError: problem.onError,
            },
          )
        }
      >
        <Form.Item name="name" required label={label('name')} rules={[rule('name')]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="title" required label={label('title')} rules={[rule('title')]}>
          <Input maxLength={50} placeholder={t('experts.titlePlaceholder')} />
        </Form.Item>
        <Form.Item name="employer" required label={label('employer')} rules={[rule('employer')]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="employerUscc"
          label={label('employerUscc')}
          rules={[rule('employerUscc', { invalid: t('experts.usccInvalid') })]}
          extra={t('experts.employerUsccHint')}
        >
          <Input maxLength={18} className="hash" />
        </Form.Item>
        <Form.Item
          name="specialties"
          required
          label={label('specialties')}
          rules={[rule('specialties', { choose: true })]}
          extra={t('experts.specialtiesHint')}
        >
          <CategorySelect multiple placeholder={t('experts.specialtiesPlaceholder')} />
        </Form.Item>
        <Form.Item
          name="regionCode"
          required
          label={label('regionCode')}
          rules={[rule('regionCode', { invalid: t('experts.regionInvalid') })]}
          extra={t('experts.regionHint')}
        >
          <Input maxLength={6} inputMode="numeric" placeholder="110000" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 专家名录: the expert pool by status, specialty and name; center staff add and rate, both may change status. */
function ExpertPoolPage({ mode }: { mode: 'center' | 'regulator' }) {
  const { t } = useTranslation();
  const list = useListParams(['status', 'specialty', 'q']);
  const experts = useExperts({ page: list.page, pageSize: list.pageSize, ...list.filters });
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  const columns: TableColumnsType<Expert> = [
    {
      key: 'name',
      dataIndex: 'name',
      title: t('experts.name'),
      fixed: 'left',
      render: (v: string, e) => <Typography.Link onClick={() => setSelected(e.id)}>{v}</Typography.Link>,
    },
    { key: 'title', dataIndex: 'title', title: t('experts.title') },
    { key: 'employer', dataIndex: 'employer', title: t('experts.employer') },
    {
      key: 'specialties',
      dataIndex: 'specialties',
      title: t('experts.specialties'),
      render: (v: string[]) => (
        <div style={{ maxWidth: 260 }}>
          <SpecialtyTags codes={v} />
        </div>
      ),
    },
    { key: 'region', dataIndex: 'regionCode', title: t('experts.region'), render: (v: string) => <ExpertRegion code={v} /> },
    { key: 'status', dataIndex: 'status', title: t('experts.status'), render: (s: Expert['status']) => <ExpertStatusTag status={s} /> },
    { key: 'rating', title: t('experts.rating.average'), render: (_: unknown, e) => <RatingSummary expert={e} /> },
  ];

  const filtered = Object.values(list.filters).some(Boolean);

  return (
    <>
      <PageTitle
        extra={
          mode === 'center' ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('experts.create')}
            </Button>
          ) : null
        }
      >
        {t('experts.pageTitle')}
      </PageTitle>
      <Card>
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {t('experts.intro')}
        </Typography.Paragraph>
        <div className="table-filters">
          <Select
            allowClear
            placeholder={t('experts.allStatuses')}
            value={list.filters.status}
            onChange={(v: string | undefined) => list.setFilter('status', v)}
            options={expertStatusSchema.options.map((s) => ({ value: s, label: t(`status.${s}`) }))}
            aria-label={t('experts.status')}
          />
          <CategorySelect
            value={list.filters.specialty}
            onChange={(v) => list.setFilter('specialty', typeof v === 'string' ? v : undefined)}
            placeholder={t('experts.specialtyFilter')}
            aria-label={t('experts.specialties')}
          />
          <Input.Search
            key={list.filters.q ?? ''}
            allowClear
            defaultValue={list.filters.q}
            maxLength={50}
            placeholder={t('experts.searchPlaceholder')}
            onSearch={(v) => list.setFilter('q', v.trim() || undefined)}
            enterButton={t('common.search')}
          />
          <ExportButtons path="/api/experts" filters={list.filters} filename={t('experts.pageTitle')} testId="experts-export" />
        </div>
        {list.filters.specialty ? (
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('experts.specialtyRule', { code: list.filters.specialty })}
          </Typography.Paragraph>
        ) : null}
        {experts.isError && !experts.data ? (
          <LoadError error={experts.error} onRetry={() => void experts.refetch()} />
        ) : (
          <Table<Expert>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={experts.data?.items ?? []}
            loading={experts.isFetching}
            pagination={tablePagination(list, experts.data?.total, t)}
            scroll={{ x: 'max-content' }}
            onRow={(e) => ({ onDoubleClick: () => setSelected(e.id) })}
            locale={{
              emptyText: experts.isPending ? (
                ' '
              ) : (
                <EmptyState
                  title={filtered ? t('experts.emptyFiltered') : t('experts.empty')}
                  hint={
                    filtered ? t('experts.emptyFilteredHint') : mode === 'center' ? t('experts.emptyHintCenter') : t('experts.emptyHint')
                  }
                />
              ),
            }}
          />
        )}
      </Card>
      <ExpertDrawer expertId={selected} canRate={mode === 'center'} onClose={() => setSelected(null)} />
      <CreateExpertModal open={creating} onClose={() => setCreating(false)} onCreated={(e) => setSelected(e.id)} />
    </>
  );
}

export function CenterExpertPoolPage() {
  return <ExpertPoolPage mode="center" />;
}

export function RegulatorExpertPoolPage() {
  return <ExpertPoolPage mode="regulator" />;
}
