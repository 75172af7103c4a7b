import { CloudUploadOutlined, ExportOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Flex, Input, Select, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { tablePagination } from '../../app/components/pagination.ts';
import { EmptyState, LoadError } from '../../app/components/states.tsx';
import { formatBeijing, formatMoney } from '../../app/format.ts';
import { useListParams } from '../../app/listParams.ts';
import { CategorySelect } from '../experts/parts.tsx';
import { useListings, type Listing } from './api.ts';
import { ListingActions, ListingDrawer, type ListingMode } from './ListingDrawer.tsx';
import { CreateListingModal } from './ListingForm.tsx';
import { ListingStatusTag, PriceFlag } from './parts.tsx';
import { listingStatusSchema } from './schema.ts';
import { ExportButtons } from '../../app/components/ExportButtons.tsx';

const statuses = listingStatusSchema.options;

type View = 'supplier' | 'center' | 'review';

function useColumns(view: View, open: (listing: Listing) => void): TableColumnsType<Listing> {
  const { t } = useTranslation();
  const mode: ListingMode = view === 'supplier' ? 'supplier' : 'center';
  const columns: TableColumnsType<Listing> = [
    {
      key: 'product',
      dataIndex: 'productName',
      title: t('catalogue.listing.product'),
      render: (name: string, l) => (
        <div style={{ maxWidth: 260, whiteSpace: 'normal' }}>
          <Typography.Link onClick={() => open(l)} data-testid="listing-open">
            {name}
          </Typography.Link>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {l.brand} · <span className="hash">{l.model}</span>
          </Typography.Text>
        </div>
      ),
    },
    ...(view === 'supplier'
      ? []
      : [
          {
            key: 'supplier',
            dataIndex: 'supplierName',
            title: t('catalogue.listing.supplier'),
            render: (v: string) => <span style={{ display: 'inline-block', maxWidth: 180, whiteSpace: 'normal' }}>{v}</span>,
          },
        ]),
    {
      key: 'price',
      dataIndex: 'priceFen',
      title: t('catalogue.listing.fields.price'),
      align: 'right',
      render: (v: number) => <span style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>{formatMoney(v)}</span>,
    },
    ...(view === 'review'
      ? []
      : [{ key: 'stock', dataIndex: 'stock', title: t('catalogue.listing.fields.stock'), align: 'right' as const }]),
    ...(view === 'review'
      ? []
      : [
          {
            key: 'status',
            dataIndex: 'status',
            title: t('catalogue.listing.status'),
            render: (s: string) => <ListingStatusTag status={s} />,
          },
        ]),
    {
      key: 'flag',
      dataIndex: 'priceFlag',
      title: t('catalogue.listing.priceFlag'),
      render: (v: string | null) => (v ? <PriceFlag flag={v} /> : <Typography.Text type="secondary">{t('common.none')}</Typography.Text>),
    },
    ...(view === 'review'
      ? []
      : [
          {
            key: 'note',
            title: t('catalogue.listing.reviewNote'),
            render: (_: unknown, l: Listing) => {
              const note = l.status === 'suspended' ? l.statusReason : l.reviewNote;
              return note ? (
                <Typography.Text
                  type={l.status === 'draft' || l.status === 'suspended' ? 'danger' : 'secondary'}
                  style={{ display: 'inline-block', maxWidth: 220, whiteSpace: 'normal' }}
                >
                  {note}
                </Typography.Text>
              ) : (
                <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
              );
            },
          },
        ]),
    {
      key: 'updated',
      dataIndex: 'updatedAt',
      title: t('catalogue.listing.updatedAtBeijing'),
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatBeijing(v)}</span>,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_: unknown, l) => (
        <Flex gap={4} align="center">
          {view === 'review' ? null : (
            <Button size="small" onClick={() => open(l)}>
              {view === 'supplier' && l.status !== 'delisted' ? t('catalogue.listing.edit') : t('common.details')}
            </Button>
          )}
          <ListingActions listing={l} mode={mode} compact />
          {view === 'review' ? (
            <Link to={`/products/${encodeURIComponent(l.productId)}`} target="_blank" title={t('catalogue.listing.viewProduct')}>
              <Button size="small" type="link" icon={<ExportOutlined />}>
                {t('catalogue.listing.compare')}
              </Button>
            </Link>
          ) : null}
        </Flex>
      ),
    },
  ];
  return columns;
}

