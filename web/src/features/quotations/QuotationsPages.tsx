import { AuditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Select, Table, Tag, Typography } from 'antd';
import type { Breakpoint, TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Deadline } from '../../app/components/Deadline.tsx';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { tablePagination } from '../../app/components/pagination.ts';
import { EmptyState, LoadError } from '../../app/components/states.tsx';
import { formatMoney, useFormat } from '../../app/format.ts';
import { useListParams } from '../../app/listParams.ts';
import { FilterBar } from '../listFilters/FilterBar.tsx';
import { anyFilter, filterQuery, processFilterKeys } from '../listFilters/filters.ts';
import { serverSort } from '../listFilters/sort.ts';
import {
  usePublicQuotations,
  useQuotations,
  useSupplierQuotations,
  type PartyView,
  type Quotation,
  type QuotationStatus,
  type SupplierQuotation,
} from './api.ts';
import { money, pastDeadline, QuotationStatusTag } from './parts.tsx';
import { quotationStatusSchema } from './schema.ts';
import { ExportButtons } from '../../app/components/ExportButtons.tsx';

const statuses = quotationStatusSchema.options;

export type ListView = PartyView | 'supplier' | 'public';

export const quotationPath = (view: ListView, quotationId: string) =>
  view === 'public' ? `/quotations/${encodeURIComponent(quotationId)}` : `/${view}/quotations/${encodeURIComponent(quotationId)}`;

// On a phone the purchaser, category and quantity give way: the requirement's page has them.
const wide: Breakpoint[] = ['md'];

const wrap = (minWidth: number, maxWidth: number) => ({ display: 'inline-block', minWidth, maxWidth, whiteSpace: 'normal' as const });

/** What the supplier can do now: quote, replace its quote, or nothing (closed, or not admitted). */
function SupplierStanding({ x }: { x: SupplierQuotation }) {
  const { t } = useTranslation();
  const format = useFormat();
  const receipt = x.myReceipt;
  return (
    <div style={wrap(160, 260)} data-testid="supplier-standing">
      {receipt && !receipt.withdrawn ? (
        <>
          <Tag color="green" style={{ marginInlineEnd: 0 }}>
            {t('quotation.list.quoted', { n: receipt.version })}
          </Tag>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {format.dateTime(receipt.submittedAt)}
          </Typography.Text>
        </>
      ) : receipt?.withdrawn ? (
        <Tag style={{ marginInlineEnd: 0 }}>{t('quotation.receipt.withdrawn')}</Tag>
      ) : x.status !== 'open' ? (
        <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
      ) : x.admitted ? (
        <Tag color="blue" style={{ marginInlineEnd: 0 }}>
          {t('quotation.list.mayQuote')}
        </Tag>
      ) : (
        <>
          <Tag color="orange" style={{ marginInlineEnd: 0 }}>
            {t('quotation.list.notAdmitted')}
          </Tag>
          <Typography.Text type="danger" style={{ display: 'block', fontSize: 12 }} data-testid="admission-note">
            {x.admissionNote}
          </Typography.Text>
        </>
      )}
    </div>
  );
}

/** The winner and its price, read from the published result (closed quotations only). */
function ResultCell({ q }: { q: Quotation }) {
  const { t } = useTranslation();
  if (q.status === 'open') {
    return <Typography.Text type="secondary">{pastDeadline(q) ? t('quotation.list.opening') : t('quotation.list.sealed')}</Typography.Text>;
  }
  if (q.status === 'cancelled') return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  const winner = q.quotes.find((x) => x.rank === 1);
  if (q.status !== 'awarded' || !winner)
    return (
      <Typography.Text type="danger">
        {t('quotation.list.failedN', { n: q.quoteCount ?? 0, valid: q.quotes.filter((x) => x.compliant).length })}
      </Typography.Text>
    );
  return (
    <span style={wrap(140, 240)}>
      {winner.supplierName}
      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
        {t('quotation.list.awardedAt', { total: winner.totalFen === null ? t('common.none') : formatMoney(winner.totalFen) })}
      </Typography.Text>
    </span>
  );
}

