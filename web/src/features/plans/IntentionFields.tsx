import { Card, Form, Input, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../app/format.ts';
import { usePublicIntentions } from './api.ts';

/**
 * 采购意向 of a tender or an online quotation (财库〔2020〕10号): the unit's published intention, at least
 * 30 days old when the procurement starts, or the reason none was published (紧急采购, 涉密). The server
 * checks the 30 days by the platform clock and names `intentionId` when it refuses.
 */
export function IntentionFields({ unitOrgId }: { unitOrgId: string | undefined }) {
  const { t } = useTranslation();
  const intentions = usePublicIntentions({ page: 1, pageSize: 100, unitOrgId }, !!unitOrgId);
  const options = (intentions.data?.items ?? []).map((i) => ({
    value: i.id,
    label: `${i.itemName} · ${formatMoney(i.budgetFen)} · ${i.expectedMonth} · ${t('plans.intention.publishedOn', { date: i.publishedAt.slice(0, 10) })}`,
  }));
  return (
    <Card title={t('plans.intention.cardTitle')} size="small" data-testid="intention-fields">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('plans.intention.rule')}
      </Typography.Paragraph>
      <Form.Item name="intentionId" label={t('plans.intention.pick')}>
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          options={options}
          loading={intentions.isLoading}
          disabled={!unitOrgId}
        />
      </Form.Item>
      <Form.Item name="intentionExemption" label={t('plans.intention.exemption')} extra={t('plans.intention.exemptionHint')}>
        <Input.TextArea maxLength={500} autoSize={{ minRows: 1, maxRows: 3 }} />
      </Form.Item>
    </Card>
  );
}

/** The form's two fields as the request sends them: the chosen intention, or the stated reason. */
export const intentionBody = (v: { intentionId?: string | undefined; intentionExemption?: string | undefined }) => ({
  ...(v.intentionId ? { intentionId: v.intentionId } : {}),
  ...(v.intentionExemption?.trim() ? { intentionExemption: v.intentionExemption.trim() } : {}),
});
