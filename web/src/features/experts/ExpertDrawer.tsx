import { StarOutlined } from '@ant-design/icons';
import { Alert, App, Button, Drawer, Flex, Form, Grid, Input, Modal, Radio, Rate, Skeleton, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ReasonModal } from '../../app/components/ReasonModal.tsx';
import { LoadError } from '../../app/components/states.tsx';
import { useFormProblem, zodRule } from '../../app/forms.ts';
import { useExpert, useRateExpert, useSetExpertStatus, type ExpertDetail, type ExpertStatus } from './api.ts';
import { AffiliationsCard, ExpertAccountCard } from './ExpertAccess.tsx';
import { ExpertDetailView } from './parts.tsx';
import { ratingBody, statusChangeBody } from './schema.ts';

interface RatingForm {
  projectRef: string;
  punctuality: number;
  diligence: number;
  recusalHonesty: number;
  comment?: string;
  violation: 'none' | 'suspend' | 'remove';
}

const ratingFields = ['projectRef', 'punctuality', 'diligence', 'recusalHonesty', 'comment', 'violation'] as const;
const scores = ['punctuality', 'diligence', 'recusalHonesty'] as const;

/** 评价 after an evaluation (财库〔2016〕198号); a violation suspends or removes the expert at once. */
function RatingModal({ expert, open, onClose }: { expert: ExpertDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<RatingForm>();
  const rate = useRateExpert();
  const problem = useFormProblem(form, ratingFields);
  const violation = Form.useWatch('violation', form);
  const label = (key: (typeof ratingFields)[number]) => t(`experts.rating.${key}`);

  return (
    <Modal
      open={open}
      title={t('experts.rating.formTitle', { name: expert.name })}
      okText={t('experts.rating.submit')}
      okButtonProps={{ loading: rate.isPending, disabled: rate.isPending, danger: violation !== undefined && violation !== 'none' }}
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
        disabled={rate.isPending}
        initialValues={{ violation: 'none' }}
        onFinish={(values) =>
          rate.mutate(
            {
              expertId: expert.id,
              body: {
                projectRef: values.projectRef.trim(),
                punctuality: values.punctuality,
                diligence: values.diligence,
                recusalHonesty: values.recusalHonesty,
                comment: values.comment?.trim() ?? '',
                violation: values.violation,
              },
            },
            {
              onSuccess: () => {
                void message.success(t('experts.rating.done'));
                onClose();
              },
              onError: problem.onError,
            },
          )
        }
      >
        <Form.Item
          name="projectRef"
          required
          label={label('projectRef')}
          rules={[zodRule(ratingBody.shape.projectRef, label('projectRef'), t)]}
        >
          <Input maxLength={200} placeholder={t('experts.rating.projectRefPlaceholder')} />
        </Form.Item>
        <Flex gap={16} wrap>
          {scores.map((key) => (
            <Form.Item
              key={key}
              name={key}
              required
              label={label(key)}
              rules={[zodRule(ratingBody.shape[key], label(key), t, { missing: t('form.range', { field: label(key) }) })]}
              style={{ flex: '1 1 140px' }}
            >
              <Rate />
            </Form.Item>
          ))}
        </Flex>
        <Form.Item name="comment" label={label('comment')} rules={[zodRule(ratingBody.shape.comment, label('comment'), t)]}>
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
        <Form.Item name="violation" label={label('violation')}>
          <Radio.Group options={(['none', 'suspend', 'remove'] as const).map((v) => ({ value: v, label: t(`experts.violation.${v}`) }))} />
        </Form.Item>
        {violation && violation !== 'none' ? (
          <Alert
            type={violation === 'remove' ? 'error' : 'warning'}
            showIcon
            title={violation === 'remove' ? t('experts.rating.removeWarning') : t('experts.rating.suspendWarning')}
          />
        ) : null}
      </Form>
    </Modal>
  );
}

type StatusAction = { to: ExpertStatus; key: 'suspend' | 'restore' | 'remove'; danger: boolean };

/** What may follow each status: a removed expert never comes back (the server's rule). */
const statusActions: Record<ExpertStatus, StatusAction[]> = {
  active: [
    { to: 'suspended', key: 'suspend', danger: false },
    { to: 'removed', key: 'remove', danger: true },
  ],
  suspended: [
    { to: 'active', key: 'restore', danger: false },
    { to: 'removed', key: 'remove', danger: true },
  ],
  removed: [],
};

/** An expert of the pool: facts, ratings, status history; rating (center staff) and status changes. */
export function ExpertDrawer({ expertId, canRate, onClose }: { expertId: string | null; canRate: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const expert = useExpert(expertId ?? undefined);
  const setStatus = useSetExpertStatus();
  const [rating, setRating] = useState(false);
  const [action, setAction] = useState<StatusAction | null>(null);
  const data = expert.data;

  return (
    <Drawer
      open={!!expertId}
      onClose={onClose}
      size={screens.md ? 720 : '100%'}
      title={data ? data.name : t('experts.detailTitle')}
      extra={
        data ? (
          <Flex gap={8} wrap>
            {canRate ? (
              <Button type="primary" icon={<StarOutlined />} onClick={() => setRating(true)}>
                {t('experts.rating.open')}
              </Button>
            ) : null}
            {data.manageable ? (
              statusActions[data.status].map((a) => (
                <Button key={a.key} danger={a.danger} onClick={() => setAction(a)}>
                  {t(`experts.statusAction.${a.key}`)}
                </Button>
              ))
            ) : (
              // A pool above that serves this area: drawn from and rated here, kept by its own area.
              <Tooltip title={t('experts.keptAboveHint')}>
                <Tag data-testid="pool-above">{t('experts.keptAbove')}</Tag>
              </Tooltip>
            )}
          </Flex>
        ) : null
      }
    >
      {expert.isPending && expertId ? <Skeleton active paragraph={{ rows: 8 }} /> : null}
      {expert.isError ? <LoadError error={expert.error} onRetry={() => void expert.refetch()} /> : null}
      {data ? (
        <>
          {data.status === 'removed' ? (
            <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('experts.removedHint')} />
          ) : data.status === 'suspended' ? (
            <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('experts.suspendedHint')} />
          ) : null}
          <ExpertDetailView expert={data} />
          <ExpertAccountCard expertId={data.id} canManage={canRate && data.manageable} />
          <AffiliationsCard expertId={data.id} canReview={canRate && data.manageable} />
          <RatingModal expert={data} open={rating} onClose={() => setRating(false)} />
          <ReasonModal
            open={action !== null}
            title={action ? t(`experts.statusAction.${action.key}`) + ' · ' + data.name : ''}
            description={action ? <Typography.Text type="secondary">{t(`experts.statusActionHint.${action.key}`)}</Typography.Text> : null}
            label={t('experts.statusReason')}
            schema={statusChangeBody.shape.reason}
            okText={action ? t(`experts.statusAction.${action.key}`) : ''}
            danger={action?.danger ?? false}
            pending={setStatus.isPending}
            onClose={() => setAction(null)}
            onSubmit={(reason, callbacks) => {
              if (!action) return;
              setStatus.mutate(
                { expertId: data.id, status: action.to, reason },
                {
                  onSuccess: () => {
                    void message.success(t('experts.statusChanged'));
                    callbacks.onSuccess();
                  },
                  onError: callbacks.onError,
                },
              );
            }}
          />
        </>
      ) : null}
    </Drawer>
  );
}
