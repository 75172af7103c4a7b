import { DownloadOutlined, TrophyOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Steps, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { apiDownload } from '../../app/api.ts';
import { useSession } from '../../app/session.ts';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Deadline } from '../../app/components/Deadline.tsx';
import { EmptyState, problemSummary } from '../../app/components/states.tsx';
import { formatMoney, useFormat } from '../../app/format.ts';
import { SizeClassTag } from '../catalogue/parts.tsx';
import { money } from '../quotations/parts.tsx';
import type { Lot, Tender } from '../tenders/api.ts';
import type { Challenge, EvaluationReport, LotReport, Outlier, RankingRow, SeatStatus } from './api.ts';
import { maxPoints, percentOfRate } from './schema.ts';
import { ScoreReasons } from './ScoreReasons.tsx';
import './evaluation.css';

// One colour per seat state: drawn and waiting for the declaration (gold), seated (green), declined (grey).
const seatColors: Record<SeatStatus, string> = { drawn: 'gold', confirmed: 'green', declined: 'default' };

export function SeatStatusTag({ status }: { status: SeatStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={seatColors[status]} style={{ marginInlineEnd: 0 }} data-testid="seat-status">
      {t(`evaluation.seat.status.${status}`)}
    </Tag>
  );
}

// "2026-12-09 23:59:59" in Beijing time (the server's notes), or a UTC ISO timestamp (older notes).
const moment = String.raw`(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?Z?)`;
const untilInNote = new RegExp(`质疑期至 ${moment}`);
const noticeInNote = new RegExp(`中标公告 ${moment}`);
const asIso = (text: string | undefined) =>
  text === undefined ? null : text.endsWith('Z') ? text : new Date(`${text.replace(' ', 'T')}+08:00`).toISOString();

/**
 * The award notice and the end of the challenge window (质疑期). The tender's answer has no field for
 * them: the server writes both into its result note ("中标公告 …，质疑期至 …（北京时间）"), read here.
 */
export function challengeWindow(tender: Pick<Tender, 'resultNote'>): { noticeAt: string | null; until: string | null } {
  const note = tender.resultNote ?? '';
  return { noticeAt: asIso(noticeInNote.exec(note)?.[1]), until: asIso(untilInNote.exec(note)?.[1]) };
}

/** Whether the challenge window is still open by this browser's clock (the server's clock decides). */
export const windowOpen = (until: string | null) => until !== null && Date.parse(until) > Date.now();

/** A lot of the report has been computed. */
export const computed = (report: EvaluationReport | null | undefined) => !!report?.lots.some((l) => l.report !== null);

type StepKey = 'draw' | 'review' | 'report' | 'award' | 'challenge' | 'contract';
const stepKeys: StepKey[] = ['draw', 'review', 'report', 'award', 'challenge', 'contract'];

/**
 * 评标进度: 抽取专家 → 回避声明与评分 → 评标报告 → 确认中标 → 质疑期 → 合同, with what happens next
 * and when (UI.md: Steps for every state machine).
 */
