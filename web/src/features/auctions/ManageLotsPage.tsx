import { DollarOutlined, ExportOutlined, PlusOutlined, RedoOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Segmented, Select, Table, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Deadline } from '../../app/components/Deadline.tsx';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { tablePagination } from '../../app/components/pagination.ts';
import { EmptyState, LoadError } from '../../app/components/states.tsx';
import { useFormat } from '../../app/format.ts';
import { useListParams } from '../../app/listParams.ts';
import { useCurrentSession } from '../../app/session.ts';
import { money } from '../assets/parts.tsx';
import { useManagedLots, type LotPhase, type LotStatus, type ManagedLot } from './api.ts';
import { CreateLotModal, PaymentModal, RelistModal } from './LotForms.tsx';
import { ExtendedTag, LotCountdown, LotStateTag } from './parts.tsx';
import { lotPhases, lotStatuses } from './schema.ts';
import { ExportButtons } from '../../app/components/ExportButtons.tsx';
import { LotRegistrations } from './LotRegistrations.tsx';
import { useServerText } from '../../app/serverText.ts';

const asPhase = (value: string | undefined): LotPhase | undefined => lotPhases.find((p) => p === value);
const asStatus = (value: string | undefined): LotStatus | undefined => lotStatuses.find((s) => s === value);

