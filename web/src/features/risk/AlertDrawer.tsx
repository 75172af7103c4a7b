import { CheckCircleOutlined, RedoOutlined, UserSwitchOutlined } from '@ant-design/icons';
import {
  Alert as Notice,
  App,
  Button,
  Card,
  Descriptions,
  Divider,
  Drawer,
  Flex,
  Form,
  Grid,
  Input,
  Modal,
  Radio,
  Select,
  Skeleton,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ReasonModal } from '../../app/components/ReasonModal.tsx';
import { LoadError } from '../../app/components/states.tsx';
import { useFormat } from '../../app/format.ts';
import { useFormProblem, zodRule } from '../../app/forms.ts';
import {
  useAlert,
  useAssignAlert,
  useAssignees,
  useCloseAlert,
  useCommentAlert,
  useReopenAlert,
  type AlertDetail,
  type AlertNote,
  type CloseInput,
  type Rule,
} from './api.ts';
import { Evidence, subjectPath } from './Evidence.tsx';
import { AlertSeverityTag, AlertStatusTag, ResolutionTag, ruleName } from './parts.tsx';
import { assignBody, closeBody, commentBody, reopenBody } from './schema.ts';
import { useServerText } from '../../app/serverText.ts';

const noteColors: Record<AlertNote['kind'], string> = { comment: 'blue', assign: 'gray', close: 'green', reopen: 'orange' };

function AssignForm({ alert }: { alert: AlertDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ assigneeId: string; note?: string }>();
  const assignees = useAssignees(alert.id);
  const assign = useAssignAlert();
  const problem = useFormProblem(form, ['assigneeId', 'note']);
  const label = t('risk.actions.assignee');
  return (
    <Form
      form={form}
      layout="vertical"
      disabled={assign.isPending}
      initialValues={{ assigneeId: alert.assigneeId ?? undefined }}
      onFinish={(values) =>
        assign.mutate(
          { alertId: alert.id, body: { assigneeId: values.assigneeId, note: values.note?.trim() ?? '' } },
          {
            onSuccess: (detail) => {
              void message.success(t('risk.actions.assigned', { name: detail.assigneeName ?? '' }));
              form.setFieldValue('note', '');
            },
            onError: problem.onError,
          },
        )
      }
      data-testid="assign-form"
    >
      {problem.formError ? <Notice type="error" showIcon title={problem.formError} style={{ marginBottom: 8 }} /> : null}
      <Flex gap={8} wrap align="start">
        <Form.Item
          name="assigneeId"
          label={label}
          required
          rules={[zodRule(assignBody.shape.assigneeId, label, t, { choose: true })]}
          style={{ flex: '1 1 200px', marginBottom: 8 }}
        >
          <Select
            id="assigneeId"
            loading={assignees.isPending}
            options={(assignees.data ?? []).map((a) => ({ value: a.id, label: a.displayName }))}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
        <Form.Item
          name="note"
          label={t('risk.actions.assignNote')}
          rules={[zodRule(assignBody.shape.note, t('risk.actions.assignNote'), t)]}
          style={{ flex: '2 1 240px', marginBottom: 8 }}
        >
          <Input maxLength={2000} />
        </Form.Item>
      </Flex>
      <Button htmlType="submit" icon={<UserSwitchOutlined />} loading={assign.isPending}>
        {t('risk.actions.assign')}
      </Button>
    </Form>
  );
}

