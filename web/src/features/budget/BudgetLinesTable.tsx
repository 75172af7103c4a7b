import { InfoCircleOutlined } from '@ant-design/icons';
import { Card, Progress, Table, Tooltip, Typography } from 'antd';
import type { Breakpoint, TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ExportButtons } from '../../app/components/ExportButtons.tsx';
import { tablePagination } from '../../app/components/pagination.ts';
import { EmptyState, LoadError } from '../../app/components/states.tsx';
import { formatMoney } from '../../app/format.ts';
import { useListParams } from '../../app/listParams.ts';
import { linesPath, useBudgetLines, type BudgetLine } from './api.ts';

// On a phone only code, name, amount and what is left; the rest needs a wider screen.
const wide: Breakpoint[] = ['md'];

const money = (fen: number) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatMoney(fen)}</span>;

/** How much of a line is committed: spent (solid) and reserved (the rest of the bar up to both). */
export function BudgetUsage({ line }: { line: BudgetLine }) {
  const { t } = useTranslation();
  const pct = (fen: number) => (line.amountFen > 0 ? Math.min(100, Math.round((fen / line.amountFen) * 1000) / 10) : 0);
  const hint = t('budget.usageHint', { spent: formatMoney(line.spentFen), reserved: formatMoney(line.reservedFen) });
  return (
    <Tooltip title={hint}>
      <Progress
        aria-label={hint}
        percent={pct(line.spentFen + line.reservedFen)}
        success={{ percent: pct(line.spentFen) }}
        size="small"
        style={{ minWidth: 120, margin: 0 }}
        format={(p) => `${p}%`}
      />
    </Tooltip>
  );
}

/**
 * 预算指标 of one purchasing unit, paged by the server; page and pageSize live in the URL. With
 * `linkBase` each code opens the line's history at <linkBase>/<id>; with `exportable` the lines can be
 * downloaded as CSV or Excel (the budget page; not the workbench's summary).
 */
export function BudgetLinesTable({
  orgId,
  linkBase,
  title,
  exportable = false,
}: {
  orgId: string;
  linkBase?: string;
  title?: React.ReactNode;
  exportable?: boolean;
}) {
  const { t } = useTranslation();
  const list = useListParams([]);
  const lines = useBudgetLines(orgId, list.page, list.pageSize);

  const columns: TableColumnsType<BudgetLine> = [
    {
      key: 'code',
      dataIndex: 'code',
      title: t('budget.code'),
      fixed: 'left',
      render: (code: string, line) =>
        linkBase ? (
          <Link to={`${linkBase}/${encodeURIComponent(line.id)}`} data-testid="budget-line-link">
            {code}
          </Link>
        ) : (
          code
        ),
    },
    { key: 'name', dataIndex: 'name', title: t('budget.name') },
    { key: 'fiscalYear', responsive: wide, dataIndex: 'fiscalYear', title: t('budget.fiscalYear'), align: 'center' },
    { key: 'fundSource', responsive: wide, dataIndex: 'fundSource', title: t('budget.fundSource') },
    { key: 'amount', dataIndex: 'amountFen', title: t('budget.amount'), align: 'right', render: money },
    { key: 'reserved', responsive: wide, dataIndex: 'reservedFen', title: t('budget.reserved'), align: 'right', render: money },
    { key: 'spent', responsive: wide, dataIndex: 'spentFen', title: t('budget.spent'), align: 'right', render: money },
    {
      key: 'free',
      dataIndex: 'freeFen',
      align: 'right',
      title: (
        <Tooltip title={t('budget.freeRule')}>
          {t('budget.free')} <InfoCircleOutlined />
        </Tooltip>
      ),
      render: (fen: number) => <Typography.Text strong>{money(fen)}</Typography.Text>,
    },
    { key: 'usage', responsive: wide, title: t('budget.usage'), render: (_: unknown, line) => <BudgetUsage line={line} /> },
  ];

  return (
    <Card title={title ?? t('budget.title')}>
      {exportable ? (
        <div className="table-filters">
          <ExportButtons path={linesPath} params={{ id: orgId }} filename={t('budget.pageTitle')} testId="budget-lines-export" />
        </div>
      ) : null}
      {lines.isError && !lines.data ? (
        <LoadError error={lines.error} onRetry={() => void lines.refetch()} />
      ) : (
        <>
          <Table<BudgetLine>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={lines.data?.items ?? []}
            loading={lines.isFetching}
            pagination={tablePagination(list, lines.data?.total, t)}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: lines.isPending ? ' ' : <EmptyState title={t('budget.empty')} hint={t('budget.emptyHint')} /> }}
          />
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
            {t('budget.freeRule')}
          </Typography.Paragraph>
        </>
      )}
    </Card>
  );
}
