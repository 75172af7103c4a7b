import { ClockCircleOutlined, FieldTimeOutlined, LockOutlined, PictureOutlined } from '@ant-design/icons';
import { Alert, Flex, Steps, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatBeijing, formatMoney, useFormat } from '../../app/format.ts';
import { depositStatusColors, lotStateColors } from '../../app/theme.ts';
import type { Bid, Lot } from './api.ts';
import { splitRemaining, useServerNow } from './clock.ts';
import { depositStatuses } from './schema.ts';
import { useServerText } from '../../app/serverText.ts';

export type LotState = keyof typeof lotStateColors;

/** What a viewer sees of a lot now, by the server's clock: waiting, bidding, closing (the job has not run yet), or its result. */
export function lotState(lot: Pick<Lot, 'status' | 'startsAt' | 'endsAt'>, now: number): LotState {
  if (lot.status !== 'open') return lot.status;
  if (now < Date.parse(lot.startsAt)) return 'upcoming';
  if (now < Date.parse(lot.endsAt)) return 'live';
  return 'closing';
}

export function useLotState(lot: Pick<Lot, 'status' | 'startsAt' | 'endsAt'>): LotState {
  return lotState(lot, useServerNow());
}

export function LotStateTag({ lot }: { lot: Pick<Lot, 'status' | 'startsAt' | 'endsAt'> }) {
  const { t } = useTranslation();
  const state = useLotState(lot);
  return (
    <Tag color={lotStateColors[state]} style={{ marginInlineEnd: 0 }} data-testid="lot-state" data-state={state}>
      {t(`auction.state.${state}`)}
    </Tag>
  );
}

export function DepositStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  const known = depositStatuses.find((s) => s === status);
  return known ? (
    <Tag color={depositStatusColors[known]} style={{ marginInlineEnd: 0 }} data-testid="deposit-status">
      {t(`auction.deposit.${known}`)}
    </Tag>
  ) : (
    <Tag>{status}</Tag>
  );
}

/** 已延时: the end moved because of bids in the last minutes (anti-sniping), with the original end. */
export function ExtendedTag({ lot }: { lot: Pick<Lot, 'endsAt' | 'originalEndsAt' | 'extensionWindowMinutes' | 'extensionMinutes'> }) {
  const { t } = useTranslation();
  if (lot.endsAt === lot.originalEndsAt) return null;
  return (
    <Tooltip
      title={t('auction.extendedHint', {
        original: formatBeijing(lot.originalEndsAt),
        window: lot.extensionWindowMinutes,
        minutes: lot.extensionMinutes,
      })}
    >
      <Tag color="orange" icon={<FieldTimeOutlined />} style={{ marginInlineEnd: 0 }} data-testid="lot-extended">
        {t('auction.extended')}
      </Tag>
    </Tooltip>
  );
}

/** "2 天 03:04:05" or "03:04:05". */
export function useRemaining() {
  const { t } = useTranslation();
  return (ms: number) => {
    const { days, hms } = splitRemaining(ms);
    return days > 0 ? t('auction.countdown.days', { days, hms }) : hms;
  };
}

/**
 * The countdown that matters now: to the start, to the end (red in the last anti-sniping window), or
 * that the end has passed and the result is being settled. On the server's clock.
 */
