import { Button, Card, Input, Segmented, Table, Typography } from 'antd';
import type { Breakpoint, TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { tablePagination } from '../../app/components/pagination.ts';
import { EmptyState, LoadError } from '../../app/components/states.tsx';
import { ExportButtons } from '../../app/components/ExportButtons.tsx';
import { useFormat } from '../../app/format.ts';
import { useListParams } from '../../app/listParams.ts';
import { money } from '../quotations/parts.tsx';
import { useTenders, type Tender, type TenderStatus } from '../tenders/api.ts';
import { budgetTotal, TenderStatusTag } from '../tenders/parts.tsx';

type View = 'center' | 'purchaser' | 'supplier';

// The states each side has work in, the first one shown by default: the center draws and evaluates,
// the unit awards and signs, a bidder may challenge once the award is announced.
const statusesOf: Record<View, TenderStatus[]> = {
  center: ['opened', 'evaluation', 'awarded', 'challenge', 'contracted'],
  purchaser: ['evaluation', 'awarded', 'challenge', 'contracted'],
  supplier: ['awarded', 'challenge', 'contracted'],
};

const pageOf: Record<View, (tenderId: string) => string> = {
  center: (id) => `/center/tenders/${encodeURIComponent(id)}/evaluation`,
  purchaser: (id) => `/purchaser/tenders/${encodeURIComponent(id)}/award`,
  supplier: (id) => `/supplier/tenders/${encodeURIComponent(id)}/challenges`,
};

type ActionKey = 'draw' | 'evaluate' | 'reply' | 'award' | 'contract' | 'challenge';

/** The work a side has on a tender in this state, or null when it only reads. */
function actionOf(view: View, status: TenderStatus): ActionKey | null {
  if (view === 'center')
    return status === 'opened' ? 'draw' : status === 'evaluation' ? 'evaluate' : status === 'challenge' ? 'reply' : null;
  if (view === 'purchaser') return status === 'evaluation' ? 'award' : status === 'awarded' ? 'contract' : null;
  return status === 'awarded' ? 'challenge' : null;
}

const wide: Breakpoint[] = ['md'];

function EvaluationList({ view }: { view: View }) {
  const { t } = useTranslation();
  const format = useFormat();
  const list = useListParams(['status', 'q']);
  const statuses = statusesOf[view];
  const status = statuses.find((s) => s === list.filters.status) ?? statuses[0]!;
  const result = useTenders({ page: list.page, pageSize: list.pageSize, status, q: list.filters.q });
  const columns: TableColumnsType<Tender> = [
    {
      key: 'no',
      dataIndex: 'tenderNo',
      title: t('evaluation.list.tenderNo'),
      render: (no: string, x) => (
        <Link to={pageOf[view](x.id)} className="hash" data-testid="evaluation-link">
          {no}
        </Link>
      ),
    },
    {
      key: 'title',
      dataIndex: 'title',
      title: t('evaluation.list.title'),
      render: (v: string) => <span style={{ display: 'inline-block', minWidth: 160, maxWidth: 300, whiteSpace: 'normal' }}>{v}</span>,
    },
    ...(view === 'purchaser'
      ? []
      : [
          {
            key: 'purchaser',
            dataIndex: 'purchaserName',
            responsive: wide,
            title: t('evaluation.list.purchaser'),
            render: (v: string) => <span style={{ display: 'inline-block', minWidth: 120, maxWidth: 200, whiteSpace: 'normal' }}>{v}</span>,
          },
        ]),
    {
      key: 'budget',
      responsive: wide,
      title: t('evaluation.list.budget'),
      align: 'right',
      render: (_: unknown, x) => money(budgetTotal(x)),
    },
    {
      key: 'opened',
      dataIndex: 'openedAt',
      responsive: wide,
      title: t('evaluation.list.openedAt'),
      render: (v: string | null) => <span style={{ whiteSpace: 'nowrap' }}>{format.dateTime(v)}</span>,
    },
    { key: 'status', dataIndex: 'status', title: t('evaluation.list.status'), render: (s: TenderStatus) => <TenderStatusTag status={s} /> },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_: unknown, x) => {
        const action = actionOf(view, x.status);
        return (
          <Link to={pageOf[view](x.id)}>
            <Button size="small" type={action ? 'primary' : 'default'} data-testid="evaluation-open">
              {action ? t(`evaluation.list.actions.${action}`) : t('common.details')}
            </Button>
          </Link>
        );
      },
    },
  ];
  return (
    <>
      <PageTitle>{t(`evaluation.list.titles.${view}`)}</PageTitle>
      <Card>
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {t(`evaluation.list.intros.${view}`)}
        </Typography.Paragraph>
        <div className="table-filters">
          <div style={{ flex: '0 1 auto', overflowX: 'auto', maxWidth: '100%' }}>
            <Segmented<TenderStatus>
              value={status}
              onChange={(v) => list.setFilter('status', v)}
              options={statuses.map((s) => ({ value: s, label: t(`tender.status.${s}`) }))}
              data-testid="evaluation-status"
            />
          </div>
          <Input.Search
            key={list.filters.q ?? ''}
            allowClear
            defaultValue={list.filters.q}
            maxLength={50}
            placeholder={t('evaluation.list.searchPlaceholder')}
            onSearch={(v) => list.setFilter('q', v.trim() || undefined)}
            enterButton={t('common.search')}
            data-testid="evaluation-search"
          />
          <ExportButtons
            path="/api/tenders"
            filters={{ status, q: list.filters.q }}
            filename={t(`evaluation.list.titles.${view}`)}
            testId="evaluation-export"
          />
        </div>
        {result.isError && !result.data ? (
          <LoadError error={result.error} onRetry={() => void result.refetch()} />
        ) : (
          <Table<Tender>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={result.data?.items ?? []}
            loading={result.isFetching}
            pagination={tablePagination(list, result.data?.total, t)}
            scroll={{ x: 'max-content' }}
            locale={{
              emptyText: result.isPending ? (
                ' '
              ) : (
                <EmptyState
                  title={t('evaluation.list.empty', { status: t(`tender.status.${status}`) })}
                  hint={t(`evaluation.list.emptyHints.${view}`)}
                />
              ),
            }}
            data-testid="evaluation-table"
          />
        )}
      </Card>
    </>
  );
}

/** 评标定标 (center staff): opened tenders to draw a committee for, evaluations to report, challenges to answer. */
export const CenterEvaluationListPage = () => <EvaluationList view="center" />;
/** 定标与合同 (purchaser): reports to confirm, awarded lots to sign. */
export const PurchaserAwardListPage = () => <EvaluationList view="purchaser" />;
/** 质疑 (supplier): announced results, to read and challenge within the window. */
export const SupplierChallengeListPage = () => <EvaluationList view="supplier" />;
