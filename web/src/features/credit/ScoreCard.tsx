import { Card, Col, Grid, Progress, Row, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { SeverityTag } from '../../app/components/StatusTag.tsx';
import { useFormat } from '../../app/format.ts';
import type { RecordEvent, ScoreLine, SupplierRecord } from './api.ts';
import { signedPoints } from './parts.tsx';

/** Green from 90, orange from 60, red below: a glance, not a rule (the rule is the table). */
function scoreColor(score: number): string {
  // Shade 7 and darker: readable on white (WCAG AA).
  if (score >= 90) return '#237804';
  if (score >= 60) return '#ad4e00';
  return '#cf1322';
}

export function ScoreDial({ score, size = 132 }: { score: number; size?: number }) {
  const { t } = useTranslation();
  return (
    <Progress
      type="dashboard"
      percent={score}
      aria-label={t('credit.score.unit')}
      size={size}
      strokeColor={scoreColor(score)}
      format={() => (
        <span style={{ color: scoreColor(score) }}>
          <span data-testid="credit-score" style={{ fontWeight: 600, fontVariantNumeric: 'tabular-nums' }}>
            {score.toFixed(2)}
          </span>
          <span style={{ display: 'block', fontSize: 12, color: 'rgba(0,0,0,0.65)', marginTop: 4 }}>{t('credit.score.unit')}</span>
        </span>
      )}
    />
  );
}

/**
 * 信用分 with its explanation: 100 base points plus each counting record's points, halved with time;
 * every line is rounded to the hundredth and the lines add up to the score exactly (the sum row shows it).
 */
export function ScoreCard({ record }: { record: SupplierRecord }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { score } = record;
  // On a phone the line's points and weight go under its label, so the effect column stays in view.
  const screens = Grid.useBreakpoint();
  const narrow = Object.keys(screens).length > 0 && !screens.sm;
  const eventsById = new Map<string, RecordEvent>(record.events.map((e) => [e.id, e]));
  const sumCenti = score.lines.reduce((sum, line) => sum + line.effectCenti, 0);

  const label = (line: ScoreLine) => {
    if (line.kind === 'base') return t('credit.score.baseLine');
    if (line.kind === 'bound') return line.effectCenti < 0 ? t('credit.score.capLine') : t('credit.score.floorLine');
    const event = line.eventId ? eventsById.get(line.eventId) : undefined;
    return (
      <span>
        {line.label}{' '}
        {event ? (
          <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
            {format.date(event.occurredAt)} <SeverityTag severity={event.severity} />
          </Typography.Text>
        ) : null}
        {narrow ? (
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {t('credit.score.narrowLine', { points: signedPoints(line.points), weight: line.weight.toFixed(4) })}
          </Typography.Text>
        ) : null}
      </span>
    );
  };

  const columns: TableColumnsType<ScoreLine> = [
    { key: 'label', title: t('credit.score.item'), render: (_: unknown, line) => label(line) },
    {
      key: 'points',
      responsive: ['sm'],
      title: t('credit.score.points'),
      align: 'right',
      render: (_: unknown, line) => (line.kind === 'event' ? signedPoints(line.points) : t('common.none')),
    },
    {
      key: 'weight',
      responsive: ['sm'],
      title: t('credit.score.weight'),
      align: 'right',
      render: (_: unknown, line) => (line.kind === 'event' ? `× ${line.weight.toFixed(4)}` : t('common.none')),
    },
    {
      key: 'effect',
      title: t('credit.score.effect'),
      align: 'right',
      render: (_: unknown, line) => (
        <span style={{ fontVariantNumeric: 'tabular-nums' }}>
          {line.kind === 'base' ? (line.effectCenti / 100).toFixed(2) : signedPoints(line.effectCenti / 100)}
        </span>
      ),
    },
  ];

  return (
    <Card title={t('credit.score.title')}>
      <Row gutter={[24, 16]} align="middle">
        <Col xs={24} md={6} style={{ textAlign: 'center' }}>
          <ScoreDial score={score.score} />
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
            {score.computedAt ? t('credit.score.computedAt', { at: format.dateTime(score.computedAt) }) : t('credit.score.neverComputed')}
          </Typography.Paragraph>
        </Col>
        <Col xs={24} md={18}>
          <Table<ScoreLine>
            rowKey={(line, i) => `${line.kind}-${line.eventId ?? i}`}
            size="small"
            columns={columns}
            dataSource={score.lines}
            pagination={false}
            scroll={{ x: 'max-content' }}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={narrow ? 1 : 3}>
                  <Typography.Text strong>{t('credit.score.sum')}</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={narrow ? 1 : 3} align="right">
                  <Typography.Text strong data-testid="credit-score-sum" style={{ fontVariantNumeric: 'tabular-nums' }}>
                    {(sumCenti / 100).toFixed(2)}
                  </Typography.Text>
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )}
          />
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
            {t('credit.score.rule')}
          </Typography.Paragraph>
        </Col>
      </Row>
    </Card>
  );
}