/** The quotation lists' filters in the URL: those of every process list but the supplier. */
const quotationFilterKeys = processFilterKeys.filter((k) => k !== 'supplierId');

type Sort = ReturnType<typeof serverSort<'ceiling' | 'deadline'>>;

function useColumns(view: ListView, sort: Sort): TableColumnsType<Quotation | SupplierQuotation> {
  const { t } = useTranslation();
  return [
    {
      key: 'no',
      dataIndex: 'quotationNo',
      title: t('quotation.fields.quotationNo'),
      fixed: 'left',
      render: (no: string, q) => (
        <Link to={quotationPath(view, q.id)} className="hash" data-testid="quotation-link">
          {no}
        </Link>
      ),
    },
    {
      key: 'title',
      dataIndex: 'title',
      title: t('quotation.fields.title'),
      render: (title: string, q) => (
        <span style={wrap(160, 280)}>
          {title}
          {q.reservedForSme ? (
            <Tag color="blue" style={{ marginInlineStart: 6 }}>
              {t('quotation.sme.reservedTag')}
            </Tag>
          ) : null}
        </span>
      ),
    },
    ...(view === 'purchaser' || view === 'approver'
      ? []
      : [
          {
            key: 'purchaser',
            dataIndex: 'purchaserName',
            responsive: wide,
            title: t('quotation.fields.purchaser'),
            render: (v: string) => <span style={wrap(120, 200)}>{v}</span>,
          },
        ]),
    {
      key: 'category',
      responsive: wide,
      title: t('quotation.fields.category'),
      render: (_: unknown, q) => (
        <span style={wrap(100, 180)}>
          <span className="hash">{q.categoryCode}</span> {q.categoryName}
        </span>
      ),
    },
    { key: 'quantity', dataIndex: 'quantity', responsive: wide, title: t('quotation.fields.quantity'), align: 'right' },
    {
      key: 'ceiling',
      dataIndex: 'ceilingFen',
      title: t('quotation.fields.ceiling'),
      align: 'right',
      render: money,
      ...sort.column('ceiling'),
    },
    {
      key: 'deadline',
      dataIndex: 'deadline',
      title: t('quotation.fields.deadline'),
      ...sort.column('deadline'),
      render: (v: string, q) => (
        <span style={{ whiteSpace: 'nowrap' }}>{q.status === 'open' ? <Deadline at={v} /> : <DeadlineText at={v} />}</span>
      ),
    },
    {
      key: 'status',
      dataIndex: 'status',
      title: t('quotation.fields.status'),
      render: (s: QuotationStatus) => <QuotationStatusTag status={s} />,
    },
    ...(view === 'supplier'
      ? [
          {
            key: 'standing',
            title: t('quotation.list.standing'),
            render: (_: unknown, q: Quotation | SupplierQuotation) => ('admitted' in q ? <SupplierStanding x={q} /> : null),
          },
        ]
      : [{ key: 'result', title: t('quotation.list.result'), render: (_: unknown, q: Quotation) => <ResultCell q={q} /> }]),
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_: unknown, q) => {
        const act = view === 'supplier' && q.status === 'open' && !pastDeadline(q) && 'admitted' in q && q.admitted;
        return (
          <Link to={quotationPath(view, q.id)}>
            <Button size="small" type={act ? 'primary' : 'default'} data-testid="quotation-open">
              {act
                ? 'myReceipt' in q && q.myReceipt && !q.myReceipt.withdrawn
                  ? t('quotation.list.replace')
                  : t('quotation.list.quote')
                : t('common.details')}
            </Button>
          </Link>
        );
      },
    },
  ];
}

function DeadlineText({ at }: { at: string }) {
  const format = useFormat();
  return <>{format.dateTime(at)}</>;
}

function useList(view: ListView) {
  const list = useListParams(quotationFilterKeys);
  const status = statuses.find((s) => s === list.filters.status);
  const filters = { ...filterQuery(list.filters), status };
  const query = { page: list.page, pageSize: list.pageSize, ...filters };
  // One of the three is asked; hooks cannot be conditional, so the others stay disabled.
  const party = useQuotations(query, view !== 'supplier' && view !== 'public');
  const supplier = useSupplierQuotations(query, view === 'supplier');
  const pub = usePublicQuotations(query, view === 'public');
  const result = view === 'supplier' ? supplier : view === 'public' ? pub : party;
  return { list, status, filters, result };
}

