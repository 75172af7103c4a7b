import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Form, Input, Modal, Pagination, Segmented, Skeleton, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Deadline } from '../../app/components/Deadline.tsx';
import { ExportButtons } from '../../app/components/ExportButtons.tsx';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { ReasonModal } from '../../app/components/ReasonModal.tsx';
import { EmptyState, LoadError } from '../../app/components/states.tsx';
import { useFormat } from '../../app/format.ts';
import { useFormProblem, zodRule } from '../../app/forms.ts';
import { useListParams } from '../../app/listParams.ts';
import { useDecideRequest, useReallocationRequests, type ReallocationRequest } from './api.ts';
import { AssetDrawer } from './AssetDrawer.tsx';
import { RequestStatusTag } from './parts.tsx';
import { decisionBody, declineReason } from './schema.ts';

interface AssetGroup {
  assetId: string;
  assetNo: string;
  assetName: string;
  ownerName: string;
  offeredUntil: string | null;
  requests: ReallocationRequest[];
}

/** Requests of one page, grouped by the asset they ask for, in the order the list gave them. */
function groupByAsset(items: readonly ReallocationRequest[]): AssetGroup[] {
  const groups = new Map<string, AssetGroup>();
  for (const r of items) {
    const group = groups.get(r.assetId) ?? {
      assetId: r.assetId,
      assetNo: r.assetNo,
      assetName: r.assetName,
      ownerName: r.ownerName,
      offeredUntil: r.offeredUntil,
      requests: [],
    };
    group.requests.push(r);
    groups.set(r.assetId, group);
  }
  return [...groups.values()];
}

