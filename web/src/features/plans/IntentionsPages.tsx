import { Button, Card, Col, Form, Input, InputNumber, Row, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { formatMoney, parseYuan } from '../../app/format.ts';
import { useFormProblem } from '../../app/forms.ts';
import { rateOfPercent } from '@contracts/rates.ts';
import { useOwnIntentions, usePublicIntentions, usePublishIntention, useWithdrawIntention, type Intention } from './api.ts';

function IntentionTable({ items, loading, own }: { items: Intention[]; loading: boolean; own?: boolean }) {
  const { t } = useTranslation();
  const withdraw = useWithdrawIntention();
  return (
    <Table<Intention>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={items}
      pagination={false}
      scroll={{ x: 'max-content' }}
      columns={[
        { key: 'unit', title: t('plans.intention.unit'), dataIndex: 'unitName' },
        { key: 'item', title: t('plans.intention.itemName'), dataIndex: 'itemName' },
        { key: 'category', title: t('plans.intention.categoryCode'), dataIndex: 'categoryCode' },
        { key: 'budget', title: t('plans.intention.budget'), align: 'right', render: (_, i) => formatMoney(i.budgetFen) },
        { key: 'month', title: t('plans.intention.expectedMonth'), dataIndex: 'expectedMonth' },
        {
          key: 'sme',
          title: t('plans.intention.sme'),
          render: (_, i) => `${t(`plans.sme.${i.smeReservation}`)}${i.smeShare ? ` ${Math.round(Number(i.smeShare) * 100)}%` : ''}`,
        },
        { key: 'published', title: t('plans.intention.publishedAt'), render: (_, i) => i.publishedAt.slice(0, 10) },
        ...(own
          ? [
              {
                key: 'act',
                title: '',
                render: (_: unknown, i: Intention) =>
                  i.withdrawnAt ? (
                    <Tag>{t('plans.intention.withdrawn')}</Tag>
                  ) : (
                    <Button size="small" onClick={() => withdraw.mutate(i.id)} loading={withdraw.isPending}>
                      {t('plans.intention.withdraw')}
                    </Button>
                  ),
              },
            ]
          : []),
      ]}
    />
  );
}

/** 采购意向公开 (anyone): what units mean to buy, before they start. */
export function PublicIntentionsPage() {
  const { t } = useTranslation();
  const [q, setQ] = useState<string>();
  const list = usePublicIntentions({ page: 1, pageSize: 100, q });
  return (
    <>
      <PageTitle>{t('plans.intention.publicTitle')}</PageTitle>
      <Typography.Paragraph type="secondary">{t('plans.intention.rule')}</Typography.Paragraph>
      <Input.Search allowClear style={{ maxWidth: 320, marginBottom: 12 }} onSearch={(v) => setQ(v || undefined)} />
      <IntentionTable items={list.data?.items ?? []} loading={list.isLoading} />
    </>
  );
}

interface IntentionValues {
  itemName: string;
  categoryCode: string;
  budget: string;
  expectedMonth: string;
  smeReservation: 'none' | 'whole' | 'share';
  smeSharePercent?: number | null;
  description: string;
}
const intentionFields = [
  'itemName',
  'categoryCode',
  'budget',
  'expectedMonth',
  'smeReservation',
  'smeSharePercent',
  'description',
] as const;

/** The unit's intentions and the form that publishes one. */
export function PurchaserIntentionsPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<IntentionValues>();
  const problem = useFormProblem(form, intentionFields, (f) =>
    f.endsWith('budgetFen') ? 'budget' : f.endsWith('smeShare') ? 'smeSharePercent' : undefined,
  );
  const publish = usePublishIntention();
  const list = useOwnIntentions({ page: 1, pageSize: 100 });
  const reservation = Form.useWatch('smeReservation', form);
  return (
    <>
      <PageTitle>{t('plans.intention.ownTitle')}</PageTitle>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={9}>
          <Card size="small" title={t('plans.intention.publish')}>
            {problem.formError ? <Typography.Text type="danger">{problem.formError}</Typography.Text> : null}
            <Form<IntentionValues>
              form={form}
              layout="vertical"
              initialValues={{ smeReservation: 'none' }}
              onFinish={(v) =>
                publish.mutate(
                  {
                    itemName: v.itemName,
                    categoryCode: v.categoryCode,
                    budgetFen: parseYuan(v.budget) ?? 0,
                    expectedMonth: v.expectedMonth,
                    smeReservation: v.smeReservation,
                    ...(v.smeReservation === 'share' && v.smeSharePercent ? { smeShare: rateOfPercent(v.smeSharePercent) } : {}),
                    description: v.description,
                  },
                  { onSuccess: () => form.resetFields(), onError: problem.onError },
                )
              }
            >
              <Form.Item name="itemName" label={t('plans.intention.itemName')} required>
                <Input maxLength={200} />
              </Form.Item>
              <Form.Item name="categoryCode" label={t('plans.intention.categoryCode')} required>
                <Input placeholder="A02010104" />
              </Form.Item>
              <Form.Item name="budget" label={t('plans.intention.budgetYuan')} required>
                <Input inputMode="decimal" />
              </Form.Item>
              <Form.Item name="expectedMonth" label={t('plans.intention.expectedMonth')} required>
                <Input placeholder="2026-06" />
              </Form.Item>
              <Form.Item name="smeReservation" label={t('plans.intention.sme')}>
                <Select options={(['none', 'whole', 'share'] as const).map((v) => ({ value: v, label: t(`plans.sme.${v}`) }))} />
              </Form.Item>
              {reservation === 'share' ? (
                <Form.Item name="smeSharePercent" label={t('plans.intention.smeShare')}>
                  <InputNumber min={1} max={100} addonAfter="%" />
                </Form.Item>
              ) : null}
              <Form.Item name="description" label={t('plans.intention.description')} required>
                <Input.TextArea maxLength={2000} autoSize={{ minRows: 2 }} />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={publish.isPending}>
                {t('plans.intention.publish')}
              </Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={15}>
          <IntentionTable items={list.data?.items ?? []} loading={list.isLoading} own />
        </Col>
      </Row>
    </>
  );
}
