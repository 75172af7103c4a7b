import { Card, Input, Select, Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { ExportButtons } from '../../app/components/ExportButtons.tsx';
import { tablePagination } from '../../app/components/pagination.ts';
import { EmptyState, LoadError } from '../../app/components/states.tsx';
import { RoleTag, StatusTag } from '../../app/components/StatusTag.tsx';
import { useFormat } from '../../app/format.ts';
import { useListParams } from '../../app/listParams.ts';
import { roles, type Role } from '../../app/types.ts';
import { useAdminUsers, type AdminUser } from './api.ts';
import { PageTitle } from '../../app/components/PageTitle.tsx';

export default function UsersPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const list = useListParams(['role', 'q']);
  const users = useAdminUsers({ page: list.page, pageSize: list.pageSize, ...list.filters });

  const columns: TableColumnsType<AdminUser> = [
    { key: 'username', dataIndex: 'username', title: t('admin.users.username') },
    { key: 'displayName', dataIndex: 'displayName', title: t('admin.users.displayName') },
    {
      key: 'roles',
      dataIndex: 'roles',
      title: t('admin.users.roles'),
      render: (rs: Role[]) => rs.map((r) => <RoleTag key={r} role={r} />),
    },
    {
      key: 'status',
      dataIndex: 'status',
      title: t('admin.users.status'),
      render: (s: AdminUser['status']) => <StatusTag status={s} />,
    },
    { key: 'organization', dataIndex: 'organizationName', title: t('admin.users.organization') },
    {
      key: 'lastLoginAt',
      dataIndex: 'lastLoginAt',
      title: t('admin.users.lastLoginAt'),
      render: (v: string | null) => (v ? format.dateTime(v) : t('admin.users.never')),
    },
  ];

  return (
    <>
      <PageTitle>{t('admin.users.title')}</PageTitle>
      <Card>
        <div className="table-filters">
          <Select
            allowClear
            placeholder={t('admin.users.allRoles')}
            value={list.filters.role}
            onChange={(v: string | undefined) => list.setFilter('role', v)}
            options={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            aria-label={t('admin.users.roles')}
          />
          <Input.Search
            key={list.filters.q ?? ''}
            allowClear
            defaultValue={list.filters.q}
            placeholder={t('admin.users.searchPlaceholder')}
            onSearch={(v) => list.setFilter('q', v.trim() || undefined)}
            enterButton={t('common.search')}
          />
          <ExportButtons path="/api/admin/users" filters={list.filters} filename={t('admin.users.title')} testId="users-export" />
        </div>
        {users.isError && !users.data ? (
          <LoadError error={users.error} onRetry={() => void users.refetch()} />
        ) : (
          <Table<AdminUser>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={users.data?.items ?? []}
            loading={users.isFetching}
            pagination={tablePagination(list, users.data?.total, t)}
            scroll={{ x: 'max-content' }}
            locale={{
              emptyText: users.isPending ? ' ' : <EmptyState title={t('admin.users.empty')} hint={t('admin.users.emptyHint')} />,
            }}
          />
        )}
      </Card>
    </>
  );
}
