import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Form, Input, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { notificationTopics } from '@contracts/notifications.schemas.ts';
import { api } from '../../app/api.ts';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { problemText } from '../../app/components/states.tsx';

type Values = { email: string; emailTopics: (typeof notificationTopics)[number][] };

/** 通知设置: which kinds of notification also reach the user by e-mail, and at which address. */
export default function NotificationSettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const settings = useQuery({
    queryKey: ['notifications', 'settings'],
    queryFn: ({ signal }) => api.get('/api/notifications/settings', { signal }),
  });
  useEffect(() => {
    if (settings.data) form.setFieldsValue({ email: settings.data.email ?? '', emailTopics: settings.data.emailTopics });
  }, [settings.data, form]);
  const save = useMutation({
    mutationFn: (v: Values) => api.put('/api/notifications/settings', { body: { email: v.email.trim(), emailTopics: v.emailTopics } }),
    onSuccess: (data) => {
      client.setQueryData(['notifications', 'settings'], data);
      void message.success(t('notificationSettings.saved'));
    },
  });
  const account = settings.data?.accountEmail ?? t('notificationSettings.noAccountEmail');
  return (
    <>
      <PageTitle>{t('notificationSettings.title')}</PageTitle>
      <Card>
        {settings.data && !settings.data.emailEnabled ? (
          <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('notificationSettings.disabled')} />
        ) : null}
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} style={{ maxWidth: 560 }} data-testid="notification-settings">
          <Form.Item
            name="email"
            label={t('notificationSettings.email')}
            extra={t('notificationSettings.emailHint', { account })}
            rules={[{ type: 'email' }]}
          >
            <Input data-testid="settings-email" autoComplete="email" />
          </Form.Item>
          <Form.Item name="emailTopics" label={t('notificationSettings.topics')}>
            <Checkbox.Group options={notificationTopics.map((k) => ({ value: k, label: t(`notificationSettings.topic.${k}`) }))} />
          </Form.Item>
          {save.error ? <Typography.Text type="danger">{problemText(save.error, t)}</Typography.Text> : null}
          <div>
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="settings-save">
              {t('notificationSettings.save')}
            </Button>
          </div>
        </Form>
      </Card>
    </>
  );
}
