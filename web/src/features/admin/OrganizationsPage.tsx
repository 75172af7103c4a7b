import { Card, Input, Select, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { tablePagination } from '../../app/components/pagination.ts';
import { EmptyState, LoadError } from '../../app/components/states.tsx';
import { useFormat } from '../../app/format.ts';
import { useListParams } from '../../app/listParams.ts';
import { organizationKinds, type Organization } from '../../app/types.ts';
import { useAdminOrganizations } from './api.ts';
import { PageTitle } from '../../app/components/PageTitle.tsx';

export default function OrganizationsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const list = useListParams(['kind', 'q']);
  const orgs = useAdminOrganizations({ page: list.page, pageSize: list.pageSize, ...list.filters });

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
      render: (v: string | null) => v ?? t('common.none'),
    },
    {
      key: 'createdAt',
      dataIndex: 'createdAt',
      title: t('admin.organizations.createdAt'),
      render: (v: string) => format.dateTime(v),
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
              emptyText: orgs.isPending ? ' ' : (
                <EmptyState title={t('admin.organizations.empty')} hint={t('admin.organizations.emptyHint')} />
              ),
            }}
          />
        )}
      </Card>
    </>
  );
}
