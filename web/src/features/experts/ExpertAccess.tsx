import { CheckOutlined, CloseOutlined, KeyOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Flex, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ReasonModal } from '../../app/components/ReasonModal.tsx';
import { LoadError } from '../../app/components/states.tsx';
import { useFormProblem, zodRule } from '../../app/forms.ts';
import { formatBeijing } from '../../app/format.ts';
import { grantAccountBody, reviewAffiliationBody } from '@contracts/experts.schemas.ts';
import {
  useExpertAccount,
  useExpertAffiliations,
  useGrantAccount,
  useReviewAffiliation,
  useRevokeAccount,
  type Affiliation,
} from './api.ts';

const statusColor: Record<Affiliation['status'], string> = { declared: 'processing', accepted: 'success', rejected: 'default' };

/** What a declaration says, in one line: the organization (and its code) or the relative, and the dates. */
export function AffiliationSubject({ a }: { a: Affiliation }) {
  const { t } = useTranslation();
  const period = a.fromDate || a.toDate ? `${a.fromDate ?? '…'} — ${a.toDate ?? t('experts.affiliation.ongoing')}` : null;
  return (
    <Space direction="vertical" size={0}>
      <Typography.Text>{a.kind === 'relative_of_legal_rep' ? a.personName : a.organizationName}</Typography.Text>
      {a.organizationUscc ? <Typography.Text type="secondary">{a.organizationUscc}</Typography.Text> : null}
      {period ? <Typography.Text type="secondary">{period}</Typography.Text> : null}
    </Space>
  );
}

export function affiliationColumns(t: TFunction) {
  return [
    { title: t('experts.affiliation.kind'), dataIndex: 'kind', render: (k: Affiliation['kind']) => t(`experts.affiliation.kinds.${k}`) },
    { title: t('experts.affiliation.subject'), key: 'subject', render: (_: unknown, a: Affiliation) => <AffiliationSubject a={a} /> },
    {
      title: t('experts.affiliation.status'),
      dataIndex: 'status',
      render: (s: Affiliation['status'], a: Affiliation) => (
        <Space direction="vertical" size={0}>
          <Tag color={statusColor[s]}>{t(`experts.affiliation.statuses.${s}`)}</Tag>
          {a.reviewNote ? <Typography.Text type="secondary">{a.reviewNote}</Typography.Text> : null}
        </Space>
      ),
    },
  ];
}

