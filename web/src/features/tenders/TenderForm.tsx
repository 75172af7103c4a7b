import { IntentionFields } from '../plans/IntentionFields.tsx';
import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Flex, Form, Input, Radio, Row, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { formatMoney, parseYuan, platformTimeZone } from '../../app/format.ts';
import { useFormProblem, zodRule } from '../../app/forms.ts';
import { useLanguage } from '../../app/i18n/index.ts';
import { SupplierPicker } from '../credit/SupplierPicker.tsx';
import { CategorySelect } from '../experts/parts.tsx';
import { useCreateTender } from './api.ts';
import { beijingPickerValue, pickedAsBeijing, PurchaserUnitPicker, tenderResolver } from './fields.tsx';
import { deductionOptions, LotCard, newLot, useLotDefaults, type LotValues } from './LotFields.tsx';
import { ruleProblems, toBody, useTenderRules, type TenderValues } from './checks.ts';
import { methodOf, percentOfRate, procurementMethods, tenderInput, tenderKinds, tenderPolicy, type TenderKind } from './schema.ts';

const formFields = [
  'title',
  'methodCode',
  'purchaserOrgId',
  'kind',
  'categoryCode',
  'description',
  'documents',
  'greenPreference',
  'deadline',
  'invitedSupplierIds',
  'smeExemptReason',
  'lots',
  'intentionId',
  'intentionExemption',
] as const;

const DAY = 86_400_000;

/** The rules of 财库〔2020〕46号第八条 the reason for not reserving answers. */
const smeRules = new Set(['smeWithin', 'smeShare', 'smeSmallMicro']);

/** 默认投标截止时间: 21 days from now (the open tender's 20-day notice period and a day's margin), to the minute. */
const defaultDeadline = () => beijingPickerValue(new Date(Date.now() + 21 * DAY).toISOString());

/**
 * The figures of 财库〔2020〕46号第八条 the SME section words (the total, the reserved share, the limit): whether
 * the reservation falls short is the rule's own answer (checks.ts: ruleProblems), never judged here again.
 */
function smeNeed(lots: LotValues[] | undefined, kind: TenderKind) {
  const budgets = (lots ?? []).map((l) => ({ fen: parseYuan(l?.budget) ?? 0, reserved: !!l?.smeReserved }));
  const total = budgets.reduce((s, b) => s + b.fen, 0);
  const reserved = budgets.filter((b) => b.reserved).reduce((s, b) => s + b.fen, 0);
  const limit = tenderPolicy.reserveWholeLimitFen[kind];
  const share = percentOfRate(tenderPolicy.reserveShareMin);
  const smallMicroShare = percentOfRate(tenderPolicy.reserveSmallMicroShareMin);
  return { total, reserved, limit, share, smallMicroShare, within: total <= limit };
}

/** What will be saved, summed up beside the form: the figures the center answers for. */
function Summary({ values }: { values: Partial<TenderValues> }) {
  const { t } = useTranslation();
  const kind = values.kind ?? 'goods';
  const sme = smeNeed(values.lots, kind);
  const method = methodOf(values.methodCode);
  const english = useLanguage() === 'en';
  const deadline = values.deadline ? pickedAsBeijing(values.deadline) : null;
  return (
    <Card title={t('tender.form.summary')} size="small" className="cart-summary" data-testid="tender-summary">
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 'method',
            label: t('tender.fields.method'),
            children: method ? (english ? method.nameEn : method.name) : t('common.none'),
          },
          { key: 'lots', label: t('tender.fields.lotCount'), children: t('tender.detail.lotCount', { n: values.lots?.length ?? 0 }) },
          {
            key: 'budget',
            label: t('tender.fields.budgetTotal'),
            children: <Typography.Text strong>{formatMoney(sme.total)}</Typography.Text>,
          },
          {
            key: 'reserved',
            label: t('tender.form.reservedShare'),
            children:
              sme.total > 0 ? `${formatMoney(sme.reserved)}（${Math.round((sme.reserved * 1000) / sme.total) / 10}%）` : t('common.none'),
          },
          {
            key: 'deadline',
            label: t('tender.fields.deadline'),
            children: deadline
              ? `${deadline.tz(platformTimeZone).format('YYYY-MM-DD HH:mm')} (${t('common.beijingTime')})`
              : t('common.none'),
          },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
        {t('tender.form.summaryNote')}
      </Typography.Paragraph>
    </Card>
  );
}

