import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Flex, List, Popover, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useFormat } from '../../app/format.ts';
import { useMarkRead, useNotifications, type Notification } from './api.ts';
import { useNoticeWords } from './noticeWords.ts';
import { noticeLinkFor } from './links.ts';
import { useCurrentSession } from '../../app/session.ts';

/** 站内消息 in the header: the unread count on the bell, the latest few in a popover, all on /notifications. */
export function NotificationBell() {
  const { t } = useTranslation();
  const format = useFormat();
  const words = useNoticeWords();
  const navigate = useNavigate();
  const roles = useCurrentSession().user.roles;
  const [open, setOpen] = useState(false);
  const latest = useNotifications({ page: 1, pageSize: 5 }, true);
  const markRead = useMarkRead();
  const unread = latest.data?.unread ?? 0;
  const go = (n: Notification) => {
    setOpen(false);
    if (!n.readAt) markRead.mutate(n.id);
    void navigate(n.link ? noticeLinkFor(n.link, roles) : '/notifications');
  };
  const content = (
    <Flex vertical gap={8} style={{ width: 320, maxWidth: '80vw' }} data-testid="notification-popover">
      {latest.data?.items.length ? (
        <List
          size="small"
          dataSource={latest.data.items}
          renderItem={(n) => (
            <List.Item key={n.id} onClick={() => go(n)} style={{ cursor: 'pointer', paddingInline: 0 }}>
              <Flex vertical style={{ width: '100%' }}>
                <Typography.Text strong={!n.readAt} ellipsis data-testid="notification-title">
                  {words(n).title}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {format.dateTime(n.createdAt)}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      ) : (
        <Typography.Text type="secondary">{t('nav.noNotifications')}</Typography.Text>
      )}
      <Button
        type="link"
        style={{ alignSelf: 'flex-end', padding: 0 }}
        onClick={() => {
          setOpen(false);
          void navigate('/notifications');
        }}
        data-testid="all-notifications"
      >
        {t('notifications.all')}
      </Button>
    </Flex>
  );
  return (
    <Popover content={content} trigger="click" placement="bottomRight" open={open} onOpenChange={setOpen}>
      <Button
        type="text"
        aria-label={unread ? t('notifications.bellUnread', { n: unread }) : t('nav.notifications')}
        icon={
          <Badge count={unread} size="small" offset={[2, -2]} data-testid="notification-count">
            <BellOutlined style={{ color: '#fff' }} />
          </Badge>
        }
        data-testid="notification-bell"
      />
    </Popover>
  );
}