/** 同意调剂: the asset moves to this unit with its history; the other pending requests for it are declined. */
function GrantModal({ request, onClose }: { request: ReallocationRequest | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason?: string }>();
  const decide = useDecideRequest();
  const problem = useFormProblem(form, ['reason']);
  return (
    <Modal
      open={!!request}
      title={t('assets.review.grantTitle', { name: request?.assetName ?? '' })}
      okText={t('assets.review.grant')}
      okButtonProps={{ loading: decide.isPending, disabled: decide.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      afterClose={() => {
        form.resetFields();
        problem.clear();
      }}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {request ? t('assets.review.grantHint', { unit: request.requestingOrgName, owner: request.ownerName }) : null}
      </Typography.Paragraph>
      {problem.formError ? <Alert type="error" showIcon title={problem.formError} style={{ marginBottom: 12 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        disabled={decide.isPending}
        onFinish={(v) =>
          request &&
          decide.mutate(
            { requestId: request.id, decision: 'grant', reason: v.reason?.trim() || undefined },
            {
              onSuccess: () => {
                void message.success(t('assets.review.granted'));
                onClose();
              },
              onError: problem.onError,
            },
          )
        }
      >
        <Form.Item
          name="reason"
          label={t('assets.review.grantReason')}
          rules={[zodRule(decisionBody.shape.reason, t('assets.review.grantReason'), t)]}
        >
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function GroupCard({
  group,
  onGrant,
  onDecline,
  onOpen,
}: {
  group: AssetGroup;
  onGrant: (r: ReallocationRequest) => void;
  onDecline: (r: ReallocationRequest) => void;
  onOpen: (assetId: string) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const columns: TableColumnsType<ReallocationRequest> = [
    {
      key: 'unit',
      dataIndex: 'requestingOrgName',
      title: t('assets.review.unit'),
      render: (v: string) => <span style={{ display: 'inline-block', minWidth: 120, maxWidth: 200, whiteSpace: 'normal' }}>{v}</span>,
    },
    {
      key: 'reason',
      dataIndex: 'reason',
      title: t('assets.requests.reason'),
      render: (v: string) => (
        <span style={{ display: 'inline-block', minWidth: 160, maxWidth: 320, whiteSpace: 'normal', overflowWrap: 'anywhere' }}>{v}</span>
      ),
    },
    {
      key: 'created',
      dataIndex: 'createdAt',
      title: t('assets.requests.createdAt'),
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{format.dateTime(v)}</span>,
    },
    {
      key: 'status',
      title: t('assets.requests.status'),
      render: (_: unknown, r) => (
        <Flex vertical gap={2} align="start">
          <RequestStatusTag status={r.status} />
          {r.decisionReason ? (
            <Typography.Text type="secondary" style={{ fontSize: 12, maxWidth: 200, whiteSpace: 'normal' }}>
              {r.decisionReason}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_: unknown, r) =>
        r.status === 'pending' ? (
          <Flex gap={4}>
            <Button size="small" type="primary" icon={<CheckOutlined />} onClick={() => onGrant(r)} data-testid="grant-request">
              {t('assets.review.grant')}
            </Button>
            <Button size="small" danger icon={<CloseOutlined />} onClick={() => onDecline(r)} data-testid="decline-request">
              {t('assets.review.decline')}
            </Button>
          </Flex>
        ) : null,
    },
  ];
  return (
    <Card
      size="small"
      data-testid="request-group"
      title={
        <Flex gap={8} wrap align="baseline">
          <Typography.Link onClick={() => onOpen(group.assetId)} style={{ whiteSpace: 'normal' }}>
            {group.assetName}
          </Typography.Link>
          <Typography.Text type="secondary" className="hash">
            {group.assetNo}
          </Typography.Text>
        </Flex>
      }
      extra={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('assets.review.count', { n: group.requests.length })}
        </Typography.Text>
      }
    >
      <Flex gap={16} wrap style={{ marginBottom: 8 }}>
        <Typography.Text>{t('assets.review.owner', { owner: group.ownerName })}</Typography.Text>
        {group.offeredUntil ? (
          <Typography.Text>
            {t('assets.fields.offeredUntil')}
            {t('common.colon')}
            <Deadline at={group.offeredUntil} />
          </Typography.Text>
        ) : null}
      </Flex>
      <Table<ReallocationRequest>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={group.requests}
        pagination={false}
        scroll={{ x: 'max-content' }}
      />
    </Card>
  );
}

/** 调剂审核 (center staff): pending requests grouped by asset; grant one (the rest are declined) or decline with a reason. */
export default function ReallocationReviewPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const list = useListParams(['view']);
  const pendingOnly = list.filters.view !== 'all';
  const requests = useReallocationRequests({
    page: list.page,
    pageSize: Math.max(list.pageSize, 50),
    status: pendingOnly ? 'pending' : undefined,
  });
  const decide = useDecideRequest();
  const [granting, setGranting] = useState<ReallocationRequest | null>(null);
  const [declining, setDeclining] = useState<ReallocationRequest | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const groups = groupByAsset(requests.data?.items ?? []);

  let body: React.ReactNode;
  if (requests.isPending) body = <Skeleton active paragraph={{ rows: 8 }} />;
  else if (requests.isError && !requests.data) body = <LoadError error={requests.error} onRetry={() => void requests.refetch()} />;
  else if (groups.length === 0)
    body = (
      <Card>
        <EmptyState title={pendingOnly ? t('assets.review.empty') : t('assets.requests.empty')} hint={t('assets.review.emptyHint')} />
      </Card>
    );
  else
    body = (
      <Flex vertical gap={12}>
        {groups.map((g) => (
          <GroupCard key={g.assetId} group={g} onGrant={setGranting} onDecline={setDeclining} onOpen={setOpenId} />
        ))}
        <Flex justify="center">
          <Pagination
            current={list.page}
            pageSize={Math.max(list.pageSize, 50)}
            total={requests.data?.total ?? 0}
            showSizeChanger={false}
            responsive
            hideOnSinglePage
            onChange={(page) => list.setPage(page, list.pageSize)}
          />
        </Flex>
      </Flex>
    );

  return (
    <>
      <PageTitle>{t('assets.review.title')}</PageTitle>
      <Flex vertical gap={12}>
        <Flex gap={12} wrap align="center" justify="space-between">
          <Typography.Text type="secondary" style={{ flex: '1 1 320px' }}>
            {t('assets.review.intro')}
          </Typography.Text>
          <Flex gap={8} wrap align="center">
            <Segmented
              value={pendingOnly ? 'pending' : 'all'}
              options={[
                { value: 'pending', label: t('assets.review.pendingOnly') },
                { value: 'all', label: t('common.all') },
              ]}
              onChange={(v) => list.setFilter('view', v === 'all' ? 'all' : undefined)}
            />
            <ExportButtons
              path="/api/reallocation-requests"
              filters={{ status: pendingOnly ? 'pending' : undefined }}
              filename={t('assets.review.title')}
              testId="review-export"
            />
          </Flex>
        </Flex>
        {body}
      </Flex>
      <GrantModal request={granting} onClose={() => setGranting(null)} />
      <ReasonModal
        open={!!declining}
        title={t('assets.review.declineTitle', { unit: declining?.requestingOrgName ?? '' })}
        description={declining ? t('assets.review.declineHint', { name: declining.assetName }) : null}
        label={t('assets.review.declineReason')}
        schema={declineReason}
        okText={t('assets.review.decline')}
        danger
        pending={decide.isPending}
        onClose={() => setDeclining(null)}
        onSubmit={(reason, callbacks) =>
          declining &&
          decide.mutate(
            { requestId: declining.id, decision: 'decline', reason },
            {
              onSuccess: () => {
                void message.success(t('assets.review.declined'));
                callbacks.onSuccess();
              },
              onError: callbacks.onError,
            },
          )
        }
      />
      <AssetDrawer assetId={openId} mode="readonly" onClose={() => setOpenId(null)} />
    </>
  );
}
