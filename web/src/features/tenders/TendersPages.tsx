import { NotificationOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Segmented, Select, Table, Tag, Typography } from 'antd';
import type { Breakpoint, TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Deadline } from '../../app/components/Deadline.tsx';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { tablePagination } from '../../app/components/pagination.ts';
import { EmptyState, LoadError } from '../../app/components/states.tsx';
import { useFormat } from '../../app/format.ts';
import { useListParams } from '../../app/listParams.ts';
import { FilterBar } from '../listFilters/FilterBar.tsx';
import { anyFilter, filterQuery, processFilterKeys } from '../listFilters/filters.ts';
import { serverSort } from '../listFilters/sort.ts';
import { money } from '../quotations/parts.tsx';
import { usePublicTenders, useTenders, type Tender, type TenderStatus, type TenderView } from './api.ts';
import { biddingOpen, budgetTotal, TenderStatusTag, useMethodName } from './parts.tsx';
import { tenderStatuses } from './schema.ts';
import { ExportButtons } from '../../app/components/ExportButtons.tsx';

export type TenderListView = TenderView | 'public';

export const tenderPath = (view: TenderListView, tenderId: string) =>
  view === 'public' ? `/tenders/${encodeURIComponent(tenderId)}` : `/${view}/tenders/${encodeURIComponent(tenderId)}`;

// On a phone the method and the purchaser give way: the tender's page has them.
const wide: Breakpoint[] = ['md'];

const wrap = (minWidth: number, maxWidth: number) => ({ display: 'inline-block', minWidth, maxWidth, whiteSpace: 'normal' as const });

/** The tender lists' filters in the URL: those of every process list but the supplier, and 我的 (`mine`). */
const tenderFilterKeys = [...processFilterKeys.filter((k) => k !== 'supplierId'), 'mine'] as const;

type Sort = ReturnType<typeof serverSort<'budget' | 'deadline'>>;

function useColumns(view: TenderListView, sort: Sort): TableColumnsType<Tender> {
  const { t } = useTranslation();
  const format = useFormat();
  const methodName = useMethodName();
  return [
    {
      key: 'no',
      dataIndex: 'tenderNo',
      title: t('tender.fields.tenderNo'),
      fixed: 'left',
      render: (no: string, x) => (
        <Link to={tenderPath(view, x.id)} className="hash" data-testid="tender-link">
          {no}
        </Link>
      ),
    },
    {
      key: 'title',
      dataIndex: 'title',
      title: t('tender.fields.title'),
      render: (title: string, x) => (
        <span style={wrap(160, 300)}>
          {title}
          {x.lots.some((l) => l.smeReserved) ? (
            <Tag color="blue" style={{ marginInlineStart: 6 }}>
              {t('tender.sme.reservedShort')}
            </Tag>
          ) : null}
        </span>
      ),
    },
    {
      key: 'method',
      dataIndex: 'methodCode',
      responsive: wide,
      title: t('tender.fields.method'),
      render: (code: string, x) => <span style={{ whiteSpace: 'nowrap' }}>{methodName(code, x.methodName)}</span>,
    },
    ...(view === 'purchaser' || view === 'approver'
      ? []
      : [
          {
            key: 'purchaser',
            dataIndex: 'purchaserName',
            responsive: wide,
            title: t('tender.fields.purchaser'),
            render: (v: string) => <span style={wrap(120, 200)}>{v}</span>,
          },
        ]),
    {
      key: 'budget',
      title: t('tender.fields.budgetTotal'),
      align: 'right',
      render: (_: unknown, x) => money(budgetTotal(x)),
      ...sort.column('budget'),
    },
    {
      key: 'deadline',
      dataIndex: 'deadline',
      title: t('tender.fields.deadline'),
      ...sort.column('deadline'),
      render: (v: string, x) => (
        <span style={{ whiteSpace: 'nowrap' }}>{x.status === 'bidding' ? <Deadline at={v} /> : format.dateTime(v)}</span>
      ),
    },
    { key: 'status', dataIndex: 'status', title: t('tender.fields.status'), render: (s: TenderStatus) => <TenderStatusTag status={s} /> },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_: unknown, x) => {
        const act = (view === 'supplier' && biddingOpen(x)) || (view === 'center' && x.status === 'draft');
        return (
          <Link to={tenderPath(view, x.id)}>
            <Button size="small" type={act ? 'primary' : 'default'} data-testid="tender-open">
              {act ? (view === 'supplier' ? t('tender.list.bid') : t('tender.list.review')) : t('common.details')}
            </Button>
          </Link>
        );
      },
    },
  ];
}

