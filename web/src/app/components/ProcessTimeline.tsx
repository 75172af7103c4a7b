import { useQuery } from '@tanstack/react-query';
import { Card, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { useFormat } from '../format.ts';

type ProcessType = 'order' | 'quotation' | 'tender' | 'auction_lot';

/** The step as people read it: "order.ship" → 已发货; a step without a label shows its name. */
function useStepLabel() {
  const { t, i18n } = useTranslation();
  return (action: string) => {
    const key = `timeline.steps.${action.replaceAll('.', '_')}`;
    return i18n.exists(key) ? t(key as 'timeline.title') : action;
  };
}

/** What a step recorded, in a line: the waybill of a shipment, the rating and findings of an acceptance, a reason. */
function detailOf(data: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof data.carrier === 'string') parts.push(`${data.carrier} ${String(data.waybillNo ?? '')}`);
  if (Array.isArray(data.items))
    parts.push(
      (data.items as { quantity: number; serialNumbers?: string[] }[])
        .map((i) => `×${i.quantity}${i.serialNumbers?.length ? ` (${i.serialNumbers.join(', ')})` : ''}`)
        .join('; '),
    );
  if (typeof data.rating === 'number') parts.push('★'.repeat(data.rating));
  if (typeof data.comment === 'string') parts.push(data.comment);
  if (Array.isArray(data.findings))
    parts.push(
      (data.findings as { item: string; passed: boolean; note?: string }[])
        .map((f) => `${f.passed ? '✓' : '✗'} ${f.item}${f.note ? `：${f.note}` : ''}`)
        .join('；'),
    );
  if (typeof data.reason === 'string') parts.push(data.reason);
  return parts.filter(Boolean).join(' · ');
}

/** 进度记录: every step of a process with who and when, from what the platform recorded (the same for orders, quotations, tenders, lots). */
export function ProcessTimeline({ type, id }: { type: ProcessType; id: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const label = useStepLabel();
  const timeline = useQuery({
    queryKey: ['timeline', type, id],
    queryFn: ({ signal }) => api.get('/api/timeline/{type}/{id}', { params: { path: { type, id } }, signal }),
  });
  const items = timeline.data?.items ?? [];
  return (
    <Card title={t('timeline.title')} size="small" data-testid="process-timeline">
      {items.length === 0 ? (
        <Typography.Text type="secondary">{t('timeline.empty')}</Typography.Text>
      ) : (
        <Timeline
          items={items.map((e, i) => ({
            key: i,
            content: (
              <div data-testid="timeline-step" data-action={e.action}>
                <Typography.Text strong>{label(e.action)}</Typography.Text>{' '}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {format.dateTime(e.at)} · {e.actorName ?? t('timeline.system')}
                  {e.actorOrgName ? `（${e.actorOrgName}）` : ''}
                </Typography.Text>
                {detailOf(e.data) ? <div style={{ fontSize: 13 }}>{detailOf(e.data)}</div> : null}
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}