/** The expert's login: given by center staff with a one-time password shown once, revoked by disabling it. */
export function ExpertAccountCard({ expertId, canManage }: { expertId: string; canManage: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const account = useExpertAccount(expertId);
  const grant = useGrantAccount();
  const revoke = useRevokeAccount();
  const [granting, setGranting] = useState(false);
  const [shown, setShown] = useState<{ username: string; password: string } | null>(null);
  const [form] = Form.useForm<{ username: string }>();
  const problem = useFormProblem(form, ['username']);

  if (account.isError) return <LoadError error={account.error} onRetry={() => void account.refetch()} />;
  const data = account.data;
  const active = data?.status === 'active';
  return (
    <Card
      size="small"
      title={t('experts.account.title')}
      data-testid="expert-account"
      style={{ marginTop: 16 }}
      extra={
        canManage && data !== undefined ? (
          active ? (
            <Popconfirm
              title={t('experts.account.revokeConfirm')}
              okButtonProps={{ danger: true, loading: revoke.isPending }}
              onConfirm={() =>
                revoke.mutate(expertId, {
                  onSuccess: () => void message.success(t('experts.account.revoked')),
                  onError: (e) => void message.error(String((e as Error).message)),
                })
              }
            >
              <Button danger icon={<StopOutlined />} data-testid="revoke-account">
                {t('experts.account.revoke')}
              </Button>
            </Popconfirm>
          ) : (
            <Button type="primary" icon={<KeyOutlined />} onClick={() => setGranting(true)} data-testid="grant-account">
              {data ? t('experts.account.reenable') : t('experts.account.grant')}
            </Button>
          )
        ) : null
      }
    >
      {data === undefined ? null : data === null ? (
        <Typography.Text type="secondary">{t('experts.account.none')}</Typography.Text>
      ) : (
        <Descriptions size="small" column={2}>
          <Descriptions.Item label={t('experts.account.username')}>{data.username}</Descriptions.Item>
          <Descriptions.Item label={t('experts.account.status')}>
            <Tag color={active ? 'success' : 'default'}>{t(`experts.account.statuses.${data.status}`)}</Tag>
          </Descriptions.Item>
        </Descriptions>
      )}
      <Modal
        open={granting}
        title={t('experts.account.grant')}
        okText={t('experts.account.grantOk')}
        okButtonProps={{ loading: grant.isPending }}
        onOk={() => form.submit()}
        onCancel={() => setGranting(false)}
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
          initialValues={{ username: data?.username ?? '' }}
          onFinish={(values) =>
            grant.mutate(
              { expertId, username: values.username.trim() },
              {
                onSuccess: (answer) => {
                  setGranting(false);
                  if (answer.initialPassword) setShown({ username: answer.username, password: answer.initialPassword });
                },
                onError: problem.onError,
              },
            )
          }
        >
          <Form.Item
            name="username"
            required
            label={t('experts.account.username')}
            extra={t('experts.account.usernameHint')}
            rules={[zodRule(grantAccountBody.shape.username, t('experts.account.username'), t)]}
          >
            <Input disabled={!!data} autoComplete="off" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={shown !== null}
        title={t('experts.account.passwordTitle')}
        onOk={() => setShown(null)}
        onCancel={() => setShown(null)}
        cancelButtonProps={{ style: { display: 'none' } }}
        okText={t('experts.account.passwordDone')}
      >
        <Alert type="warning" showIcon title={t('experts.account.passwordOnce')} style={{ marginBottom: 12 }} />
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label={t('experts.account.username')}>{shown?.username}</Descriptions.Item>
          <Descriptions.Item label={t('experts.account.password')}>
            <Typography.Text code copyable data-testid="initial-password">
              {shown?.password}
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      </Modal>
    </Card>
  );
}

/** The expert's 回避 declarations; center staff accept or reject each with a note. */
export function AffiliationsCard({ expertId, canReview }: { expertId: string; canReview: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const list = useExpertAffiliations(expertId);
  const review = useReviewAffiliation();
  const [reviewing, setReviewing] = useState<{ a: Affiliation; decision: 'accepted' | 'rejected' } | null>(null);
  const columns = [
    ...affiliationColumns(t),
    ...(canReview
      ? [
          {
            title: '',
            key: 'actions',
            render: (_: unknown, a: Affiliation) => (
              <Flex gap={4}>
                <Button size="small" icon={<CheckOutlined />} onClick={() => setReviewing({ a, decision: 'accepted' })}>
                  {t('experts.affiliation.accept')}
                </Button>
                <Button size="small" icon={<CloseOutlined />} onClick={() => setReviewing({ a, decision: 'rejected' })}>
                  {t('experts.affiliation.reject')}
                </Button>
              </Flex>
            ),
          },
        ]
      : []),
  ];
  return (
    <Card size="small" title={t('experts.affiliation.title')} style={{ marginTop: 16 }} data-testid="expert-affiliations">
      <Typography.Paragraph type="secondary">{t('experts.affiliation.intro')}</Typography.Paragraph>
      {list.isError ? <LoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
      <Table
        rowKey="id"
        size="small"
        loading={list.isPending}
        pagination={false}
        dataSource={list.data ?? []}
        columns={columns}
        locale={{ emptyText: t('experts.affiliation.empty') }}
      />
      <ReasonModal
        open={reviewing !== null}
        title={reviewing ? t(`experts.affiliation.${reviewing.decision === 'accepted' ? 'accept' : 'reject'}`) : ''}
        description={reviewing ? <AffiliationSubject a={reviewing.a} /> : null}
        label={t('experts.affiliation.note')}
        schema={reviewAffiliationBody.shape.note}
        okText={reviewing ? t(`experts.affiliation.${reviewing.decision === 'accepted' ? 'accept' : 'reject'}`) : ''}
        danger={reviewing?.decision === 'rejected'}
        pending={review.isPending}
        onClose={() => setReviewing(null)}
        onSubmit={(note, callbacks) => {
          if (!reviewing) return;
          review.mutate(
            { expertId, affiliationId: reviewing.a.id, decision: reviewing.decision, note },
            {
              onSuccess: () => {
                void message.success(t('experts.affiliation.reviewed'));
                callbacks.onSuccess();
              },
              onError: callbacks.onError,
            },
          );
        }}
      />
      {list.data?.length ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('experts.affiliation.lastDeclared', { at: formatBeijing(list.data[list.data.length - 1]!.createdAt) })}
        </Typography.Text>
      ) : null}
    </Card>
  );
}