export function EvaluationProgress({ tender, report }: { tender: Tender; report?: EvaluationReport | null | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { until } = challengeWindow(tender);
  const open = windowOpen(until);
  let current = 0;
  let next: string;
  switch (tender.status) {
    case 'opened':
      next = t('evaluation.next.opened');
      break;
    case 'evaluation':
      current = computed(report) ? 3 : 1;
      next = computed(report) ? t('evaluation.next.reported') : t('evaluation.next.evaluation');
      break;
    case 'awarded':
      current = open ? 4 : 5;
      next = open
        ? t('evaluation.next.awarded', { until: format.dateTime(until) })
        : t('evaluation.next.windowPassed', { until: format.dateTime(until) });
      break;
    case 'challenge':
      current = 4;
      next = t('evaluation.next.challenge');
      break;
    case 'contracted':
      current = 5;
      next = t('evaluation.next.contracted');
      break;
    default:
      next = t('evaluation.next.notYet');
  }
  const ended = tender.status === 'failed' || tender.status === 'cancelled';
  return (
    <Flex vertical gap={12}>
      <Steps
        size="small"
        current={current}
        status={ended ? 'error' : tender.status === 'contracted' ? 'finish' : 'process'}
        items={stepKeys.map((key) => ({ key, title: t(`evaluation.steps.${key}`) }))}
        data-testid="evaluation-steps"
      />
      <Alert
        type={ended ? 'warning' : 'info'}
        showIcon
        title={t('evaluation.next.title')}
        description={next}
        data-testid="evaluation-next"
      />
    </Flex>
  );
}

/** How the figures of a lot's ranking come about, with the rules they come from. */
export function ReportRules({ lot, report }: { lot: Lot | undefined; report: NonNullable<LotReport['report']> }) {
  const { t } = useTranslation();
  const deduction = lot && !lot.smeReserved ? percentOfRate(lot.smeDeductionRate) : null;
  return (
    <ul className="plain-list report-rules" data-testid="report-rules">
      <li>{deduction !== null ? t('evaluation.rules.deduction', { pct: deduction }) : t('evaluation.rules.reserved')}</li>
      {report.method === 'comprehensive' ? (
        <>
          <li>
            {t('evaluation.rules.priceScore', {
              lowest: formatMoney(report.lowestEvaluationPriceFen),
              weight: report.priceWeight ? maxPoints(report.priceWeight) : 0,
            })}
          </li>
          <li>{t('evaluation.rules.average')}</li>
          <li>{t('evaluation.rules.comprehensiveOrder')}</li>
        </>
      ) : (
        <li>{t('evaluation.rules.lowestOrder')}</li>
      )}
      {report.greenBonusPoints || report.greenDeductionRate ? (
        <li data-testid="report-green-rule">
          {t('evaluation.report.greenPolicy', {
            preference: report.greenBonusPoints
              ? t('tender.bid.green.bonus', { points: report.greenBonusPoints })
              : t('tender.bid.green.deduction', { pct: percentOfRate(report.greenDeductionRate ?? '0') }),
          })}
        </li>
      ) : null}
    </ul>
  );
}

const nowrap = { whiteSpace: 'nowrap' as const, fontVariantNumeric: 'tabular-nums' as const };

/** A column title with its unit or rule under it, so the numbers' columns stay narrow. */
const head = (title: string, sub: string) => (
  <span style={{ whiteSpace: 'nowrap' }}>
    {title}
    <span style={{ display: 'block', fontSize: 12, fontWeight: 'normal', color: 'rgba(0, 0, 0, 0.62)' }}>{sub}</span>
  </span>
);

/** The ranking of one lot: every figure the decision rests on, the recommended and the awarded bid marked. */
export function RankingTable({ lot, result }: { lot: Lot | undefined; result: LotReport }) {
  const { t } = useTranslation();
  const report = result.report;
  if (!report) return <EmptyState title={t('evaluation.report.notComputed')} hint={t('evaluation.report.notComputedHint')} />;
  const comprehensive = report.method === 'comprehensive';
  const criteria = comprehensive
    ? (lot?.criteria ?? Object.keys(report.ranking[0]?.criteria ?? {}).map((key) => ({ key, name: key, weight: '0' })))
    : [];
  const columns: TableColumnsType<RankingRow> = [
    {
      key: 'rank',
      dataIndex: 'rank',
      title: t('evaluation.report.rank'),
      fixed: 'left',
      align: 'center',
      render: (rank: number, r) => (
        <Flex vertical align="center" gap={2}>
          <Typography.Text strong>{rank}</Typography.Text>
          {result.awardedBidId === r.bidId ? (
            <Tag color="green" icon={<TrophyOutlined />} style={{ marginInlineEnd: 0 }} data-testid="awarded-tag">
              {t('evaluation.report.awarded')}
            </Tag>
          ) : result.awardedBidId === null && result.recommendedBidId === r.bidId ? (
            <Tag color="blue" style={{ marginInlineEnd: 0 }}>
              {t('evaluation.report.recommended')}
            </Tag>
          ) : null}
        </Flex>
      ),
    },
    {
      key: 'bidder',
      dataIndex: 'supplierName',
      title: head(t('evaluation.report.bidder'), t('evaluation.report.sizeClass')),
      render: (v: string, r) => (
        <Flex vertical gap={4} style={{ minWidth: 120, maxWidth: 200 }}>
          <span style={{ whiteSpace: 'normal' }}>{v}</span>
          {r.sizeClass ? <SizeClassTag sizeClass={r.sizeClass} /> : null}
        </Flex>
      ),
    },
    { key: 'price', dataIndex: 'priceFen', title: t('evaluation.report.price'), align: 'right', render: (v: number) => money(v) },
    {
      key: 'deduction',
      dataIndex: 'deductionRate',
      title: t('evaluation.report.deduction'),
      align: 'right',
      render: (v: string) =>
        percentOfRate(v) > 0 ? (
          <span style={nowrap}>{t('evaluation.report.deductionPct', { pct: percentOfRate(v) })}</span>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    ...(report.greenBonusPoints || report.greenDeductionRate
      ? ([
          {
            key: 'green',
            title: t('evaluation.report.green'),
            align: 'right',
            render: (_: unknown, r: RankingRow) =>
              r.greenValid ? (
                <Tag color="green" style={{ marginInlineEnd: 0 }} data-testid="green-preference">
                  {r.greenDeductionFen
                    ? t('evaluation.report.greenDeduction', {
                        pct: percentOfRate(r.greenDeductionRate ?? '0'),
                        amount: formatMoney(r.greenDeductionFen),
                      })
                    : t('evaluation.report.greenBonus', { points: r.greenBonus ?? '0' })}
                </Tag>
              ) : r.greenCertificate ? (
                <Typography.Text type="secondary">{t('evaluation.report.greenExpired')}</Typography.Text>
              ) : (
                <Typography.Text type="secondary">—</Typography.Text>
              ),
          },
        ] satisfies TableColumnsType<RankingRow>)
      : []),
    {
      key: 'evaluationPrice',
      dataIndex: 'evaluationPriceFen',
      title: t('evaluation.report.evaluationPrice'),
      align: 'right',
      render: (v: number) => <span data-testid="evaluation-price">{money(v)}</span>,
    },
    ...(comprehensive
      ? ([
          {
            key: 'priceScore',
            dataIndex: 'priceScore',
            title: head(
              t('evaluation.report.priceScore'),
              t('evaluation.report.max', { max: report.priceWeight ? maxPoints(report.priceWeight) : 0 }),
            ),
            align: 'right',
            render: (v: string) => (
              <span style={nowrap} data-testid="price-score">
                {v}
              </span>
            ),
          },
          ...criteria.map((c) => ({
            key: `c-${c.key}`,
            title: head(c.name, t('evaluation.report.criterionMax', { max: maxPoints(c.weight) })),
            align: 'right' as const,
            render: (_: unknown, r: RankingRow) => <span style={nowrap}>{r.criteria[c.key] ?? '—'}</span>,
          })),
          {
            key: 'other',
            dataIndex: 'otherScore',
            title: t('evaluation.report.otherScore'),
            align: 'right',
            render: (v: string) => <span style={nowrap}>{v}</span>,
          },
          {
            key: 'total',
            dataIndex: 'total',
            title: t('evaluation.report.total'),
            align: 'right',
            render: (v: string) => (
              <Typography.Text strong style={nowrap} data-testid="total-score">
                {v}
              </Typography.Text>
            ),
          },
          { key: 'experts', dataIndex: 'experts', title: t('evaluation.report.experts'), align: 'right' },
        ] satisfies TableColumnsType<RankingRow>)
      : []),
    {
      key: 'note',
      dataIndex: 'tieBreak',
      title: t('evaluation.report.note'),
      render: (v: string | null) =>
        v ? (
          <span style={{ display: 'inline-block', minWidth: 160, maxWidth: 260, whiteSpace: 'normal', fontSize: 12 }}>{v}</span>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
  ];
  return (
    <Table<RankingRow>
      rowKey="bidId"
      size="small"
      pagination={false}
      scroll={{ x: 'max-content' }}
      columns={columns}
      dataSource={report.ranking}
      rowClassName={(r) => (r.bidId === result.awardedBidId ? 'row-winner' : '')}
      data-testid="ranking-table"
    />
  );
}

/** Scores far from the other experts' mean (the policy's outlier ratio), for the committee to look at again. */
export function OutlierList({
  outliers,
  ranking,
  expertName,
}: {
  outliers: Outlier[];
  ranking: RankingRow[];
  expertName?: ((expertId: string) => string | undefined) | undefined;
}) {
  const { t } = useTranslation();
  if (outliers.length === 0) return null;
  const bidder = (bidId: string) => ranking.find((r) => r.bidId === bidId)?.supplierName ?? bidId;
  return (
    <Alert
      type="warning"
      showIcon
      icon={<WarningOutlined />}
      title={t('evaluation.outliers.title', { n: outliers.length })}
      description={
        <ul className="plain-list" data-testid="outliers">
          {outliers.map((o) => (
            <li key={`${o.bidId}:${o.expertId}`}>
              {t('evaluation.outliers.item', {
                // The public report names a flagged score by the expert's seat ("seat:5"), not by who the expert is.
                expert:
                  expertName?.(o.expertId) ??
                  t('evaluation.outliers.anonymous', { id: o.expertId.startsWith('seat:') ? o.expertId.slice(5) : o.expertId.slice(0, 8) }),
                bidder: bidder(o.bidId),
                total: o.total,
                mean: o.othersMean,
              })}
            </li>
          ))}
        </ul>
      }
    />
  );
}

/** The lot's outcome in one line: awarded to whom at what contract price, or what it waits for. */
export function LotOutcome({ result }: { result: LotReport }) {
  const { t } = useTranslation();
  const format = useFormat();
  const winner = result.report?.ranking.find((r) => r.bidId === result.awardedBidId);
  if (winner) {
    return (
      <Alert
        type="success"
        showIcon
        icon={<TrophyOutlined />}
        title={t('evaluation.award.awardedTo', {
          supplier: winner.supplierName,
          price: formatMoney(result.contractPriceFen ?? winner.priceFen),
        })}
        description={t('evaluation.award.awardedAt', { at: format.dateTime(result.awardedAt) })}
        data-testid="lot-outcome"
      />
    );
  }
  if (result.status === 'failed') return <Alert type="error" showIcon title={t('evaluation.award.failed')} data-testid="lot-outcome" />;
  return null;
}

/** 质疑 and their replies; the center gets a reply button on those still open. */
export function ChallengeList({ items, action }: { items: Challenge[]; action?: ((c: Challenge) => React.ReactNode) | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (items.length === 0) return <EmptyState title={t('evaluation.challenge.none')} />;
  return (
    <Flex vertical gap={12} data-testid="challenge-list">
      {items.map((c) => (
        <div key={c.id} className="challenge-item" data-testid="challenge">
          <Flex wrap gap={8} align="center" justify="space-between">
            <Flex wrap gap={8} align="center">
              <Typography.Text strong>{c.supplierName}</Typography.Text>
              <Typography.Text type="secondary">{t('evaluation.challenge.lodgedAt', { at: format.dateTime(c.lodgedAt) })}</Typography.Text>
            </Flex>
            {c.repliedAt === null ? (
              <Tag color="orange">{t('evaluation.challenge.pending')}</Tag>
            ) : (
              <Flex gap={4}>
                <Tag color={c.upheld ? 'red' : 'green'} data-testid="challenge-upheld">
                  {c.upheld ? t('evaluation.challenge.upheld') : t('evaluation.challenge.notUpheld')}
                </Tag>
                {c.late ? <Tag color="volcano">{t('evaluation.challenge.late')}</Tag> : null}
              </Flex>
            )}
          </Flex>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', margin: '6px 0' }}>
            {c.grounds}
          </Typography.Paragraph>
          {c.repliedAt === null ? (
            <Flex wrap gap={8} align="center" justify="space-between">
              <Typography.Text type="secondary">
                {t('evaluation.challenge.replyDue')} <Deadline at={c.replyDue} />
              </Typography.Text>
              {action?.(c)}
            </Flex>
          ) : (
            <div className="challenge-reply">
              <Typography.Text type="secondary">
                {t('evaluation.challenge.repliedAt', { at: format.dateTime(c.repliedAt) })}
              </Typography.Text>
              <Typography.Paragraph
                style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', margin: '4px 0 0' }}
                data-testid="challenge-reply"
              >
                {c.reply}
              </Typography.Paragraph>
            </div>
          )}
        </div>
      ))}
    </Flex>
  );
}

/** The lot of the tender a report lot belongs to (its criteria names and SME policy). */
export const lotOf = (tender: Pick<Tender, 'lots'> | null | undefined, lotId: string) => tender?.lots.find((l) => l.id === lotId);

/** Every lot of the report: its outcome, the rules, the ranking and the flagged scores; `extra` adds a lot's actions. */
/** 下载评标报告 (PDF) of one lot, saved under the name the server gives. */
function ReportPdfButton({ tenderId, lotId, fallbackName }: { tenderId: string; lotId: string; fallbackName: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const download = () => {
    setBusy(true);
    apiDownload('/api/tenders/{id}/lots/{lotId}/evaluation-report.pdf', { path: { id: tenderId, lotId } }, fallbackName)
      .catch((error: unknown) => void message.error(problemSummary(error, t)))
      .finally(() => setBusy(false));
  };
  return (
    <Button size="small" icon={<DownloadOutlined />} loading={busy} onClick={download} data-testid="report-pdf">
      {t('evaluation.report.downloadPdf')}
    </Button>
  );
}

export function ReportLots({
  tender,
  report,
  expertName,
  extra,
}: {
  tender: Pick<Tender, 'lots'> | null | undefined;
  report: EvaluationReport;
  expertName?: ((expertId: string) => string | undefined) | undefined;
  extra?: ((result: LotReport) => React.ReactNode) | undefined;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  // The PDF is for logged-in readers (its route takes a session); the public page shows the report only.
  const session = useSession();
  return (
    <Flex vertical gap={20}>
      {report.lots.map((result) => {
        const lot = lotOf(tender, result.lotId);
        return (
          <Flex vertical gap={8} key={result.lotId} data-testid="report-lot">
            <Flex wrap gap={8} align="baseline" justify="space-between">
              <Typography.Text strong style={{ fontSize: 15 }}>
                {t('evaluation.report.lotTitle', { n: result.lotNo, name: result.name })}
              </Typography.Text>
              <Flex wrap gap={8} align="center">
                {result.computedAt ? (
                  <Typography.Text type="secondary">
                    {t('evaluation.report.computedAt', { at: format.dateTime(result.computedAt) })}
                  </Typography.Text>
                ) : null}
                {result.report && session.data ? (
                  <ReportPdfButton
                    tenderId={report.tenderId}
                    lotId={result.lotId}
                    fallbackName={`评标报告-${report.tenderNo}-第${result.lotNo}包.pdf`}
                  />
                ) : null}
              </Flex>
            </Flex>
            <LotOutcome result={result} />
            {result.report ? <ReportRules lot={lot} report={result.report} /> : null}
            <RankingTable lot={lot} result={result} />
            {result.report ? (
              <OutlierList outliers={result.report.outliers} ranking={result.report.ranking} expertName={expertName} />
            ) : null}
            <ScoreReasons reasons={result.reasons} />
            {extra?.(result)}
          </Flex>
        );
      })}
    </Flex>
  );
}
