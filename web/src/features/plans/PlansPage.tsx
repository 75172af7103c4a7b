import { Alert, Button, Card, Flex, Form, Input, InputNumber, Space, Switch, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { formatMoney, parseYuan } from '../../app/format.ts';
import { useFormProblem } from '../../app/forms.ts';
import { useCurrentSession } from '../../app/session.ts';
import { usePlans, usePlanStep, useSavePlan, type Plan } from './api.ts';

type Line = Plan['lines'][number];

/** A plan's lines, each with the method its amount requires and the rule that decides it. */
function PlanLines({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  return (
    <Table<Line>
      rowKey={(l) => `${l.itemName}-${l.categoryCode}-${l.budgetFen}`}
      size="small"
      pagination={false}
      dataSource={plan.lines}
      columns={[
        { key: 'item', title: t('plans.plan.itemName'), dataIndex: 'itemName' },
        { key: 'cat', title: t('plans.plan.categoryCode'), dataIndex: 'categoryCode' },
        { key: 'budget', title: t('plans.plan.budget'), align: 'right', render: (_, l) => formatMoney(l.budgetFen) },
        { key: 'reserved', title: t('plans.plan.reserved'), align: 'right', render: (_, l) => formatMoney(l.smeReservedFen) },
        {
          key: 'method',
          title: t('plans.plan.method'),
          render: (_, l) => {
            const reason = t(`plans.methodReason.${l.requiredMethod.method}`, {
              amount: formatMoney(l.requiredMethod.amountFen),
              limit: formatMoney(l.requiredMethod.limitFen),
            });
            return (
              <span title={`${reason}（${l.requiredMethod.rule}）`}>
                <Tag color={l.requiredMethod.method === 'tender' ? 'red' : l.requiredMethod.method === 'quotation' ? 'orange' : 'green'}>
                  {t(`plans.method.${l.requiredMethod.method}`)}
                </Tag>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {reason}
                </Typography.Text>
              </span>
            );
          },
        },
      ]}
    />
  );
}

function PlanCard({ plan, regulator }: { plan: Plan; regulator: boolean }) {
  const { t } = useTranslation();
  const step = usePlanStep();
  const error = step.error instanceof Error ? step.error.message : null;
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      title={`${plan.unitName} · ${t('plans.plan.year', { year: plan.fiscalYear })}`}
      extra={<Tag>{t(`plans.status.${plan.status}`)}</Tag>}
      data-testid="plan-card"
    >
      <Typography.Paragraph>
        {t('plans.plan.totals', {
          budget: formatMoney(plan.totals.budgetFen),
          suitable: formatMoney(plan.totals.smeSuitableFen),
          reserved: formatMoney(plan.totals.smeReservedFen),
          percent: plan.totals.reservedPercent,
          smallMicro: plan.totals.smallMicroPercent,
        })}
        {plan.smeExemptReason ? ` ${t('plans.plan.exempt', { reason: plan.smeExemptReason })}` : ''}
      </Typography.Paragraph>
      <PlanLines plan={plan} />
      {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} /> : null}
      <Space style={{ marginTop: 8 }}>
        {!regulator && ['draft', 'returned'].includes(plan.status) ? (
          <Button type="primary" loading={step.isPending} onClick={() => step.mutate({ id: plan.id, step: 'submit' })}>
            {t('plans.plan.submit')}
          </Button>
        ) : null}
        {regulator && plan.status === 'submitted' ? (
          <>
            <Button type="primary" loading={step.isPending} onClick={() => step.mutate({ id: plan.id, step: 'approve' })}>
              {t('plans.plan.approve')}
            </Button>
            <Button loading={step.isPending} onClick={() => step.mutate({ id: plan.id, step: 'return', note: t('plans.plan.returnNote') })}>
              {t('plans.plan.return')}
            </Button>
          </>
        ) : null}
      </Space>
    </Card>
  );
}