function QuotationsTable({ view }: { view: ListView }) {
  const { t } = useTranslation();
  const { list, status, filters, result } = useList(view);
  const sort = serverSort(list.filters.sort, (v) => list.setFilter('sort', v), { ceiling: 'ceilingFen', deadline: 'deadline' });
  const columns = useColumns(view, sort);
  const filtered = anyFilter(list.filters);
  return (
    <>
      <FilterBar
        list={list}
        keys={quotationFilterKeys}
        savedList={view === 'public' ? undefined : 'quotations'}
        searchPlaceholder={t('quotation.list.searchPlaceholder')}
        searchTestId="quotation-search"
        unit={view === 'regulator'}
        extra={
          view !== 'public' ? (
            <ExportButtons
              path={view === 'supplier' ? '/api/supplier/quotations' : '/api/quotations'}
              filters={filters}
              filename={t(`quotation.list.titles.${view}`)}
              testId="quotations-export"
            />
          ) : null
        }
      >
        <Select
          allowClear
          placeholder={t('quotation.list.allStatuses')}
          value={status}
          onChange={(v: string | undefined) => list.setFilter('status', v)}
          options={statuses.map((s) => ({ value: s, label: t(`quotation.status.${s}`) }))}
          aria-label={t('quotation.fields.status')}
          data-testid="status-filter"
        />
      </FilterBar>
      {result.isError && !result.data ? (
        <LoadError error={result.error} onRetry={() => void result.refetch()} />
      ) : (
        <Table<Quotation | SupplierQuotation>
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
              <EmptyState title={t('quotation.list.emptyFiltered')} hint={t('quotation.list.emptyFilteredHint')} />
            ) : (
              <EmptyState title={t('quotation.list.empty')} hint={t(`quotation.list.emptyHints.${view}`)} />
            ),
          }}
          data-testid="quotations-table"
        />
      )}
    </>
  );
}

function WorkbenchList({ view }: { view: Exclude<ListView, 'public'> }) {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle
        extra={
          view === 'purchaser' ? (
            <Link to="/purchaser/quotations/new">
              <Button type="primary" icon={<PlusOutlined />} data-testid="new-quotation">
                {t('quotation.form.open')}
              </Button>
            </Link>
          ) : null
        }
      >
        {t(`quotation.list.titles.${view}`)}
      </PageTitle>
      <Card>
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {t(`quotation.list.intros.${view}`)}
        </Typography.Paragraph>
        <QuotationsTable view={view} />
      </Card>
    </>
  );
}

/** 网上竞价 (purchaser): the unit's requirements, their deadlines and results; a new one from the button. */
export const PurchaserQuotationsPage = () => <WorkbenchList view="purchaser" />;
/** 网上竞价 (approver): the unit's quotations, read-only. */
export const ApproverQuotationsPage = () => <WorkbenchList view="approver" />;
/** 竞价监管 (regulator): every unit's quotations, read-only. */
export const RegulatorQuotationsPage = () => <WorkbenchList view="regulator" />;
/** 网上竞价 (supplier): open opportunities and those quoted on, with admission and the receipt. */
export const SupplierQuotationsPage = () => <WorkbenchList view="supplier" />;

/** 竞价公告 (public, no login): announcements while open, results with every price once closed. */
export function PublicQuotationsPage() {
  const { t } = useTranslation();
  return (
    <>
      <section className="home-hero search-hero">
        <div className="home-hero-inner">
          <h1>
            <AuditOutlined /> {t('quotation.public.title')}
          </h1>
          <p style={{ marginBottom: 0 }}>{t('quotation.public.subtitle')}</p>
        </div>
      </section>
      <div className="app-content">
        <Card>
          <QuotationsTable view="public" />
        </Card>
      </div>
    </>
  );
}
