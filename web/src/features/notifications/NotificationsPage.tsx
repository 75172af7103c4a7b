import { CheckOutlined, SettingOutlined } from '@ant-design/icons';
import { Button, Card, Grid, Segmented, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ExportButtons } from '../../app/components/ExportButtons.tsx';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { tablePagination } from '../../app/components/pagination.ts';
import { EmptyState, LoadError } from '../../app/components/states.tsx';
import { useFormat } from '../../app/format.ts';
import { useListParams } from '../../app/listParams.ts';
import { useMarkRead, useNotifications, type Notification } from './api.ts';
import { useNoticeWords } from './noticeWords.ts';
import { noticeLinkFor } from './links.ts';
import { useCurrentSession } from '../../app/session.ts';

/** 站内消息: every notice to the caller's organization and to the caller, newest first. */
export default function NotificationsPage() {
  const { t } = useTranslation();
  const roles = useCurrentSession().user.roles;
  const format = useFormat();
  const words = useNoticeWords();
  const list = useListParams(['unread']);
  const unreadOnly = list.filters.unread === 'true';
  const result = useNotifications({ page: list.page, pageSize: list.pageSize, unread: unreadOnly });
  const markRead = useMarkRead();
  // On a phone the message takes the width: its time goes above it and its 标为已读 under it, not in columns of their own.
  const wide = Grid.useBreakpoint().md !== false;
  const markButton = (n: Notification) => (
    <Button
      size="small"
      icon={<CheckOutlined />}
      loading={markRead.isPending && markRead.variables === n.id}
      onClick={() => markRead.mutate(n.id)}
      data-testid="mark-read"
    >
      {t('notifications.markRead')}
    </Button>
  );
  const columns: TableColumnsType<Notification> = [
    {
      key: 'at',
      hidden: !wide,
      dataIndex: 'createdAt',
      title: t('notifications.at'),
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{format.dateTime(v)}</span>,
    },
    {
      key: 'title',
      title: t('notifications.message'),
      render: (_: unknown, n) => {
        const { title, body } = words(n);
        return (
          <div style={{ minWidth: wide ? 220 : 0, maxWidth: wide ? 560 : undefined, whiteSpace: 'normal' }}>
            {wide ? null : (
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                {format.dateTime(n.createdAt)}
              </Typography.Text>
            )}
            <Typography.Text strong={!n.readAt} data-testid="notification-title">
              {n.link ? (
                <Link to={noticeLinkFor(n.link, roles)} onClick={() => !n.readAt && markRead.mutate(n.id)}>
                  {title}
                </Link>
              ) : (
                title
              )}
            </Typography.Text>
            {n.personal ? <Tag style={{ marginInlineStart: 6 }}>{t('notifications.personal')}</Tag> : null}
            <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 13 }} data-testid="notification-body">
              {body}
            </Typography.Paragraph>
            {wide || n.readAt ? null : <div style={{ marginTop: 4 }}>{markButton(n)}</div>}
          </div>
        );
      },
    },
    {
      key: 'read',
      hidden: !wide,
      title: t('notifications.status'),
      render: (_: unknown, n) => (n.readAt ? <Typography.Text type="secondary">{t('notifications.read')}</Typography.Text> : markButton(n)),
    },
  ];
  return (
    <>
      <PageTitle
        extra={
          <Link to="/notifications/settings" data-testid="notification-settings-link">
            <Button icon={<SettingOutlined />}>{t('notificationSettings.title')}</Button>
          </Link>
        }
      >
        {t('notifications.title')}
      </PageTitle>
      <Card>
        <div className="table-filters">
          <Segmented
            value={unreadOnly ? 'unread' : 'all'}
            onChange={(v) => list.setFilter('unread', v === 'unread' ? 'true' : undefined)}
            options={[
              { value: 'all', label: t('notifications.filterAll') },
              { value: 'unread', label: t('notifications.filterUnread', { n: result.data?.unread ?? 0 }) },
            ]}
          />
          <ExportButtons
            path="/api/notifications"
            filters={{ unread: unreadOnly ? 'true' : undefined }}
            filename={t('notifications.title')}
            testId="notifications-export"
          />
        </div>
        {result.isError && !result.data ? (
          <LoadError error={result.error} onRetry={() => void result.refetch()} />
        ) : (
          <Table<Notification>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={result.data?.items ?? []}
            loading={result.isFetching}
            pagination={tablePagination(list, result.data?.total, t)}
            scroll={wide ? { x: 'max-content' } : undefined}
            rowClassName={(n) => (n.readAt ? '' : 'row-todo')}
            locale={{
              emptyText: result.isPending ? ' ' : <EmptyState title={t('nav.noNotifications')} hint={t('notifications.emptyHint')} />,
            }}
            data-testid="notifications-table"
          />
        )}
      </Card>
    </>
  );
}
