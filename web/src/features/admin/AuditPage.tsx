import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Spin, Table, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { ExportButtons } from '../../app/components/ExportButtons.tsx';
import { tablePagination } from '../../app/components/pagination.ts';
import { EmptyState, LoadError, problemText } from '../../app/components/states.tsx';
import { StatusTag } from '../../app/components/StatusTag.tsx';
import { useFormat } from '../../app/format.ts';
import { useListParams } from '../../app/listParams.ts';
import { useAuditEntries, useVerifyAuditChain, type AuditEntry, type AuditVerification } from './api.ts';
import { PageTitle } from '../../app/components/PageTitle.tsx';

function VerificationResult({ result }: { result: AuditVerification }) {
  const { t } = useTranslation();
  if (result.ok || !result.firstBroken) {
    return (
      <Alert
        type="success"
        showIcon
        title={
          <Flex gap={8} align="center">
            {t('admin.audit.okTitle')} <StatusTag status="verified" />
          </Flex>
        }
        description={t('admin.audit.ok', { checked: result.checked })}
      />
    );
  }
  return (
    <Alert
      type="error"
      showIcon
      title={
        <Flex gap={8} align="center">
          {t('admin.audit.brokenTitle')} <StatusTag status="broken" />
        </Flex>
      }
      description={
        <Typography.Text type="danger" strong>
          {t('admin.audit.broken', {
            seq: result.firstBroken.seq,
            reason: result.firstBroken.reason,
            checked: result.checked,
          })}
        </Typography.Text>
      }
    />
  );
}

export default function AuditPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const list = useListParams([]);
  const entries = useAuditEntries({ page: list.page, pageSize: list.pageSize });
  const verify = useVerifyAuditChain();

  const columns: TableColumnsType<AuditEntry> = [
    { key: 'seq', dataIndex: 'seq', title: t('admin.audit.seq'), align: 'right' },
    {
      key: 'occurredAt',
      dataIndex: 'occurredAt',
      title: t('admin.audit.occurredAt'),
      render: (v: string) => format.dateTime(v),
    },
    {
      key: 'actor',
      dataIndex: 'actorName',
      title: t('admin.audit.actor'),
      render: (v: string | null) => v ?? t('admin.audit.system'),
    },
    { key: 'action', dataIndex: 'action', title: t('admin.audit.action'), render: (v: string) => <span className="hash">{v}</span> },
    {
      key: 'entity',
      title: t('admin.audit.entity'),
      render: (_: unknown, e: AuditEntry) => (
        <span className="hash">
          {e.entityType}:{e.entityId}
        </span>
      ),
    },
    {
      key: 'hash',
      dataIndex: 'hash',
      title: t('admin.audit.hash'),
      render: (v: string) => (
        <Tooltip title={<span className="hash">{v}</span>}>
          <span className="hash">{v.slice(0, 12)}…</span>
        </Tooltip>
      ),
    },
  ];

  return (
    <>
      <PageTitle>{t('admin.audit.title')}</PageTitle>
      <Flex vertical gap={16}>
        <Card>
          <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
            {t('admin.audit.intro')}
          </Typography.Paragraph>
          <Button
            type="primary"
            icon={<SafetyCertificateOutlined />}
            loading={verify.isPending}
            disabled={verify.isPending}
            onClick={() => verify.mutate()}
          >
            {t('admin.audit.verify')}
          </Button>
          <div style={{ marginTop: 12 }} aria-live="polite">
            {verify.isPending ? (
              <Flex gap={12} align="center">
                <Spin />
                <Typography.Text>{t('admin.audit.verifying')}</Typography.Text>
              </Flex>
            ) : verify.isError ? (
              <Alert type="error" showIcon title={problemText(verify.error, t)} />
            ) : verify.data ? (
              <VerificationResult result={verify.data} />
            ) : null}
          </div>
        </Card>
        <Card>
          <div className="table-filters">
            <ExportButtons path="/api/admin/audit" filename={t('admin.audit.title')} testId="audit-export" />
          </div>
          {entries.isError && !entries.data ? (
            <LoadError error={entries.error} onRetry={() => void entries.refetch()} />
          ) : (
            <Table<AuditEntry>
              rowKey="seq"
              size="small"
              columns={columns}
              dataSource={entries.data?.items ?? []}
              loading={entries.isFetching}
              pagination={tablePagination(list, entries.data?.total, t)}
              scroll={{ x: 'max-content' }}
              locale={{
                emptyText: entries.isPending ? ' ' : <EmptyState title={t('admin.audit.empty')} hint={t('admin.audit.emptyHint')} />,
              }}
            />
          )}
        </Card>
      </Flex>
    </>
  );
}