/** 新建招标项目 (center staff): a draft for a purchasing unit, its lots, rules checked as the server checks them. */
export default function TenderFormPage() {
  const { t } = useTranslation();
  const defaults = useLotDefaults();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const english = useLanguage() === 'en';
  const create = useCreateTender();
  const [form] = Form.useForm<TenderValues>();
  const problem = useFormProblem(form, formFields, tenderResolver);
  const rules = useTenderRules(form);
  const values = Form.useWatch([], form) as Partial<TenderValues> | undefined;
  const kind = values?.kind ?? 'goods';
  const method = methodOf(values?.methodCode);
  const sme = smeNeed(values?.lots, kind);
  // The SME section's one state, from the rule the save is checked by: short of the reservation or not, reason or not.
  const smeShort = ruleProblems({ ...values, smeExemptReason: '' }, rules.accelerator).find((p) => smeRules.has(p.rule));
  const smeReasonGiven = !!values?.smeExemptReason?.trim();
  const shape = tenderInput.shape;
  const label = (key: (typeof formFields)[number]) => t(`tender.form.labels.${key}`);
  const [openedAt] = useState(() => Date.now());
  const earliest = method ? new Date(openedAt + method.minNoticeDays * DAY).toISOString() : null;

  return (
    <>
      <PageTitle
        extra={
          <Link to="/center/tenders">
            <Button icon={<ArrowLeftOutlined />}>{t('tender.detail.back')}</Button>
          </Link>
        }
      >
        {t('tender.form.title')}
      </PageTitle>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('tender.form.rules')} />
      <Form<TenderValues>
        form={form}
        layout="vertical"
        disabled={create.isPending}
        scrollToFirstError
        initialValues={{
          methodCode: 'open',
          kind: 'goods',
          description: '',
          documents: '',
          greenPreference: '',
          deadline: defaultDeadline(),
          invitedSupplierIds: [],
          smeExemptReason: '',
          lots: [newLot(methodOf('open'), 'goods', defaults)],
        }}
        onValuesChange={(changed: Partial<TenderValues>, all: TenderValues) => {
          if (problem.formError) problem.clear();
          // Another method allows other evaluation methods; another kind other deduction rates.
          if ('methodCode' in changed || 'kind' in changed) {
            const m = methodOf(all.methodCode);
            const rates = deductionOptions(all.kind);
            form.setFieldValue(
              'lots',
              (all.lots ?? []).map((l) => {
                const evaluationMethod =
                  m && !m.evaluationMethods.includes(l.evaluationMethod)
                    ? (m.evaluationMethods[0] ?? l.evaluationMethod)
                    : l.evaluationMethod;
                const fresh = evaluationMethod !== l.evaluationMethod ? newLot(m, all.kind, defaults) : null;
                return {
                  ...l,
                  evaluationMethod,
                  ...(fresh && evaluationMethod === 'comprehensive' ? { priceWeight: fresh.priceWeight, criteria: fresh.criteria } : {}),
                  smeDeductionRate: rates.includes(l.smeDeductionRate) ? l.smeDeductionRate : (rates[0] ?? l.smeDeductionRate),
                };
              }),
            );
          }
          // A change anywhere may settle (or raise) a rule shown on another field: judge those again.
          rules.recheck();
        }}
        onFinish={(v) =>
          create.mutate(toBody(v), {
            onSuccess: (tender) => {
              void message.success(t('tender.form.saved', { no: tender.tenderNo }));
              void navigate(`/center/tenders/${encodeURIComponent(tender.id)}`);
            },
            onError: problem.onError,
          })
        }
      >
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={16}>
            <Flex vertical gap={16}>
              {problem.formError ? <Alert type="error" showIcon title={problem.formError} data-testid="form-error" /> : null}
              <Card title={t('tender.form.sections.project')} size="small">
                <Form.Item name="title" required label={label('title')} rules={[zodRule(shape.title, label('title'), t)]}>
                  <Input maxLength={200} showCount placeholder={t('tender.form.titlePlaceholder')} />
                </Form.Item>
                <Flex gap={16} wrap>
                  <Form.Item
                    name="methodCode"
                    required
                    label={label('methodCode')}
                    rules={[{ required: true, message: t('form.choose', { field: label('methodCode') }) }]}
                    extra={
                      method ? t('tender.method.rule', { days: method.minNoticeDays, min: method.minBidders, basis: method.basis }) : null
                    }
                    style={{ flex: '1 1 260px' }}
                  >
                    <Select
                      options={procurementMethods.map((m) => ({
                        value: m.code,
                        label: t('tender.form.methodOption', { name: english ? m.nameEn : m.name, days: m.minNoticeDays }),
                      }))}
                      data-testid="method-select"
                    />
                  </Form.Item>
                  <Form.Item name="kind" required label={label('kind')} style={{ flex: '1 1 220px' }}>
                    <Radio.Group optionType="button" options={tenderKinds.map((k) => ({ value: k, label: t(`tender.kind.${k}`) }))} />
                  </Form.Item>
                </Flex>
                <Form.Item
                  name="categoryCode"
                  required
                  label={label('categoryCode')}
                  rules={[{ required: true, message: t('form.choose', { field: label('categoryCode') }) }]}
                  extra={t('tender.form.categoryHint')}
                >
                  <CategorySelect
                    placeholder={t('tender.form.categoryPlaceholder')}
                    aria-label={label('categoryCode')}
                    data-testid="category-select"
                  />
                </Form.Item>
                <Form.Item
                  name="purchaserOrgId"
                  required
                  label={label('purchaserOrgId')}
                  rules={[zodRule(shape.purchaserOrgId, label('purchaserOrgId'), t, { choose: true })]}
                  extra={t('tender.form.purchaserHint')}
                >
                  <PurchaserUnitPicker />
                </Form.Item>
                {method?.invitationOnly ? (
                  <Form.List name="invitedSupplierIds" rules={[rules.ruleFor('invitedSupplierIds')]}>
                    {(rows, { add, remove }, { errors }) => (
                      <Flex vertical gap={8} style={{ marginBottom: 16 }}>
                        <Typography.Text strong>{label('invitedSupplierIds')}</Typography.Text>
                        {rows.map((row) => (
                          <Flex key={row.key} gap={8} align="start">
                            <Form.Item name={row.name} style={{ flex: 1, marginBottom: 0, minWidth: 0 }}>
                              <SupplierPicker style={{ width: '100%' }} />
                            </Form.Item>
                            <Button
                              type="text"
                              danger
                              icon={<DeleteOutlined />}
                              onClick={() => remove(row.name)}
                              aria-label={t('tender.form.removeInvite')}
                            />
                          </Flex>
                        ))}
                        <Form.ErrorList errors={errors} />
                        <Button
                          type="dashed"
                          size="small"
                          icon={<PlusOutlined />}
                          disabled={rows.length >= 50}
                          onClick={() => add(undefined)}
                          style={{ alignSelf: 'flex-start' }}
                        >
                          {t('tender.form.addInvite', { n: method.minBidders })}
                        </Button>
                      </Flex>
                    )}
                  </Form.List>
                ) : null}
                <Form.Item name="description" label={label('description')} rules={[zodRule(shape.description, label('description'), t)]}>
                  <Input.TextArea rows={2} maxLength={4000} showCount placeholder={t('tender.form.descriptionPlaceholder')} />
                </Form.Item>
                <Form.Item
                  name="documents"
                  required
                  label={label('documents')}
                  rules={[zodRule(shape.documents, label('documents'), t)]}
                  extra={t('tender.form.documentsHint')}
                >
                  <Input.TextArea rows={10} maxLength={200_000} placeholder={t('tender.form.documentsPlaceholder')} />
                </Form.Item>
                <Form.Item
                  name="greenPreference"
                  label={label('greenPreference')}
                  rules={[zodRule(shape.greenPreference, label('greenPreference'), t)]}
                >
                  <Input maxLength={1000} placeholder={t('tender.form.greenPlaceholder')} />
                </Form.Item>
                <Form.Item
                  name="deadline"
                  required
                  label={label('deadline')}
                  rules={[
                    { required: true, message: t('form.choose', { field: label('deadline') }) },
                    {
                      validator: async (_rule, value: Dayjs | null) => {
                        if (value && pickedAsBeijing(value).valueOf() <= Date.now()) throw new Error(t('tender.form.deadlinePast'));
                      },
                    },
                    rules.ruleFor('deadline'),
                  ]}
                  extra={
                    method && earliest
                      ? t('tender.form.deadlineHint', {
                          method: english ? method.nameEn : method.name,
                          days: method.minNoticeDays,
                          earliest: beijingPickerValue(earliest).format('YYYY-MM-DD HH:mm'),
                        })
                      : null
                  }
                  style={{ maxWidth: 420 }}
                >
                  <DatePicker
                    showTime={{ format: 'HH:mm' }}
                    format="YYYY-MM-DD HH:mm"
                    style={{ width: '100%' }}
                    allowClear={false}
                    data-testid="deadline-picker"
                  />
                </Form.Item>
              </Card>
              <Form.List name="lots">
                {(lots, { add, remove }, { errors }) => (
                  <Flex vertical gap={12}>
                    <Typography.Title level={5} style={{ margin: 0 }}>
                      {t('tender.form.sections.lots')}
                    </Typography.Title>
                    {lots.map((lot, i) => (
                      <LotCard
                        key={lot.key}
                        form={form}
                        name={lot.name}
                        index={i}
                        kind={kind}
                        method={method}
                        ruleFor={rules.ruleFor}
                        onRemove={lots.length > 1 ? () => remove(lot.name) : undefined}
                      />
                    ))}
                    <Button
                      type="dashed"
                      icon={<PlusOutlined />}
                      disabled={lots.length >= 20}
                      onClick={() => add(newLot(method, kind, defaults))}
                      data-testid="add-lot"
                    >
                      {t('tender.form.addLot')}
                    </Button>
                    <Form.ErrorList errors={errors} />
                  </Flex>
                )}
              </Form.List>
              <IntentionFields unitOrgId={values?.purchaserOrgId} />
              <Card title={t('tender.form.sections.sme')} size="small">
                <Alert
                  type={smeShort ? (smeReasonGiven ? 'info' : 'warning') : 'success'}
                  showIcon
                  style={{ marginBottom: 12 }}
                  title={
                    sme.within
                      ? t('tender.form.smeWithin', { total: formatMoney(sme.total), limit: formatMoney(sme.limit) })
                      : t('tender.form.smeAbove', { total: formatMoney(sme.total), limit: formatMoney(sme.limit), share: sme.share })
                  }
                  description={
                    !smeShort
                      ? t('tender.form.smeOk')
                      : smeReasonGiven
                        ? t('tender.form.smeReasonGiven')
                        : smeShort.rule === 'smeSmallMicro'
                          ? t('tender.form.smeSmallMicroShort', { share: sme.smallMicroShare })
                          : t('tender.form.smeNeedsReason')
                  }
                  data-testid="sme-rule"
                />
                <Form.Item
                  name="smeExemptReason"
                  label={label('smeExemptReason')}
                  required={!!smeShort}
                  rules={[zodRule(shape.smeExemptReason, label('smeExemptReason'), t), rules.ruleFor('smeExemptReason')]}
                  extra={t('tender.form.smeReasonHint')}
                  style={{ marginBottom: 0 }}
                >
                  <Input.TextArea rows={2} maxLength={1000} placeholder={t('tender.form.smeReasonPlaceholder')} />
                </Form.Item>
              </Card>
              <Flex gap={8} wrap>
                <Button
                  type="primary"
                  htmlType="submit"
                  size="large"
                  icon={<SaveOutlined />}
                  loading={create.isPending}
                  disabled={create.isPending}
                  data-testid="save-tender"
                >
                  {t('tender.form.submit')}
                </Button>
                <Link to="/center/tenders">
                  <Button size="large" disabled={create.isPending}>
                    {t('tender.form.cancel')}
                  </Button>
                </Link>
              </Flex>
            </Flex>
          </Col>
          <Col xs={24} lg={8}>
            <Summary values={values ?? {}} />
          </Col>
        </Row>
      </Form>
    </>
  );
}