interface PlanValues {
  fiscalYear: number;
  smeExemptReason?: string;
  lines: { itemName: string; categoryCode: string; budget: string; smeSuitable: boolean; reserved?: string; smallMicro?: string }[];
}

/** The unit's plan for a year, saved while it is a draft or returned. */
function PlanForm() {
  const { t } = useTranslation();
  const [form] = Form.useForm<PlanValues>();
  const problem = useFormProblem(form, ['fiscalYear', 'smeExemptReason', 'lines']);
  const save = useSavePlan();
  return (
    <Card size="small" title={t('plans.plan.edit')} style={{ marginBottom: 16 }}>
      {problem.formError ? <Alert type="error" showIcon title={problem.formError} style={{ marginBottom: 8 }} /> : null}
      <Form<PlanValues>
        form={form}
        layout="vertical"
        initialValues={{ fiscalYear: new Date().getFullYear() + 1, lines: [{ smeSuitable: true }] }}
        onFinish={(v) =>
          save.mutate(
            {
              fiscalYear: v.fiscalYear,
              ...(v.smeExemptReason?.trim() ? { smeExemptReason: v.smeExemptReason.trim() } : {}),
              lines: v.lines.map((l) => ({
                itemName: l.itemName,
                categoryCode: l.categoryCode,
                budgetFen: parseYuan(l.budget) ?? 0,
                smeSuitable: l.smeSuitable,
                smeReservedFen: parseYuan(l.reserved) ?? 0,
                smallMicroReservedFen: parseYuan(l.smallMicro) ?? 0,
              })),
            },
            { onError: problem.onError },
          )
        }
      >
        <Form.Item name="fiscalYear" label={t('plans.plan.fiscalYear')}>
          <InputNumber min={2020} max={2100} />
        </Form.Item>
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Flex key={f.key} gap={8} wrap align="end">
                  <Form.Item name={[f.name, 'itemName']} label={t('plans.plan.itemName')}>
                    <Input />
                  </Form.Item>
                  <Form.Item name={[f.name, 'categoryCode']} label={t('plans.plan.categoryCode')}>
                    <Input style={{ width: 120 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'budget']} label={t('plans.plan.budgetYuan')}>
                    <Input style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'smeSuitable']} label={t('plans.plan.suitable')} valuePropName="checked">
                    <Switch />
                  </Form.Item>
                  <Form.Item name={[f.name, 'reserved']} label={t('plans.plan.reservedYuan')}>
                    <Input style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'smallMicro']} label={t('plans.plan.smallMicroYuan')}>
                    <Input style={{ width: 140 }} />
                  </Form.Item>
                  <Button onClick={() => remove(f.name)}>{t('plans.plan.removeLine')}</Button>
                </Flex>
              ))}
              <Button onClick={() => add({ smeSuitable: true })}>{t('plans.plan.addLine')}</Button>
            </>
          )}
        </Form.List>
        <Form.Item name="smeExemptReason" label={t('plans.plan.exemptReason')} style={{ marginTop: 12 }}>
          <Input.TextArea maxLength={1000} autoSize={{ minRows: 1 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('plans.plan.save')}
        </Button>
      </Form>
    </Card>
  );
}

/** 年度采购计划: the unit drafts and submits its plans; the finance department approves or returns them. */
export default function PlansPage() {
  const { t } = useTranslation();
  const session = useCurrentSession();
  const regulator = session.user.roles.includes('regulator');
  const purchaser = session.user.roles.includes('purchaser');
  const plans = usePlans({});
  return (
    <>
      <PageTitle>{t('plans.plan.title')}</PageTitle>
      <Typography.Paragraph type="secondary">{t('plans.plan.rule')}</Typography.Paragraph>
      {purchaser ? <PlanForm /> : null}
      {(plans.data ?? []).map((p) => (
        <PlanCard key={p.id} plan={p} regulator={regulator} />
      ))}
    </>
  );
}