function TendersTable({ view }: { view: TenderListView }) {
  const { t } = useTranslation();
  const list = useListParams(tenderFilterKeys);
  const status = tenderStatuses.find((s) => s === list.filters.status);
  // 我投标的 for suppliers, 本中心 for center staff.
  const mineOption: 'bid' | 'center' | null = view === 'supplier' ? 'bid' : view === 'center' ? 'center' : null;
  const mine = mineOption && list.filters.mine === mineOption ? mineOption : undefined;
  const filters = { ...filterQuery(list.filters), status, mine };
  const query = { page: list.page, pageSize: list.pageSize, ...filters };
  // One of the two is asked; hooks cannot be conditional, so the other stays disabled.
  const party = useTenders(query, view !== 'public');
  const pub = usePublicTenders(query, view === 'public');
  const result = view === 'public' ? pub : party;
  const sort = serverSort(list.filters.sort, (v) => list.setFilter('sort', v), { budget: 'budgetFen', deadline: 'deadline' });
  const columns = useColumns(view, sort);
  const filtered = anyFilter({ ...list.filters, mine });
  // Drafts are never public, and suppliers see announced tenders only.
  const offered = view === 'public' || view === 'supplier' ? tenderStatuses.filter((s) => s !== 'draft') : tenderStatuses;
  return (
    <>
      <FilterBar
        list={list}
        keys={tenderFilterKeys}
        savedList={view === 'public' ? undefined : 'tenders'}
        searchPlaceholder={t('tender.list.searchPlaceholder')}
        searchTestId="tender-search"
        unit={view === 'regulator' || view === 'center'}
        extra={
          view !== 'public' ? (
            <ExportButtons path="/api/tenders" filters={filters} filename={t(`tender.list.titles.${view}`)} testId="tenders-export" />
          ) : null
        }
      >
        {mineOption ? (
          <Segmented
            value={mine ?? 'all'}
            onChange={(v) => list.setFilter('mine', v === 'all' ? undefined : String(v))}
            options={[
              { value: 'all', label: t('tender.list.mine.all') },
              { value: mineOption, label: t(`tender.list.mine.${mineOption}`) },
            ]}
            data-testid="mine-filter"
          />
        ) : null}
        <Select
          allowClear
          placeholder={t('tender.list.allStatuses')}
          value={status}
          onChange={(v: string | undefined) => list.setFilter('status', v)}
          options={offered.map((s) => ({ value: s, label: t(`tender.status.${s}`) }))}
          aria-label={t('tender.fields.status')}
          data-testid="status-filter"
        />
      </FilterBar>
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
          onChange={sort.onChange}
          scroll={{ x: 'max-content' }}
          locale={{
            emptyText: result.isPending ? (
              ' '
            ) : filtered ? (
              <EmptyState title={t('tender.list.emptyFiltered')} hint={t('tender.list.emptyFilteredHint')} />
            ) : (
              <EmptyState title={t('tender.list.empty')} hint={t(`tender.list.emptyHints.${view}`)} />
            ),
          }}
          data-testid="tenders-table"
        />
      )}
    </>
  );
}

function WorkbenchList({ view }: { view: TenderView }) {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle
        extra={
          view === 'center' ? (
            <Link to="/center/tenders/new">
              <Button type="primary" icon={<PlusOutlined />} data-testid="new-tender">
                {t('tender.form.open')}
              </Button>
            </Link>
          ) : null
        }
      >
        {t(`tender.list.titles.${view}`)}
      </PageTitle>
      <Card>
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {t(`tender.list.intros.${view}`)}
        </Typography.Paragraph>
        <TendersTable view={view} />
      </Card>
    </>
  );
}

/** 招标项目 (center staff): the center's drafts and every announced tender; a new one from the button. */
export const CenterTendersPage = () => <WorkbenchList view="center" />;
/** 投标 (supplier): announced tenders to read and bid on. */
export const SupplierTendersPage = () => <WorkbenchList view="supplier" />;
/** 招标项目 (purchaser, approver): the unit's tenders run by the center, read-only. */
export const PurchaserTendersPage = () => <WorkbenchList view="purchaser" />;
export const ApproverTendersPage = () => <WorkbenchList view="approver" />;
/** 招标监管 (regulator): every tender, drafts included, read-only. */
export const RegulatorTendersPage = () => <WorkbenchList view="regulator" />;

/** 招标公告 (public, no login): announcements while bidding, the opening record once opened. */
export function PublicTendersPage() {
  const { t } = useTranslation();
  return (
    <>
      <section className="home-hero search-hero">
        <div className="home-hero-inner">
          <h1>
            <NotificationOutlined /> {t('tender.public.title')}
          </h1>
          <p style={{ marginBottom: 0 }}>{t('tender.public.subtitle')}</p>
        </div>
      </section>
      <div className="app-content">
        <Card>
          <TendersTable view="public" />
        </Card>
      </div>
    </>
  );
}
