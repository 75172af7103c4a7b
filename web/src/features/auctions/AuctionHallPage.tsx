import { Alert, Card, Col, Flex, Input, Pagination, Row, Segmented, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { EmptyState, LoadError, problemText } from '../../app/components/states.tsx';
import { useFormat } from '../../app/format.ts';
import { useListParams } from '../../app/listParams.ts';
import { useCategoryName } from '../assets/parts.tsx';
import { CategorySelect } from '../experts/parts.tsx';
import { usePublicLots, type Lot, type LotPhase } from './api.ts';
import { ExtendedTag, LotCountdown, LotImage, LotStateTag, PriceFigure, ReserveNote } from './parts.tsx';
import { lotPhases } from './schema.ts';

const asPhase = (value: string | undefined): LotPhase | undefined => lotPhases.find((p) => p === value);

function LotCard({ lot }: { lot: Lot }) {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const categoryName = useCategoryName();
  const href = `/auctions/${encodeURIComponent(lot.id)}`;
  return (
    <Card
      hoverable
      size="small"
      className="lot-card"
      data-testid="lot-card"
      cover={<LotImage lot={lot} height={160} />}
      onClick={() => void navigate(href)}
    >
      <Flex vertical gap={6}>
        <Flex gap={4} wrap align="center">
          <LotStateTag lot={lot} />
          <ExtendedTag lot={lot} />
          {lot.round > 1 ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('auction.round', { n: lot.round })}
            </Typography.Text>
          ) : null}
        </Flex>
        <Link to={href} className="lot-card-title" data-testid="lot-title" onClick={(e) => e.stopPropagation()}>
          {lot.title}
        </Link>
        <Typography.Text type="secondary" style={{ fontSize: 12, overflowWrap: 'anywhere' }}>
          <span className="hash">{lot.lotNo}</span> · {categoryName(lot.categoryCode, lot.categoryName)} · {lot.sellerName}
        </Typography.Text>
        <Flex justify="space-between" align="end" gap={8} wrap>
          <PriceFigure lot={lot} size={20} />
          <Flex vertical align="end" gap={2}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="bid-count">
              {t('auction.bidCount', { n: lot.bidCount })}
            </Typography.Text>
            <ReserveNote hasReserve={lot.hasReserve} />
          </Flex>
        </Flex>
        <LotCountdown lot={lot} compact />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {lot.phase === 'upcoming'
            ? t('auction.startsAt', { at: format.dateTime(lot.startsAt) })
            : t('auction.endsAt', { at: format.dateTime(lot.endsAt) })}
        </Typography.Text>
      </Flex>
    </Card>
  );
}

/** 拍卖大厅 (public): disposal auctions of state assets, live ones first, with filters kept in the URL. */
export default function AuctionHallPage() {
  const { t } = useTranslation();
  const list = useListParams(['phase', 'category', 'q']);
  const phase = asPhase(list.filters.phase);
  const lots = usePublicLots({ page: list.page, pageSize: list.pageSize, phase, category: list.filters.category, q: list.filters.q });
  const filtered = !!phase || !!list.filters.category || !!list.filters.q;
  const data = lots.data;

  let body: React.ReactNode;
  if (lots.isPending) body = <Skeleton active paragraph={{ rows: 10 }} />;
  else if (lots.isError && !data) body = <LoadError error={lots.error} onRetry={() => void lots.refetch()} />;
  else if (data && data.total === 0)
    body = (
      <Card>
        <EmptyState
          title={filtered ? t('auction.hall.emptyFiltered') : t('auction.hall.empty')}
          hint={filtered ? t('auction.hall.emptyFilteredHint') : t('auction.hall.emptyHint')}
        />
      </Card>
    );
  else if (data)
    body = (
      <>
        {lots.isError ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 8 }}
            title={t('errors.loadFailed')}
            description={problemText(lots.error, t)}
          />
        ) : null}
        <Row gutter={[12, 12]}>
          {data.items.map((lot) => (
            <Col key={lot.id} xs={24} sm={12} lg={8} xl={6}>
              <LotCard lot={lot} />
            </Col>
          ))}
        </Row>
        <Flex justify="center" style={{ marginTop: 16 }}>
          <Pagination
            current={list.page}
            pageSize={list.pageSize}
            total={data.total}
            showSizeChanger={false}
            responsive
            hideOnSinglePage
            showTotal={(total) => t('common.total', { total })}
            onChange={(page) => list.setPage(page, list.pageSize)}
          />
        </Flex>
      </>
    );

  return (
    <>
      <section className="home-hero search-hero">
        <div className="home-hero-inner">
          <h1>{t('auction.hall.title')}</h1>
          <p style={{ marginBottom: 0 }}>{t('auction.hall.intro')}</p>
        </div>
      </section>
      <div className="app-content">
        <Card size="small" style={{ marginBottom: 12 }}>
          <Flex gap={8} wrap align="center">
            <Segmented<string>
              value={phase ?? 'all'}
              options={[{ value: 'all', label: t('common.all') }, ...lotPhases.map((p) => ({ value: p, label: t(`auction.phase.${p}`) }))]}
              onChange={(v) => list.setFilter('phase', v === 'all' ? undefined : v)}
              data-testid="phase-filter"
            />
            <CategorySelect
              value={list.filters.category}
              onChange={(v) => list.setFilter('category', typeof v === 'string' ? v : undefined)}
              placeholder={t('auction.hall.categoryFilter')}
              aria-label={t('auction.hall.categoryFilter')}
              style={{ flex: '1 1 220px', minWidth: 0 }}
            />
            <Input.Search
              key={list.filters.q ?? ''}
              allowClear
              defaultValue={list.filters.q}
              maxLength={50}
              placeholder={t('auction.hall.searchPlaceholder')}
              aria-label={t('auction.hall.searchPlaceholder')}
              onSearch={(v) => list.setFilter('q', v.trim() || undefined)}
              enterButton={t('common.search')}
              style={{ flex: '1 1 260px', minWidth: 0 }}
            />
          </Flex>
        </Card>
        {body}
      </div>
    </>
  );
}
