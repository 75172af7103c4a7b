import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Radio, Segmented, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { ExportButtons } from '../../app/components/ExportButtons.tsx';
import { tablePagination } from '../../app/components/pagination.ts';
import { EmptyState, LoadError } from '../../app/components/states.tsx';
import { StatusTag } from '../../app/components/StatusTag.tsx';
import { useFormat } from '../../app/format.ts';
import { useFormProblem, zodRule } from '../../app/forms.ts';
import { useListParams } from '../../app/listParams.ts';
import { useCreditAppeals, useDecideAppeal, type Appeal } from './api.ts';
import { appealDecisionBody } from './schema.ts';

const filterValues = ['pending', 'upheld', 'revoked', 'all'] as const;
type AppealFilter = (typeof filterValues)[number];

interface DecisionForm {
  decision: 'upheld' | 'revoked';
  reason: string;
}

function DecideModal({ appeal, onClose }: { appeal: Appeal | null; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { message } = App.useApp();
  const [form] = Form.useForm<DecisionForm>();
  const decide = useDecideAppeal();
  const problem = useFormProblem(form, ['decision', 'reason']);
  const decision = Form.useWatch('decision', form);

  return (
    <Modal
      open={!!appeal}
      title={t('credit.appeals.decideTitle')}
      okText={t('credit.appeals.decideSubmit')}
      okButtonProps={{ loading: decide.isPending, disabled: decide.isPending, danger: decision === 'revoked' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      afterClose={() => {
        form.resetFields();
        problem.clear();
      }}
      width={600}
      destroyOnHidden
    >
      {appeal ? (
        <>
          <Descriptions
            size="small"
            column={1}
            bordered
            style={{ marginBottom: 12 }}
            items={[
              { key: 'supplier', label: t('credit.events.supplier'), children: appeal.supplierName ?? appeal.supplierId },
              { key: 'event', label: t('credit.appeals.event'), children: appeal.eventTitle ?? appeal.eventId },
              { key: 'createdAt', label: t('credit.appeals.createdAt'), children: format.dateTime(appeal.createdAt) },
              {
                key: 'reason',
                label: t('credit.appeals.reason'),
                children: <span style={{ whiteSpace: 'pre-wrap' }}>{appeal.reason}</span>,
              },
            ]}
          />
          {problem.formError ? <Alert type="error" showIcon title={problem.formError} style={{ marginBottom: 12 }} /> : null}
          <Form
            form={form}
            layout="vertical"
            disabled={decide.isPending}
            onFinish={(values) =>
              decide.mutate(
                { appealId: appeal.id, decision: values.decision, reason: values.reason.trim() },
                {
                  onSuccess: () => {
                    void message.success(t('credit.appeals.decided_'));
                    onClose();
                  },
                  onError: problem.onError,
                },
              )
            }
          >
            <Form.Item
              name="decision"
              required
              label={t('credit.appeals.decision')}
              rules={[zodRule(appealDecisionBody.shape.decision, t('credit.appeals.decision'), t, { choose: true })]}
            >
              <Radio.Group
                options={[
                  { value: 'upheld', label: t('credit.appeals.uphold') },
                  { value: 'revoked', label: t('credit.appeals.revoke') },
                ]}
              />
            </Form.Item>
            {decision ? (
              <Alert
                type={decision === 'revoked' ? 'warning' : 'info'}
                showIcon
                style={{ marginBottom: 12 }}
                title={decision === 'revoked' ? t('credit.appeals.revokeHint') : t('credit.appeals.upholdHint')}
              />
            ) : null}
            <Form.Item
              name="reason"
              required
              label={t('credit.appeals.decisionReason')}
              rules={[zodRule(appealDecisionBody.shape.reason, t('credit.appeals.decisionReason'), t)]}
            >
              <Input.TextArea rows={4} maxLength={2000} showCount />
            </Form.Item>
          </Form>
        </>
      ) : null}
    </Modal>
  );
}

/** 申诉处理: appeals against confirmed events, pending first; the regulator upholds or revokes. */
export default function AppealsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const list = useListParams(['status']);
  const filter: AppealFilter = filterValues.find((v) => v === list.filters.status) ?? 'pending';
  const appeals = useCreditAppeals({ page: list.page, pageSize: list.pageSize, status: filter === 'all' ? undefined : filter });
  const [deciding, setDeciding] = useState<Appeal | null>(null);

  const columns: TableColumnsType<Appeal> = [
    {
      key: 'supplier',
      dataIndex: 'supplierName',
      title: t('credit.events.supplier'),
      render: (name: string | undefined, a) => (
        <Link to={`/regulator/credit/suppliers/${encodeURIComponent(a.supplierId)}`}>{name ?? a.supplierId}</Link>
      ),
    },
    { key: 'event', dataIndex: 'eventTitle', title: t('credit.appeals.event') },
    {
      key: 'reason',
      dataIndex: 'reason',
      title: t('credit.appeals.reason'),
      render: (v: string) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: v }} style={{ margin: 0, maxWidth: 320 }}>
          {v}
        </Typography.Paragraph>
      ),
    },
    { key: 'status', dataIndex: 'status', title: t('credit.appeals.status'), render: (s: Appeal['status']) => <StatusTag status={s} /> },
    { key: 'createdAt', dataIndex: 'createdAt', title: t('credit.appeals.createdAt'), render: (v: string) => format.dateTime(v) },
    { key: 'decidedAt', dataIndex: 'decidedAt', title: t('credit.appeals.decidedAt'), render: (v: string | null) => format.dateTime(v) },
    {
      key: 'decisionReason',
      dataIndex: 'decisionReason',
      title: t('credit.appeals.decisionReason'),
      render: (v: string | null) => v ?? t('common.none'),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_: unknown, a) =>
        a.status === 'pending' ? (
          <Button size="small" type="primary" onClick={() => setDeciding(a)}>
            {t('credit.appeals.decide')}
          </Button>
        ) : (
          t('common.none')
        ),
    },
  ];

  return (
    <>
      <PageTitle>{t('credit.appeals.pageTitle')}</PageTitle>
      <Card>
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {t('credit.appeals.intro')}
        </Typography.Paragraph>
        <div className="table-filters">
          <Segmented<AppealFilter>
            value={filter}
            onChange={(v) => list.setFilter('status', v === 'pending' ? undefined : v)}
            options={filterValues.map((v) => ({ value: v, label: v === 'all' ? t('common.all') : t(`status.${v}`) }))}
            style={{ flex: 'none' }}
          />
          <ExportButtons
            path="/api/credit/appeals"
            filters={{ status: filter === 'all' ? undefined : filter }}
            filename={t('credit.appeals.pageTitle')}
            testId="appeals-export"
          />
        </div>
        {appeals.isError && !appeals.data ? (
          <LoadError error={appeals.error} onRetry={() => void appeals.refetch()} />
        ) : (
          <Table<Appeal>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={appeals.data?.items ?? []}
            loading={appeals.isFetching}
            pagination={tablePagination(list, appeals.data?.total, t)}
            scroll={{ x: 'max-content' }}
            locale={{
              emptyText: appeals.isPending ? (
                ' '
              ) : (
                <EmptyState
                  title={filter === 'pending' ? t('credit.appeals.emptyPending') : t('credit.appeals.empty')}
                  hint={filter === 'pending' ? t('credit.appeals.emptyPendingHint') : t('credit.appeals.emptyHint')}
                />
              ),
            }}
          />
        )}
      </Card>
      <DecideModal appeal={deciding} onClose={() => setDeciding(null)} />
    </>
  );
}