/** 拍卖管理 (center staff): every lot with its hidden reserve and winner; create, record payment, relist. */
export default function ManageLotsPage() {
  const { t } = useTranslation();
  const words = useServerText();
  const format = useFormat();
  const session = useCurrentSession();
  const staff = session.user.roles.includes('center_staff');
  const list = useListParams(['phase', 'status', 'q']);
  const phase = asPhase(list.filters.phase);
  const status = asStatus(list.filters.status);
  const lots = useManagedLots({ page: list.page, pageSize: list.pageSize, phase, status, q: list.filters.q });
  const [creating, setCreating] = useState(false);
  const [relisting, setRelisting] = useState<ManagedLot | null>(null);
  const [paying, setPaying] = useState<ManagedLot | null>(null);
  const filtered = !!phase || !!status || !!list.filters.q;

  const columns: TableColumnsType<ManagedLot> = [
    {
      key: 'lot',
      title: t('auction.manage.lot'),
      fixed: 'left',
      render: (_: unknown, l) => (
        <div style={{ minWidth: 140, maxWidth: 220, whiteSpace: 'normal' }}>
          <Link to={`/auctions/${encodeURIComponent(l.id)}`} data-testid="manage-lot-title">
            {l.title}
          </Link>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            <span className="hash">{l.lotNo}</span> · {t('auction.round', { n: l.round })} · {l.sellerName}
          </Typography.Text>
        </div>
      ),
    },
    {
      key: 'state',
      title: t('auction.manage.state'),
      render: (_: unknown, l) => (
        <Flex vertical gap={2} align="start">
          <LotStateTag lot={l} />
          <ExtendedTag lot={l} />
        </Flex>
      ),
    },
    { key: 'start', dataIndex: 'startPriceFen', title: t('auction.startPrice'), align: 'right', render: money },
    {
      key: 'reserve',
      dataIndex: 'reservePriceFen',
      title: (
        <Tooltip title={t('auction.manage.reserveHint')}>
          <span>{t('auction.manage.reserve')}</span>
        </Tooltip>
      ),
      align: 'right',
      render: (v: number) => (v > 0 ? money(v) : <Typography.Text type="secondary">{t('auction.noReserve')}</Typography.Text>),
    },
    {
      key: 'current',
      title: t('auction.currentPrice'),
      align: 'right',
      render: (_: unknown, l) => (
        <span>
          {money(l.currentPriceFen)}
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, whiteSpace: 'nowrap' }}>
            {t('auction.bidCount', { n: l.bidCount })}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, whiteSpace: 'nowrap' }}>
            {t('auction.registrations', { n: l.registrations })}
          </Typography.Text>
        </span>
      ),
    },
    {
      key: 'period',
      title: t('auction.manage.period'),
      render: (_: unknown, l) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {format.dateTime(l.endsAt)}
          <span style={{ display: 'block' }}>
            <LotCountdown lot={l} compact />
          </span>
        </span>
      ),
    },
    {
      key: 'winner',
      title: t('auction.manage.winner'),
      render: (_: unknown, l) =>
        l.winnerName ? (
          <div style={{ minWidth: 120, maxWidth: 180, whiteSpace: 'normal' }}>
            {l.winnerName}
            {l.status === 'sold' && l.payDeadline ? (
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                {t('auction.manage.payBy')}
                <Deadline at={l.payDeadline} />
              </Typography.Text>
            ) : null}
          </div>
        ) : l.status !== 'open' && l.resultNote ? (
          <Typography.Text
            type="secondary"
            style={{ display: 'inline-block', minWidth: 120, maxWidth: 180, whiteSpace: 'normal', fontSize: 12 }}
          >
            {words(l.resultNote)}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_: unknown, l) => (
        <Flex vertical gap={4} align="start">
          {staff && l.status === 'sold' ? (
            <Button size="small" type="primary" icon={<DollarOutlined />} onClick={() => setPaying(l)} data-testid="record-payment">
              {t('auction.payment.open')}
            </Button>
          ) : null}
          {staff && (l.status === 'failed' || l.status === 'defaulted') ? (
            <Button size="small" icon={<RedoOutlined />} onClick={() => setRelisting(l)} data-testid="relist-lot">
              {t('auction.form.relist')}
            </Button>
          ) : null}
          <Link to={`/auctions/${encodeURIComponent(l.id)}`} target="_blank">
            <Button size="small" type="link" icon={<ExportOutlined />} style={{ paddingInline: 0 }}>
              {t('auction.manage.view')}
            </Button>
          </Link>
        </Flex>
      ),
    },
  ];

  return (
    <>
      <PageTitle
        extra={
          staff ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-lot">
              {t('auction.form.createOpen')}
            </Button>
          ) : null
        }
      >
        {t('auction.manage.title')}
      </PageTitle>
      <Card>
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {t('auction.manage.intro')}
        </Typography.Paragraph>
        <div className="table-filters">
          <Segmented<string>
            value={phase ?? 'all'}
            options={[{ value: 'all', label: t('common.all') }, ...lotPhases.map((p) => ({ value: p, label: t(`auction.phase.${p}`) }))]}
            onChange={(v) => list.setFilter('phase', v === 'all' ? undefined : v)}
            style={{ flex: '0 0 auto' }}
          />
          <Select
            allowClear
            placeholder={t('auction.manage.allStatuses')}
            value={status}
            onChange={(v: string | undefined) => list.setFilter('status', v)}
            options={lotStatuses.map((s) => ({ value: s, label: t(`auction.status.${s}`) }))}
            aria-label={t('auction.manage.state')}
          />
          <Input.Search
            key={list.filters.q ?? ''}
            allowClear
            defaultValue={list.filters.q}
            maxLength={50}
            placeholder={t('auction.hall.searchPlaceholder')}
            onSearch={(v) => list.setFilter('q', v.trim() || undefined)}
            enterButton={t('common.search')}
          />
          <ExportButtons
            path="/api/auctions/manage"
            filters={{ phase, status, q: list.filters.q }}
            filename={t('auction.manage.title')}
            testId="lots-export"
          />
        </div>
        {lots.isError && !lots.data ? (
          <LoadError error={lots.error} onRetry={() => void lots.refetch()} />
        ) : (
          <Table<ManagedLot>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={lots.data?.items ?? []}
            loading={lots.isFetching}
            pagination={tablePagination(list, lots.data?.total, t)}
            scroll={{ x: 'max-content' }}
            expandable={{ expandedRowRender: (l) => <LotRegistrations lot={l} staff={staff} /> }}
            data-testid="lots-table"
            locale={{
              emptyText: lots.isPending ? (
                ' '
              ) : filtered ? (
                <EmptyState title={t('auction.hall.emptyFiltered')} hint={t('auction.hall.emptyFilteredHint')} />
              ) : (
                <EmptyState title={t('auction.manage.empty')} hint={t('auction.manage.emptyHint')} />
              ),
            }}
          />
        )}
      </Card>
      {staff ? (
        <>
          <CreateLotModal open={creating} onClose={() => setCreating(false)} onCreated={() => undefined} />
          <RelistModal lot={relisting} onClose={() => setRelisting(null)} onRelisted={() => undefined} />
          <PaymentModal lot={paying} onClose={() => setPaying(null)} />
        </>
      ) : null}
    </>
  );
}