export function LotCountdown({
  lot,
  compact = false,
}: {
  lot: Pick<Lot, 'status' | 'startsAt' | 'endsAt' | 'extensionWindowMinutes'>;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const now = useServerNow();
  const remaining = useRemaining();
  const state = lotState(lot, now);
  const style = { fontVariantNumeric: 'tabular-nums' as const, whiteSpace: 'nowrap' as const };
  if (state === 'upcoming') {
    return (
      <Typography.Text type="secondary" style={style} data-testid="countdown">
        <ClockCircleOutlined /> {t('auction.countdown.toStart', { time: remaining(Date.parse(lot.startsAt) - now) })}
      </Typography.Text>
    );
  }
  if (state === 'live') {
    const left = Date.parse(lot.endsAt) - now;
    const closing = left <= lot.extensionWindowMinutes * 60_000;
    return (
      <Typography.Text type={closing ? 'danger' : undefined} strong={closing} style={style} data-testid="countdown">
        <ClockCircleOutlined /> {t('auction.countdown.toEnd', { time: remaining(left) })}
      </Typography.Text>
    );
  }
  if (state === 'closing') {
    return (
      <Typography.Text type="warning" style={style} data-testid="countdown">
        {compact ? t('auction.countdown.endedShort') : t('auction.countdown.ended')}
      </Typography.Text>
    );
  }
  return null;
}

/** 有保留价 (never its value) or 无保留价. */
export function ReserveNote({ hasReserve }: { hasReserve: boolean }) {
  const { t } = useTranslation();
  return hasReserve ? (
    <Tooltip title={t('auction.reserveHint')}>
      <Tag icon={<LockOutlined />} color="gold" style={{ marginInlineEnd: 0 }} data-testid="has-reserve">
        {t('auction.hasReserve')}
      </Tag>
    </Tooltip>
  ) : (
    <Tag style={{ marginInlineEnd: 0 }}>{t('auction.noReserve')}</Tag>
  );
}

/** The first photo of a lot, or a placeholder of the same size. */
export function LotImage({ lot, height }: { lot: Pick<Lot, 'photos' | 'title'>; height: number }) {
  const first = lot.photos[0];
  return first ? (
    <img src={first.url} alt={lot.title} style={{ width: '100%', height, objectFit: 'cover', display: 'block' }} />
  ) : (
    <div className="lot-image-empty" style={{ height }} aria-hidden>
      <PictureOutlined />
    </div>
  );
}

/** The price that leads now, or the start price before the first bid. */
export function PriceFigure({ lot, size = 22 }: { lot: Pick<Lot, 'currentPriceFen' | 'startPriceFen' | 'version'>; size?: number }) {
  const { t } = useTranslation();
  const bid = lot.currentPriceFen !== null;
  return (
    <div>
      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
        {bid ? t('auction.currentPrice') : t('auction.startPrice')}
      </Typography.Text>
      <span key={lot.version} className="lot-price price-flash" style={{ fontSize: size }} data-testid="current-price">
        {formatMoney(lot.currentPriceFen ?? lot.startPriceFen)}
      </span>
    </div>
  );
}

/** The bids by anonymous bidder code, newest first; the leading one marked. */
export function BidHistory({ bids, mine }: { bids: readonly Bid[]; mine?: string | null | undefined }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<Bid> = [
    { key: 'seq', dataIndex: 'seq', title: t('auction.bids.seq'), align: 'right', width: 56 },
    {
      key: 'code',
      dataIndex: 'bidderCode',
      title: t('auction.bids.bidder'),
      render: (code: string, b) => (
        <Flex gap={4} align="center" wrap>
          <span className="hash" style={{ fontSize: 13 }}>
            {code}
          </span>
          {b.seq === bids[0]?.seq ? <Tag color="red">{t('auction.bids.leading')}</Tag> : <Tag>{t('auction.bids.outbid')}</Tag>}
          {mine && code === mine ? <Tag color="blue">{t('auction.bids.mine')}</Tag> : null}
        </Flex>
      ),
    },
    {
      key: 'amount',
      dataIndex: 'amountFen',
      title: t('auction.bids.amount'),
      align: 'right',
      render: (v: number) => (
        <span style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }} data-testid="bid-amount-cell">
          {formatMoney(v)}
        </span>
      ),
    },
    {
      key: 'at',
      dataIndex: 'placedAt',
      title: t('auction.bids.at'),
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatBeijing(v, 'MM-DD HH:mm:ss')}</span>,
    },
  ];
  return (
    <Table<Bid>
      rowKey="seq"
      size="small"
      columns={columns}
      dataSource={[...bids]}
      pagination={bids.length > 20 ? { pageSize: 20, size: 'small', showSizeChanger: false } : false}
      scroll={{ x: 'max-content' }}
      rowClassName={(b) => (b.seq === bids[0]?.seq ? 'row-winner' : '')}
      data-testid="bid-history"
      locale={{ emptyText: t('auction.bids.none') }}
    />
  );
}

/**
 * 拍卖进度: 公告 → 竞价 → 结果 → 付款, the current step and under it what happens next and when
 * (UI.md: Steps for every state machine).
 */
export function LotProgress({ lot }: { lot: Lot }) {
  const { t } = useTranslation();
  const format = useFormat();
  const state = useLotState(lot);
  const current =
    state === 'upcoming'
      ? 0
      : state === 'live'
        ? 1
        : state === 'closing' || state === 'failed' || state === 'cancelled'
          ? 2
          : state === 'sold' || state === 'defaulted'
            ? 3
            : 4;
  const status = state === 'failed' || state === 'defaulted' || state === 'cancelled' ? 'error' : state === 'paid' ? 'finish' : 'process';
  const items = [
    { key: 'announce', title: t('auction.steps.announce'), content: t('auction.steps.announceAt', { at: format.dateTime(lot.startsAt) }) },
    { key: 'bidding', title: t('auction.steps.bidding'), content: t('auction.steps.biddingUntil', { at: format.dateTime(lot.endsAt) }) },
    {
      key: 'result',
      title:
        state === 'failed' ? t('auction.state.failed') : state === 'cancelled' ? t('auction.state.cancelled') : t('auction.steps.result'),
      content: t('auction.steps.resultAuto'),
    },
    {
      key: 'payment',
      title: state === 'defaulted' ? t('auction.state.defaulted') : t('auction.steps.payment'),
      content: lot.payDeadline ? t('auction.steps.payBy', { at: format.dateTime(lot.payDeadline) }) : t('auction.steps.paymentRule'),
    },
  ];
  return <Steps size="small" current={current} status={status} items={items} data-testid="lot-steps" />;
}

/** 成交 / 流拍 after the close, with whether the reserve was met and the system's note. */
export function LotResult({ lot }: { lot: Lot }) {
  const { t } = useTranslation();
  const words = useServerText();
  const format = useFormat();
  if (lot.status === 'open') return null;
  const sold = lot.status === 'sold' || lot.status === 'paid';
  const title = t(`auction.result.${lot.status}`, { price: formatMoney(lot.currentPriceFen ?? 0) });
  const reserve =
    lot.reserveMet === null || !lot.hasReserve ? null : lot.reserveMet ? t('auction.result.reserveMet') : t('auction.result.reserveNotMet');
  return (
    <Alert
      type={lot.status === 'paid' ? 'success' : sold ? 'info' : 'warning'}
      showIcon
      title={title}
      data-testid="lot-result"
      description={
        <Flex vertical gap={2}>
          {reserve ? <span data-testid="reserve-met">{reserve}</span> : null}
          {lot.resultNote ? <span style={{ overflowWrap: 'anywhere' }}>{words(lot.resultNote)}</span> : null}
          {lot.status === 'sold' && lot.payDeadline ? (
            <span>{t('auction.result.payBy', { at: format.dateTime(lot.payDeadline) })}</span>
          ) : null}
        </Flex>
      }
    />
  );
}
