import { App, Button, Card, Flex, Input, Radio, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemSummary } from '../../app/components/states.tsx';
import { useFormat } from '../../app/format.ts';
import { useBidReviews, useSignReport, useSubmitReview } from './api.ts';

interface ReviewRow {
  bidId: string;
  supplierName: string;
  priceFen: number | null;
}

/**
 * One stage's review of a lot: every bid still standing passed or failed, a failure with its reason
 * (资格性审查 by the center or the purchaser, 符合性审查 by a member for the committee).
 */
export function ReviewForm({
  stage,
  id,
  lotId,
  title,
  rows,
}: {
  stage: 'qualification' | 'compliance';
  id: string;
  lotId: string;
  title: string;
  rows: ReviewRow[];
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const format = useFormat();
  const submit = useSubmitReview();
  const [verdicts, setVerdicts] = useState<Record<string, { passed: boolean; reason: string }>>({});
  const of = (bidId: string) => verdicts[bidId] ?? { passed: true, reason: '' };
  const set = (bidId: string, v: Partial<{ passed: boolean; reason: string }>) =>
    setVerdicts((x) => ({ ...x, [bidId]: { ...of(bidId), ...v } }));
  if (rows.length === 0) return null;
  return (
    <Card size="small" title={title} data-testid={`review-${stage}`}>
      <Table
        rowKey="bidId"
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={rows}
        columns={[
          { key: 'bidder', title: t('evaluation.review.bidder'), dataIndex: 'supplierName' },
          {
            key: 'price',
            title: t('evaluation.review.price'),
            render: (_: unknown, r) => (r.priceFen === null ? '—' : format.money(r.priceFen)),
          },
          {
            key: 'verdict',
            title: t('evaluation.review.verdict'),
            render: (_: unknown, r) => (
              <Radio.Group
                value={of(r.bidId).passed}
                onChange={(e) => set(r.bidId, { passed: e.target.value as boolean })}
                options={[
                  { value: true, label: t('evaluation.review.pass') },
                  { value: false, label: t('evaluation.review.fail') },
                ]}
              />
            ),
          },
          {
            key: 'reason',
            title: t('evaluation.review.reason'),
            render: (_: unknown, r) => (
              <Input
                value={of(r.bidId).reason}
                onChange={(e) => set(r.bidId, { reason: e.target.value })}
                placeholder={of(r.bidId).passed ? t('evaluation.review.reasonOptional') : t('evaluation.review.reasonRequired')}
                maxLength={1000}
                style={{ minWidth: 220 }}
                aria-label={`${r.supplierName} ${t('evaluation.review.reason')}`}
              />
            ),
          },
        ]}
      />
      <Flex justify="end" style={{ marginTop: 12 }}>
        <Button
          type="primary"
          loading={submit.isPending}
          data-testid={`submit-${stage}`}
          onClick={() =>
            submit.mutate(
              {
                stage,
                id,
                body: {
                  lotId,
                  results: rows.map((r) => ({
                    bidId: r.bidId,
                    passed: of(r.bidId).passed,
                    ...(of(r.bidId).reason.trim() ? { reason: of(r.bidId).reason.trim() } : {}),
                  })),
                },
              },
              {
                onSuccess: () => void message.success(t('evaluation.review.done')),
                onError: (error) => void message.error(problemSummary(error, t)),
              },
            )
          }
        >
          {t('evaluation.review.submit')}
        </Button>
      </Flex>
    </Card>
  );
}

/** 资格性审查 for the running center: per lot, the bids still standing that it has not reviewed. */
export function QualificationCards({ tenderId, lots }: { tenderId: string; lots: { id: string; lotNo: number; name: string }[] }) {
  const { t } = useTranslation();
  const reviews = useBidReviews(tenderId);
  if (!reviews.data) return null;
  return (
    <>
      {lots.map((l) => (
        <ReviewForm
          key={l.id}
          stage="qualification"
          id={tenderId}
          lotId={l.id}
          title={t('evaluation.review.qualificationTitle', { n: l.lotNo, name: l.name })}
          rows={reviews.data.filter((r) => r.lotId === l.id && r.status === 'opened' && !r.qualification)}
        />
      ))}
    </>
  );
}

/** A member's signature on a lot's report: agree, or dissent with reasons. */
export function SignReportCard({ seatId, lotId, title }: { seatId: string; lotId: string; title: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const sign = useSignReport();
  const [dissent, setDissent] = useState('');
  const send = (agrees: boolean) =>
    sign.mutate(
      { seatId, body: { lotId, agrees, ...(agrees ? {} : { dissent: dissent.trim() }) } },
      {
        onSuccess: () => void message.success(t('evaluation.sign.done')),
        onError: (error) => void message.error(problemSummary(error, t)),
      },
    );
  return (
    <Card size="small" title={title} data-testid="sign-report">
      <Flex vertical gap={8}>
        <Typography.Text type="secondary">{t('evaluation.sign.hint')}</Typography.Text>
        <Input.TextArea
          value={dissent}
          onChange={(e) => setDissent(e.target.value)}
          placeholder={t('evaluation.sign.dissentPlaceholder')}
          maxLength={4000}
        />
        <Flex gap={8} justify="end">
          <Button onClick={() => send(false)} disabled={!dissent.trim()} loading={sign.isPending}>
            {t('evaluation.sign.dissent')}
          </Button>
          <Button type="primary" onClick={() => send(true)} loading={sign.isPending} data-testid="sign-agree">
            {t('evaluation.sign.agree')}
          </Button>
        </Flex>
      </Flex>
    </Card>
  );
}
