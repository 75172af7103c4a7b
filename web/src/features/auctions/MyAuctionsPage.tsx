import { TrophyOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Deadline } from '../../app/components/Deadline.tsx';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { ExportButtons } from '../../app/components/ExportButtons.tsx';
import { tablePagination } from '../../app/components/pagination.ts';
import { EmptyState, LoadError } from '../../app/components/states.tsx';
import { useFormat } from '../../app/format.ts';
import { useListParams } from '../../app/listParams.ts';
import { lotStateColors } from '../../app/theme.ts';
import { money } from '../assets/parts.tsx';
import { useMyRegistrations, type Registration } from './api.ts';
import { useServerNow } from './clock.ts';
import { DepositStatusTag, type LotState } from './parts.tsx';

/** Leading, outbid, won or not: where the supplier stands on the lot. */
function Standing({ r }: { r: Registration }) {
  const { t } = useTranslation();
  if (r.won) {
    return (
      <Tag color="gold" icon={<TrophyOutlined />} style={{ marginInlineEnd: 0 }} data-testid="standing">
        {t('auction.mine.won')}
      </Tag>
    );
  }
  if (r.lotStatus !== 'open') return <Tag style={{ marginInlineEnd: 0 }}>{t('auction.mine.notWon')}</Tag>;
  if (r.leading) {
    return (
      <Tag color="red" style={{ marginInlineEnd: 0 }} data-testid="standing">
        {t('auction.mine.leading')}
      </Tag>
    );
  }
  return <Tag style={{ marginInlineEnd: 0 }}>{r.myHighestFen === null ? t('auction.mine.noBid') : t('auction.mine.outbid')}</Tag>;
}

/** 我的竞买 (supplier): each lot registered for, the bidder code, the deposit's state, the highest bid, and the payment deadline when won. */
export default function MyAuctionsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const now = useServerNow();
  const list = useListParams([]);
  const mine = useMyRegistrations({ page: list.page, pageSize: list.pageSize });

  const columns: TableColumnsType<Registration> = [
    {
      key: 'lot',
      title: t('auction.manage.lot'),
      fixed: 'left',
      render: (_: unknown, r) => (
        <div style={{ minWidth: 150, maxWidth: 240, whiteSpace: 'normal' }}>
          <Link to={`/auctions/${encodeURIComponent(r.lotId)}`} data-testid="mine-lot">
            {r.lotTitle}
          </Link>
          <Typography.Text type="secondary" className="hash" style={{ display: 'block' }}>
            {r.lotNo}
          </Typography.Text>
        </div>
      ),
    },
    {
      key: 'state',
      title: t('auction.manage.state'),
      render: (_: unknown, r) => {
        // The registration carries the lot's status and end but not its start: an open lot is 进行中 until its end.
        const state: LotState = r.lotStatus !== 'open' ? r.lotStatus : now >= Date.parse(r.endsAt) ? 'closing' : 'live';
        return (
          <Tag color={lotStateColors[state]} style={{ marginInlineEnd: 0 }}>
            {state === 'live' ? t('auction.mine.open') : t(`auction.state.${state}`)}
          </Tag>
        );
      },
    },
    {
      key: 'code',
      dataIndex: 'bidderCode',
      title: t('auction.register.codeLabel'),
      render: (v: string) => (
        <span className="hash" style={{ fontSize: 13 }} data-testid="mine-code">
          {v}
        </span>
      ),
    },
    {
      key: 'deposit',
      title: t('auction.depositAmount'),
      render: (_: unknown, r) => (
        <Flex vertical gap={2} align="start">
          {money(r.depositFen)}
          <DepositStatusTag status={r.depositStatus} />
        </Flex>
      ),
    },
    { key: 'current', dataIndex: 'currentPriceFen', title: t('auction.currentPrice'), align: 'right', render: money },
    { key: 'high', dataIndex: 'myHighestFen', title: t('auction.mine.myHighest'), align: 'right', render: money },
    { key: 'standing', title: t('auction.mine.standing'), render: (_: unknown, r) => <Standing r={r} /> },
    {
      key: 'ends',
      dataIndex: 'endsAt',
      title: t('auction.mine.endsAt'),
      render: (v: string, r) =>
        r.lotStatus === 'open' ? (
          <span style={{ whiteSpace: 'nowrap' }}>
            <Deadline at={v} />
          </span>
        ) : (
          <span style={{ whiteSpace: 'nowrap' }}>{format.dateTime(v)}</span>
        ),
    },
    {
      key: 'pay',
      dataIndex: 'payDeadline',
      title: t('auction.mine.payDeadline'),
      render: (v: string | null, r) =>
        v && r.lotStatus === 'sold' ? (
          <span style={{ whiteSpace: 'nowrap' }}>
            <Deadline at={v} />
          </span>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
  ];

  return (
    <>
      <PageTitle
        extra={
          <Link to="/auctions">
            <Button>{t('auction.mine.toHall')}</Button>
          </Link>
        }
      >
        {t('auction.mine.title')}
      </PageTitle>
      <Card>
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {t('auction.mine.intro')}
        </Typography.Paragraph>
        <div className="table-filters">
          <ExportButtons path="/api/auctions/mine" filename={t('auction.mine.title')} testId="mine-export" />
        </div>
        {mine.isError && !mine.data ? (
          <LoadError error={mine.error} onRetry={() => void mine.refetch()} />
        ) : (
          <Table<Registration>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={mine.data?.items ?? []}
            loading={mine.isFetching}
            pagination={tablePagination(list, mine.data?.total, t)}
            scroll={{ x: 'max-content' }}
            rowClassName={(r) => (r.won && r.lotStatus === 'sold' ? 'row-todo' : '')}
            data-testid="mine-table"
            locale={{ emptyText: mine.isPending ? ' ' : <EmptyState title={t('auction.mine.empty')} hint={t('auction.mine.emptyHint')} /> }}
          />
        )}
      </Card>
    </>
  );
}
