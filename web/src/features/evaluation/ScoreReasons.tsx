import { Collapse, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LotReport } from './api.ts';

type Reason = LotReport['reasons'][number];

/** 评分理由 of a lot's report: per member (评审专家 N by seat), per bidder, per criterion, the points and the reason. */
export function ScoreReasons({ reasons }: { reasons: Reason[] }) {
  const { t } = useTranslation();
  if (reasons.length === 0) return null;
  const columns: TableColumnsType<Reason> = [
    { key: 'expert', title: t('evaluation.reasons.expert'), dataIndex: 'expert', width: 110 },
    { key: 'bidder', title: t('evaluation.reasons.bidder'), dataIndex: 'supplierName' },
    { key: 'criterion', title: t('evaluation.reasons.criterion'), dataIndex: 'criterionName', width: 100 },
    { key: 'points', title: t('evaluation.reasons.points'), dataIndex: 'points', align: 'right', width: 70 },
    {
      key: 'reason',
      title: t('evaluation.reasons.reason'),
      render: (_: unknown, r) =>
        r.reason ? (
          <span style={{ whiteSpace: 'pre-wrap' }}>{r.reason}</span>
        ) : (
          <Typography.Text type="secondary">{t('evaluation.reasons.fullMarks')}</Typography.Text>
        ),
    },
  ];
  return (
    <Collapse
      size="small"
      data-testid="score-reasons"
      items={[
        {
          key: 'reasons',
          label: t('evaluation.reasons.title', { n: reasons.filter((r) => r.reason).length }),
          children: (
            <Table<Reason>
              rowKey={(r) => `${r.seat}-${r.bidId}-${r.criterion}`}
              size="small"
              pagination={false}
              scroll={{ x: 'max-content' }}
              columns={columns}
              dataSource={reasons}
            />
          ),
        },
      ]}
    />
  );
}