function ListingsView({ view }: { view: View }) {
  const { t } = useTranslation();
  const list = useListParams(['status', 'category', 'q', 'flagged']);
  const query = {
    page: list.page,
    pageSize: list.pageSize,
    category: list.filters.category,
    q: list.filters.q,
    status: view === 'review' ? 'submitted' : list.filters.status,
    flagged: view === 'supplier' ? undefined : list.filters.flagged === 'true' ? 'true' : undefined,
    // The review queue is this center's work: listings on agreements another area's center entered are its.
    manageable: view === 'review' ? ('true' as const) : undefined,
  };
  const listings = useListings(query);
  const [openId, setOpenId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const columns = useColumns(view, (l) => setOpenId(l.id));
  const filtered = Object.entries(list.filters).some(([key, value]) => value && !(view === 'review' && key === 'status'));

  const title =
    view === 'supplier'
      ? t('catalogue.listing.pageTitle')
      : view === 'review'
        ? t('catalogue.review.pageTitle')
        : t('catalogue.listing.allTitle');
  const intro =
    view === 'supplier' ? t('catalogue.listing.intro') : view === 'review' ? t('catalogue.review.intro') : t('catalogue.listing.allIntro');
  const empty =
    view === 'review'
      ? { title: t('catalogue.review.empty'), hint: t('catalogue.review.emptyHint') }
      : filtered
        ? { title: t('catalogue.listing.emptyFiltered'), hint: t('catalogue.listing.emptyFilteredHint') }
        : view === 'supplier'
          ? { title: t('catalogue.listing.empty'), hint: t('catalogue.listing.emptyHint') }
          : { title: t('catalogue.listing.emptyAll'), hint: t('catalogue.listing.emptyAllHint') };

  return (
    <>
      <PageTitle
        extra={
          view === 'supplier' ? (
            <>
              <Link to="/supplier/listings/import">
                <Button icon={<CloudUploadOutlined />}>{t('catalogue.import.open')}</Button>
              </Link>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('catalogue.listing.create')}
              </Button>
            </>
          ) : null
        }
      >
        {title}
      </PageTitle>
      <Card>
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {intro}
        </Typography.Paragraph>
        <div className="table-filters">
          {view === 'review' ? null : (
            <Select
              allowClear
              placeholder={t('catalogue.listing.allStatuses')}
              value={list.filters.status}
              onChange={(v: string | undefined) => list.setFilter('status', v)}
              options={statuses.map((s) => ({ value: s, label: t(`catalogue.listingStatus.${s}`) }))}
              aria-label={t('catalogue.listing.status')}
            />
          )}
          <CategorySelect
            value={list.filters.category}
            onChange={(v) => list.setFilter('category', typeof v === 'string' ? v : undefined)}
            placeholder={t('catalogue.listing.categoryFilter')}
            aria-label={t('catalogue.listing.categoryFilter')}
          />
          <Input.Search
            key={list.filters.q ?? ''}
            allowClear
            defaultValue={list.filters.q}
            maxLength={50}
            placeholder={view === 'supplier' ? t('catalogue.listing.searchPlaceholder') : t('catalogue.listing.searchPlaceholderCenter')}
            onSearch={(v) => list.setFilter('q', v.trim() || undefined)}
            enterButton={t('common.search')}
          />
          {view === 'supplier' ? null : (
            <Checkbox
              checked={list.filters.flagged === 'true'}
              onChange={(e) => list.setFilter('flagged', e.target.checked ? 'true' : undefined)}
              style={{ alignSelf: 'center' }}
            >
              {t('catalogue.listing.flaggedOnly')}
            </Checkbox>
          )}
          <ExportButtons path="/api/listings" filters={query} filename={title} testId="listings-export" />
        </div>
        {listings.isError && !listings.data ? (
          <LoadError error={listings.error} onRetry={() => void listings.refetch()} />
        ) : (
          <Table<Listing>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={listings.data?.items ?? []}
            loading={listings.isFetching}
            rowClassName={(l) => (l.priceFlag && view !== 'supplier' ? 'row-flagged' : '')}
            pagination={tablePagination(list, listings.data?.total, t)}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: listings.isPending ? ' ' : <EmptyState title={empty.title} hint={empty.hint} /> }}
          />
        )}
      </Card>
      <ListingDrawer listingId={openId} mode={view === 'supplier' ? 'supplier' : 'center'} onClose={() => setOpenId(null)} />
      {view === 'supplier' ? (
        <CreateListingModal open={creating} onClose={() => setCreating(false)} onCreated={(l) => setOpenId(l.id)} />
      ) : null}
    </>
  );
}

/** 我的报价: the supplier's own listings, new offers, edits, and the state actions. */
export function SupplierListingsPage() {
  return <ListingsView view="supplier" />;
}

/** 全部报价: every listing, for center staff to suspend and restore. */
export function CenterListingsPage() {
  return <ListingsView view="center" />;
}

/** 报价审核: submitted listings, those whose price was flagged first. */
export function ReviewQueuePage() {
  return <ListingsView view="review" />;
}
