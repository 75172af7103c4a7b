import { Alert, Button, Card, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { EmptyState, LoadError } from '../../app/components/states.tsx';
import { useFormat } from '../../app/format.ts';
import { TenderStatusTag } from '../tenders/parts.tsx';
import { useAssignments, type Assignment } from './api.ts';
import { SeatStatusTag } from './parts.tsx';

export const sheetPath = (seatId: string) => `/expert/assignments/${encodeURIComponent(seatId)}`;

/** 评审任务 (expert): each tender the expert was drawn for, with the declaration and the score sheet to do. */
export default function AssignmentsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const assignments = useAssignments();
  const columns: TableColumnsType<Assignment> = [
    {
      key: 'no',
      dataIndex: 'tenderNo',
      title: t('evaluation.assignments.tenderNo'),
      render: (no: string, a) => (
        <Link to={sheetPath(a.id)} className="hash">
          {no}
        </Link>
      ),
    },
    {
      key: 'title',
      dataIndex: 'title',
      title: t('evaluation.assignments.tenderTitle'),
      render: (v: string) => <span style={{ display: 'inline-block', minWidth: 160, maxWidth: 320, whiteSpace: 'normal' }}>{v}</span>,
    },
    {
      key: 'tenderStatus',
      dataIndex: 'tenderStatus',
      title: t('evaluation.assignments.tenderStatus'),
      render: (s: Assignment['tenderStatus']) => <TenderStatusTag status={s} />,
    },
    {
      key: 'status',
      dataIndex: 'status',
      title: t('evaluation.assignments.seatStatus'),
      render: (s: Assignment['status']) => <SeatStatusTag status={s} />,
    },
    {
      key: 'declared',
      dataIndex: 'declaredAt',
      title: t('evaluation.assignments.declaredAt'),
      render: (v: string | null) => <span style={{ whiteSpace: 'nowrap' }}>{v ? format.dateTime(v) : '—'}</span>,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_: unknown, a) => {
        const todo = a.status === 'drawn' || (a.status === 'confirmed' && a.tenderStatus === 'evaluation');
        return (
          <Link to={sheetPath(a.id)}>
            <Button size="small" type={todo ? 'primary' : 'default'} data-testid="open-assignment">
              {a.status === 'drawn'
                ? t('evaluation.assignments.declare')
                : a.status === 'confirmed' && a.tenderStatus === 'evaluation'
                  ? t('evaluation.assignments.score')
                  : t('common.details')}
            </Button>
          </Link>
        );
      },
    },
  ];
  return (
    <>
      <PageTitle>{t('evaluation.assignments.title')}</PageTitle>
      <Card>
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {t('evaluation.assignments.intro')}
        </Typography.Paragraph>
        {assignments.isError ? (
          <LoadError error={assignments.error} onRetry={() => void assignments.refetch()} />
        ) : assignments.data === null ? (
          <Alert type="warning" showIcon title={t('evaluation.assignments.notLinked')} />
        ) : (
          <Table<Assignment>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={assignments.data ?? []}
            loading={assignments.isFetching}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => t('common.total', { total: n }) }}
            scroll={{ x: 'max-content' }}
            rowClassName={(a) => (a.status === 'drawn' ? 'row-todo' : '')}
            locale={{
              emptyText: assignments.isPending ? (
                ' '
              ) : (
                <EmptyState title={t('evaluation.assignments.empty')} hint={t('evaluation.assignments.emptyHint')} />
              ),
            }}
            data-testid="assignments-table"
          />
        )}
      </Card>
    </>
  );
}
