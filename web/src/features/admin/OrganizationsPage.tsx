import { Alert, App, Button, Card, Form, Input, Modal, Select, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormProblem } from '../../app/forms.ts';
import { ExportButtons } from '../../app/components/ExportButtons.tsx';
import { tablePagination } from '../../app/components/pagination.ts';
import { EmptyState, LoadError } from '../../app/components/states.tsx';
import { useFormat } from '../../app/format.ts';
import { useListParams } from '../../app/listParams.ts';
import { organizationKinds, type Organization } from '../../app/types.ts';
import { useRegionLabel } from '../../app/regions.ts';
import { useAdminOrganizations, useUpdateSupplier } from './api.ts';

interface SupplierForm {
  legalRepresentative: string;
  controlledByUscc: string;
}

/** 关联关系: who represents a supplier and who controls it, which decide who may bid together in one lot. */
function SupplierRelationsModal({ org, onClose }: { org: Organization; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<SupplierForm>();
  const save = useUpdateSupplier();
  const problem = useFormProblem(form, ['legalRepresentative', 'controlledByUscc']);
  const submit = (v: SupplierForm) => {
    problem.clear();
    save.mutate(
      { id: org.id, legalRepresentative: v.legalRepresentative.trim() || null, controlledByUscc: v.controlledByUscc.trim() || null },
      {
        onSuccess: () => {
          void message.success(t('admin.organizations.saved'));
          onClose();
        },
        onError: problem.onError,
      },
    );
  };
  return (
    <Modal
      open
      title={t('admin.organizations.editTitle', { name: org.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okText={t('admin.organizations.saveRelations')}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('admin.organizations.editIntro')}</Typography.Paragraph>
      {problem.formError ? <Alert type="error" showIcon title={problem.formError} style={{ marginBottom: 12 }} /> : null}
      <Form<SupplierForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ legalRepresentative: org.legalRepresentative ?? '', controlledByUscc: org.controlledByUscc ?? '' }}
        data-testid="supplier-relations-form"
      >
        <Form.Item name="legalRepresentative" label={t('admin.organizations.legalRepresentative')}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item
          name="controlledByUscc"
          label={t('admin.organizations.controlledByUscc')}
          extra={t('admin.organizations.controlledByUsccHint')}
        >
          <Input maxLength={18} className="hash" style={{ textTransform: 'uppercase' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
import { PageTitle } from '../../app/components/PageTitle.tsx';

export default function OrganizationsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const regionLabel = useRegionLabel();
  const list = useListParams(['kind', 'q']);
  const orgs = useAdminOrganizations({ page: list.page, pageSize: list.pageSize, ...list.filters });
  const [editing, setEditing] = useState<Organization | null>(null);

  const columns: TableColumnsType<Organization> = [
    { key: 'name', dataIndex: 'name', title: t('admin.organizations.name') },
    {
      key: 'kind',
      dataIndex: 'kind',
      title: t('admin.organizations.kind'),
      render: (kind: Organization['kind']) => <Tag>{t(`orgKind.${kind}`)}</Tag>,
    },
    {
      key: 'uscc',
      dataIndex: 'uscc',
      title: t('admin.organizations.uscc'),
      render: (v: string | null) => <span className="hash">{v ?? t('common.none')}</span>,
    },
    {
      key: 'region',
      dataIndex: 'regionName',
      title: t('admin.organizations.region'),
      render: (v: string | null, org: Organization) => regionLabel(org.regionCode, v) || t('common.none'),
    },
    {
      key: 'createdAt',
      dataIndex: 'createdAt',
      title: t('admin.organizations.createdAt'),
      render: (v: string) => format.dateTime(v),
    },
    {
      key: 'actions',
      title: '',
      render: (_: unknown, o) =>
        o.kind === 'supplier' ? (
          <Button size="small" onClick={() => setEditing(o)} data-testid="edit-supplier">
            {t('admin.organizations.edit')}
          </Button>
        ) : null,
    },
  ];

  return (
    <>
      <PageTitle>{t('admin.organizations.title')}</PageTitle>
      <Card>
        <div className="table-filters">
          <Select
            allowClear
            placeholder={t('admin.organizations.allKinds')}
            value={list.filters.kind}
            onChange={(v: string | undefined) => list.setFilter('kind', v)}
            options={organizationKinds.map((k) => ({ value: k, label: t(`orgKind.${k}`) }))}
            aria-label={t('admin.organizations.kind')}
          />
          <Input.Search
            key={list.filters.q ?? ''}
            allowClear
            defaultValue={list.filters.q}
            placeholder={t('admin.organizations.searchPlaceholder')}
            onSearch={(v) => list.setFilter('q', v.trim() || undefined)}
            enterButton={t('common.search')}
          />
          <ExportButtons
            path="/api/admin/organizations"
            filters={list.filters}
            filename={t('admin.organizations.title')}
            testId="organizations-export"
          />
        </div>
        {orgs.isError && !orgs.data ? (
          <LoadError error={orgs.error} onRetry={() => void orgs.refetch()} />
        ) : (
          <Table<Organization>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={orgs.data?.items ?? []}
            loading={orgs.isFetching}
            pagination={tablePagination(list, orgs.data?.total, t)}
            scroll={{ x: 'max-content' }}
            locale={{
              emptyText: orgs.isPending ? (
                ' '
              ) : (
                <EmptyState title={t('admin.organizations.empty')} hint={t('admin.organizations.emptyHint')} />
              ),
            }}
          />
        )}
      </Card>
      {editing ? <SupplierRelationsModal org={editing} onClose={() => setEditing(null)} /> : null}
    </>
  );
}