function CommentForm({ alert }: { alert: AlertDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ body: string }>();
  const comment = useCommentAlert();
  const problem = useFormProblem(form, ['body']);
  const label = t('risk.actions.commentLabel');
  return (
    <Form
      form={form}
      layout="vertical"
      disabled={comment.isPending}
      onFinish={(values) =>
        comment.mutate(
          { alertId: alert.id, body: { body: values.body.trim() } },
          {
            onSuccess: () => {
              void message.success(t('risk.actions.commented'));
              form.resetFields();
            },
            onError: problem.onError,
          },
        )
      }
      data-testid="comment-form"
    >
      {problem.formError ? <Notice type="error" showIcon title={problem.formError} style={{ marginBottom: 8 }} /> : null}
      <Form.Item name="body" label={label} required rules={[zodRule(commentBody.shape.body, label, t)]} style={{ marginBottom: 8 }}>
        <Input.TextArea id="commentBody" rows={3} maxLength={2000} showCount placeholder={t('risk.actions.commentPlaceholder')} />
      </Form.Item>
      <Button htmlType="submit" loading={comment.isPending}>
        {t('risk.actions.comment')}
      </Button>
    </Form>
  );
}

function CloseModal({ alert, open, onClose }: { alert: AlertDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CloseInput>();
  const close = useCloseAlert();
  const problem = useFormProblem(form, ['resolution', 'note']);
  return (
    <Modal
      open={open}
      title={t('risk.actions.close')}
      okText={t('risk.actions.close')}
      okButtonProps={{ loading: close.isPending, disabled: close.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      afterClose={() => {
        form.resetFields();
        problem.clear();
      }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('risk.actions.closeHint')}</Typography.Paragraph>
      {problem.formError ? <Notice type="error" showIcon title={problem.formError} style={{ marginBottom: 12 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        disabled={close.isPending}
        onFinish={(values) =>
          close.mutate(
            { alertId: alert.id, body: { resolution: values.resolution, note: values.note.trim() } },
            {
              onSuccess: () => {
                void message.success(t('risk.actions.closed'));
                onClose();
              },
              onError: problem.onError,
            },
          )
        }
      >
        <Form.Item
          name="resolution"
          label={t('risk.actions.closeResolution')}
          required
          rules={[zodRule(closeBody.shape.resolution, t('risk.actions.closeResolution'), t, { choose: true })]}
        >
          <Radio.Group
            options={[
              { value: 'confirmed', label: t('risk.resolution.confirmed') },
              { value: 'dismissed', label: t('risk.resolution.dismissed') },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="note"
          label={t('risk.actions.closeNote')}
          required
          rules={[zodRule(closeBody.shape.note, t('risk.actions.closeNote'), t)]}
        >
          <Input.TextArea id="closeNote" rows={4} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Trail({ notes }: { notes: AlertNote[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (notes.length === 0) return <Typography.Text type="secondary">{t('risk.detail.noNotes')}</Typography.Text>;
  return (
    <Timeline
      data-testid="alert-trail"
      items={notes.map((n) => ({
        key: n.id,
        color: noteColors[n.kind],
        content: (
          <div>
            <Flex gap={8} wrap align="center">
              <Tag color={noteColors[n.kind] === 'gray' ? 'default' : noteColors[n.kind]}>{t(`risk.noteKind.${n.kind}`)}</Tag>
              <Typography.Text strong>{n.userName}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {format.dateTime(n.createdAt)}
              </Typography.Text>
            </Flex>
            {n.body ? <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}>{n.body}</Typography.Paragraph> : null}
          </div>
        ),
      }))}
    />
  );
}

function AlertBody({ alert, rules }: { alert: AlertDetail; rules: Rule[] | undefined }) {
  const { t, i18n } = useTranslation();
  const words = useServerText();
  const format = useFormat();
  const regions = t('regions', { returnObjects: true }) as Record<string, string>;
  const subject = subjectPath(alert.subjectKind, alert.subjectId);
  const rule = rules?.find((r) => r.rule === alert.rule);
  return (
    <Flex vertical gap={16}>
      <div>
        <Flex gap={8} wrap align="center" style={{ marginBottom: 8 }}>
          <AlertSeverityTag severity={alert.severity} />
          <AlertStatusTag status={alert.status} />
          {alert.resolution ? <ResolutionTag resolution={alert.resolution} /> : null}
        </Flex>
        <Typography.Title level={5} style={{ margin: 0 }} data-testid="alert-title">
          {words(alert.title)}
        </Typography.Title>
      </div>
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'rule', label: t('risk.detail.rule'), children: ruleName(alert.rule, rules, i18n.language), span: 2 },
          ...(rule ? [{ key: 'ruleText', label: t('risk.rules.description'), children: rule.description, span: 2 }] : []),
          {
            key: 'subject',
            label: t('risk.detail.subject'),
            children: subject ? <Link to={subject}>{alert.subjectLabel}</Link> : alert.subjectLabel,
            span: 2,
          },
          { key: 'org', label: t('risk.detail.organization'), children: alert.organizationName ?? t('common.none') },
          {
            key: 'region',
            label: t('risk.detail.region'),
            children: alert.regionCode ? (regions[alert.regionCode] ?? alert.regionCode) : t('common.none'),
          },
          { key: 'assignee', label: t('risk.detail.assignee'), children: alert.assigneeName ?? t('risk.list.unassigned') },
          { key: 'createdAt', label: t('risk.detail.createdAt'), children: format.dateTime(alert.createdAt) },
          ...(alert.closedAt ? [{ key: 'closedAt', label: t('risk.detail.closedAt'), children: format.dateTime(alert.closedAt) }] : []),
        ]}
      />
      <Card size="small" title={t('risk.detail.evidence')} data-testid="alert-evidence">
        <Evidence evidence={alert.evidence} />
      </Card>
      {alert.status !== 'closed' ? (
        <Card size="small" title={t('risk.actions.assign')}>
          <AssignForm key={alert.id} alert={alert} />
        </Card>
      ) : null}
      <Card size="small" title={t('risk.detail.notes')}>
        <Trail notes={alert.notes} />
        <Divider style={{ margin: '4px 0 12px' }} />
        <CommentForm alert={alert} />
      </Card>
    </Flex>
  );
}

/** One alert, opened from the inbox: facts, evidence, trail, and the actions of the inbox. */
export function AlertDrawer({ alertId, rules, onClose }: { alertId: string | undefined; rules: Rule[] | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const alert = useAlert(alertId);
  const reopen = useReopenAlert();
  const [closing, setClosing] = useState(false);
  const [reopening, setReopening] = useState(false);
  // Another alert's answer while this one loads is not shown; while closing (no id), the last one stays.
  const data = alertId && alert.isPlaceholderData ? undefined : alert.data;

  return (
    <Drawer
      open={!!alertId}
      onClose={onClose}
      size={screens.md ? 760 : '100%'}
      title={t('risk.detail.title')}
      data-testid="alert-drawer"
      extra={
        data ? (
          data.status === 'closed' ? (
            <Button icon={<RedoOutlined />} onClick={() => setReopening(true)}>
              {t('risk.actions.reopen')}
            </Button>
          ) : (
            <Button type="primary" icon={<CheckCircleOutlined />} onClick={() => setClosing(true)}>
              {t('risk.actions.close')}
            </Button>
          )
        ) : null
      }
    >
      {alert.isError ? (
        <LoadError error={alert.error} onRetry={() => void alert.refetch()} />
      ) : data ? (
        <AlertBody alert={data} rules={rules} />
      ) : (
        <Skeleton active />
      )}
      {data ? (
        <>
          <CloseModal alert={data} open={closing} onClose={() => setClosing(false)} />
          <ReasonModal
            open={reopening}
            title={t('risk.actions.reopen')}
            label={t('risk.actions.reopenReason')}
            schema={reopenBody.shape.note}
            okText={t('risk.actions.reopen')}
            pending={reopen.isPending}
            onClose={() => setReopening(false)}
            onSubmit={(note, callbacks) =>
              reopen.mutate(
                { alertId: data.id, body: { note } },
                {
                  onSuccess: () => {
                    void message.success(t('risk.actions.reopened'));
                    callbacks.onSuccess();
                  },
                  onError: callbacks.onError,
                },
              )
            }
          />
        </>
      ) : null}
    </Drawer>
  );
}
