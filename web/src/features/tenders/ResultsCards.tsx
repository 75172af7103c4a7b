import { Card, Descriptions, Flex, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useServerText } from '../../app/serverText.ts';
import { useFormat } from '../../app/format.ts';
import type { Tender } from './api.ts';

/** 中标结果公告: per lot the winner, the amount and the report's summary; the committee's names; the open data. */
export function AwardNoticeCard({ tender }: { tender: Tender }) {
  const { t } = useTranslation();
  const words = useServerText();
  const format = useFormat();
  const notice = tender.awardNotice;
  if (!notice) return null;
  return (
    <Card title={t('tender.results.noticeTitle')} size="small" data-testid="award-notice">
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('tender.results.publishedAt', { at: format.dateTime(notice.publishedAt) })}</Typography.Text>
        {notice.lots.map((l) => (
          <Descriptions
            key={l.lotId}
            size="small"
            bordered
            column={1}
            title={t('tender.results.lotTitle', { n: l.lotNo, name: l.name })}
            items={[
              {
                key: 'winner',
                label: t('tender.results.winner'),
                children: <span data-testid="notice-winner">{l.supplierName ?? t('tender.results.noWinner')}</span>,
              },
              {
                key: 'amount',
                label: t('tender.results.amount'),
                children: <span data-testid="notice-amount">{l.amountFen === null ? '—' : format.money(l.amountFen)}</span>,
              },
              { key: 'summary', label: t('tender.results.summary'), children: words(l.summary) },
            ]}
          />
        ))}
        <Descriptions
          size="small"
          column={1}
          items={[
            {
              key: 'committee',
              label: t('tender.results.committee'),
              children: <span data-testid="notice-committee">{notice.committee.join('、') || '—'}</span>,
            },
            {
              key: 'ocds',
              label: t('tender.results.ocds'),
              children: (
                <a href={notice.ocdsUrl} target="_blank" rel="noreferrer" data-testid="notice-ocds">
                  {notice.ocid}
                </a>
              ),
            },
          ]}
        />
      </Flex>
    </Card>
  );
}

/** 无效投标: each failed bid with the step that failed it and the reason (not scored, not ranked). */
export function InvalidBidsCard({ tender }: { tender: Tender }) {
  const { t } = useTranslation();
  const rows = tender.invalidBids ?? [];
  if (rows.length === 0) return null;
  return (
    <Card title={t('tender.results.invalidTitle', { n: rows.length })} size="small" data-testid="invalid-bids">
      <List
        size="small"
        dataSource={rows}
        renderItem={(r) => (
          <List.Item data-testid="invalid-bid">
            <Flex vertical gap={2}>
              <span>
                {t('tender.results.lotN', { n: r.lotNo })} · <strong>{r.supplierName}</strong>{' '}
                <Tag color="red">{t(`tender.results.stage.${r.stage}`)}</Tag>
              </span>
              <Typography.Text type="secondary">{r.reason}</Typography.Text>
            </Flex>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** 中标 / 未中标 of a bid once its lot's award is confirmed. */
export function OutcomeTag({ outcome }: { outcome: 'won' | 'lost' | null | undefined }) {
  const { t } = useTranslation();
  if (!outcome) return null;
  return (
    <Tag color={outcome === 'won' ? 'green' : 'default'} data-testid="bid-outcome">
      {t(`tender.outcome.${outcome}`)}
    </Tag>
  );
}
