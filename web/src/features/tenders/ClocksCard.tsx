import { Alert, Card, Flex, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';
import type { Tender } from './api.ts';

type Clock = Tender['clocks'][number];
const statusColor: Record<Clock['status'], string> = {
  running: 'processing',
  met: 'success',
  missed: 'error',
  paused: 'warning',
  stopped: 'default',
};

/** The time left to `due` as days, hours and minutes ('已届满' once past). */
function useTimeLeft() {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return (due: string) => Date.parse(due) - now;
}

function TimeLeft({ ms }: { ms: number }) {
  const { t } = useTranslation();
  if (ms <= 0) return <Typography.Text type="danger">{t('tender.clocks.expired')}</Typography.Text>;
  const minutes = Math.floor(ms / 60_000);
  return (
    <Typography.Text type={ms < 86_400_000 ? 'warning' : undefined}>
      {t('tender.clocks.left', { d: Math.floor(minutes / 1440), h: Math.floor((minutes % 1440) / 60), m: minutes % 60 })}
    </Typography.Text>
  );
}

/**
 * 法定时限: each legal clock of the tender with its due time (Beijing) and, while it runs, the time left;
 * the suspension while a complaint is handled, and the published complaint decisions.
 */
export function ClocksCard({ tender }: { tender: Tender }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const left = useTimeLeft();
  if (tender.clocks.length === 0 && tender.complaintDecisions.length === 0 && !tender.suspendedAt) return null;
  const en = i18n.language === 'en';
  return (
    <Card title={t('tender.clocks.title')} size="small" data-testid="clocks-card">
      <Flex vertical gap={12}>
        {tender.suspendedAt ? (
          <Alert type="warning" showIcon title={t('tender.clocks.suspended', { at: format.dateTime(tender.suspendedAt) })} />
        ) : null}
        {tender.clocks.length > 0 ? (
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={tender.clocks}
            columns={[
              {
                key: 'name',
                title: t('tender.clocks.name'),
                render: (_: unknown, c: Clock) => (
                  <Flex vertical>
                    <span>{en ? c.nameEn : c.name}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {c.basis}
                    </Typography.Text>
                  </Flex>
                ),
              },
              { key: 'due', title: t('tender.clocks.due'), render: (_: unknown, c: Clock) => format.dateTime(c.due) },
              {
                key: 'status',
                title: t('tender.clocks.status'),
                render: (_: unknown, c: Clock) => <Tag color={statusColor[c.status]}>{t(`tender.clocks.statuses.${c.status}`)}</Tag>,
              },
              {
                key: 'left',
                title: t('tender.clocks.timeLeft'),
                render: (_: unknown, c: Clock) => (c.status === 'running' ? <TimeLeft ms={left(c.due)} /> : t('common.none')),
              },
            ]}
          />
        ) : null}
        {tender.complaintDecisions.map((d) => (
          <Alert
            key={d.complaintId}
            type={d.outcome === 'dismissed' ? 'info' : 'error'}
            showIcon
            title={t('tender.clocks.decision', {
              regulator: d.regulatorName,
              at: format.dateTime(d.decidedAt),
              outcome: t(`tender.clocks.outcomes.${d.outcome}`),
            })}
            description={
              <>
                {d.reasons}
                {d.annulledAwards.map((a) => (
                  <div key={a.lotNo} data-testid="annulled-award">
                    {t('tender.clocks.annulledAward', { lot: a.lotNo, supplier: a.supplierName, at: format.dateTime(a.awardedAt) })}
                  </div>
                ))}
              </>
            }
          />
        ))}
      </Flex>
    </Card>
  );
}
