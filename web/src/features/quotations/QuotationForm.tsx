import { ArrowLeftOutlined, SendOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Switch,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { formatBeijing, formatMoney, parseYuan, platformTimeZone } from '../../app/format.ts';
import { useFormProblem, zodRule } from '../../app/forms.ts';
import { useCurrentSession } from '../../app/session.ts';
import { useAllBudgetLines, type BudgetLine } from '../budget/api.ts';
import { GreenPolicyTag, useCategoryIndex } from '../catalogue/parts.tsx';
import { useOrganization } from '../organizations/api.ts';
import { useCreateQuotation } from './api.ts';
import { LeafCategorySelect, resolverFor, SpecInputs, specsBody, wholeRule, yuanRule } from './fields.tsx';
import { ratePercent, useSpecFields } from './parts.tsx';
import { createQuotationBody } from './schema.ts';
import { IntentionFields, intentionBody } from '../plans/IntentionFields.tsx';

interface QuotationValues {
  title: string;
  categoryCode?: string;
  specs?: Record<string, string | number | null | undefined>;
  requirements: string;
  quantity: number | null;
  ceiling: string;
  deliveryDays: number | null;
  deliveryAddress: string;
  contactName: string;
  contactPhone: string;
  budgetLineId?: string;
  reservedForSme: boolean;
  smeDeductionRate: string;
  deadline: Dayjs | null;
  intentionId?: string;
  intentionExemption?: string;
}

const formFields = [
  'title',
  'categoryCode',
  'specs',
  'requirements',
  'quantity',
  'ceiling',
  'deliveryDays',
  'deliveryAddress',
  'contactName',
  'contactPhone',
  'budgetLineId',
  'reservedForSme',
  'smeDeductionRate',
  'deadline',
  'intentionId',
  'intentionExemption',
] as const;

const resolve = resolverFor({ ceilingFen: 'ceiling' });

// 小微企业价格扣除 for goods and services: 10%–20% since 2022 (财库〔2022〕19号); the server checks the range in force.
const deductionRates = ['0.10', '0.11', '0.12', '0.13', '0.14', '0.15', '0.16', '0.17', '0.18', '0.19', '0.20'];

/**
 * The deadline is picked as Beijing wall-clock time whatever the browser's zone: the picker holds a
 * local time with the same digits, read back as Asia/Shanghai when sent.
 */
const beijingPickerValue = (iso: string) => dayjs(formatBeijing(iso, 'YYYY-MM-DDTHH:mm'));
const pickedAsBeijing = (value: Dayjs) => dayjs.tz(value.format('YYYY-MM-DDTHH:mm:00'), platformTimeZone);

/** 默认截止时间: three days and an hour from now (the shortest quoting period plus a margin), to the minute. */
const defaultDeadline = () => beijingPickerValue(new Date(Date.now() + 3 * 86_400_000 + 3_600_000).toISOString());

function BudgetLineOption({ line, needFen }: { line: BudgetLine; needFen: number | null }) {
  const { t } = useTranslation();
  const short = needFen !== null && line.freeFen < needFen;
  return (
    <Flex justify="space-between" gap={8} wrap>
      <span style={{ whiteSpace: 'normal' }}>
        <span className="hash">{line.code}</span> {line.name}
      </span>
      <Typography.Text type={short ? 'danger' : 'success'} style={{ whiteSpace: 'nowrap' }}>
        {short
          ? t('quotation.form.budgetShort', { free: formatMoney(line.freeFen) })
          : t('quotation.form.budgetFree', { free: formatMoney(line.freeFen) })}
      </Typography.Text>
    </Flex>
  );
}

/** What will be published, summed up beside the form: the figures the purchaser answers for. */
function Summary({ values, line }: { values: Partial<QuotationValues>; line: BudgetLine | undefined }) {
  const { t } = useTranslation();
  const ceiling = parseYuan(values.ceiling);
  const quantity = values.quantity ?? null;
  const deadline = values.deadline ? pickedAsBeijing(values.deadline) : null;
  return (
    <Card title={t('quotation.form.summary')} size="small" className="cart-summary" data-testid="quotation-summary">
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 'ceiling',
            label: t('quotation.fields.ceiling'),
            children: ceiling === null ? t('common.none') : <Typography.Text strong>{formatMoney(ceiling)}</Typography.Text>,
          },
          {
            key: 'perUnit',
            label: t('quotation.form.perUnit'),
            children: ceiling !== null && quantity ? formatMoney(Math.floor(ceiling / quantity)) : t('common.none'),
          },
          {
            key: 'budget',
            label: t('quotation.form.budgetAfter'),
            children:
              line && ceiling !== null ? (
                <Typography.Text type={line.freeFen < ceiling ? 'danger' : undefined}>
                  {t('quotation.form.budgetAfterText', { free: formatMoney(line.freeFen), after: formatMoney(line.freeFen - ceiling) })}
                </Typography.Text>
              ) : (
                t('common.none')
              ),
          },
          {
            key: 'deadline',
            label: t('quotation.fields.deadline'),
            children: deadline
              ? `${deadline.tz(platformTimeZone).format('YYYY-MM-DD HH:mm')} (${t('common.beijingTime')})`
              : t('common.none'),
          },
          {
            key: 'sme',
            label: t('quotation.fields.sme'),
            children: values.reservedForSme
              ? t('quotation.sme.reservedTag')
              : t('quotation.sme.deductionTag', { rate: ratePercent(values.smeDeductionRate ?? '0.10') }),
          },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
        {t('quotation.form.summaryNote')}
      </Typography.Paragraph>
    </Card>
  );
}

/**
 * What the link that opened the form asks it to start with: a 品目 (?categoryCode=), or the goods of a cart
 * refused for its method (?from=cart: title, quantity, ceiling in yuan, requirement). A value the form would
 * refuse is left out rather than prefilled.
 */
function prefillOf(search: URLSearchParams): Partial<QuotationValues> {
  const text = (key: string, max: number) => search.get(key)?.trim().slice(0, max) || undefined;
  const quantity = Number(search.get('quantity'));
  const ceiling = text('ceiling', 16);
  const out: Partial<QuotationValues> = {};
  const categoryCode = text('categoryCode', 13);
  if (categoryCode) out.categoryCode = categoryCode;
  const title = text('title', 100);
  if (title) out.title = title;
  const requirements = text('requirements', 4000);
  if (requirements) out.requirements = requirements;
  if (Number.isInteger(quantity) && quantity >= 1 && quantity <= 100_000) out.quantity = quantity;
  if (ceiling && parseYuan(ceiling) !== null) out.ceiling = ceiling;
  return out;
}

/** 发起网上竞价 (purchaser): the requirement, its ceiling reserved on a budget line, and the quoting deadline. */
export default function QuotationFormPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const session = useCurrentSession();
  const orgId = session.organization.id;
  const lines = useAllBudgetLines(orgId);
  const org = useOrganization(orgId);
  const create = useCreateQuotation();
  // 二次竞价: opened from a framework agreement, the quotation is restricted to its admitted suppliers.
  const [search] = useSearchParams();
  const frameworkCallId = search.get('frameworkCallId') ?? undefined;
  const fromCart = search.get('from') === 'cart';
  const otherCategories = Number(search.get('otherCategories')) || 0;
  const [form] = Form.useForm<QuotationValues>();
  const problem = useFormProblem(form, formFields, resolve);
  const values = Form.useWatch([], form) as Partial<QuotationValues> | undefined;
  const categoryCode = values?.categoryCode;
  const fields = useSpecFields(categoryCode);
  const { byCode } = useCategoryIndex();
  const category = categoryCode ? byCode.get(categoryCode) : undefined;
  const ceilingFen = parseYuan(values?.ceiling);
  const chosen = lines.data?.items.find((l) => l.id === values?.budgetLineId);
  const label = (key: (typeof formFields)[number]) => t(`quotation.form.labels.${key}`);
  const shape = createQuotationBody.shape;
  const address = org.data?.address;

  // The unit's address, once known, is the default delivery address.
  useEffect(() => {
    if (address && !form.getFieldValue('deliveryAddress')) form.setFieldValue('deliveryAddress', address);
  }, [address, form]);

  return (
    <>
      <PageTitle
        extra={
          <Link to="/purchaser/quotations">
            <Button icon={<ArrowLeftOutlined />}>{t('quotation.detail.back')}</Button>
          </Link>
        }
      >
        {t('quotation.form.title')}
      </PageTitle>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('quotation.form.rules')} />
      {fromCart ? (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('quotation.form.fromCart')}
          description={otherCategories > 0 ? t('quotation.form.fromCartOthers', { n: otherCategories }) : undefined}
          action={
            <Link to="/purchaser/cart">
              <Button size="small">{t('quotation.form.backToCart')}</Button>
            </Link>
          }
          data-testid="quotation-from-cart"
        />
      ) : null}
      <Form<QuotationValues>
        form={form}
        layout="vertical"
        disabled={create.isPending}
        scrollToFirstError
        initialValues={{
          contactName: session.user.displayName,
          deliveryAddress: org.data?.address ?? '',
          contactPhone: '',
          quantity: 1,
          deliveryDays: 15,
          reservedForSme: false,
          smeDeductionRate: '0.10',
          deadline: defaultDeadline(),
          specs: {},
          ...prefillOf(search),
        }}
        onValuesChange={(changed: Partial<QuotationValues>) => {
          if (problem.formError) problem.clear();
          // Another category has other spec fields: the minimums of the last one no longer apply.
          if ('categoryCode' in changed) form.setFieldValue('specs', {});
        }}
        onFinish={(v) =>
          create.mutate(
            {
              title: v.title.trim(),
              categoryCode: v.categoryCode ?? '',
              specs: specsBody(v.specs),
              requirements: v.requirements.trim(),
              quantity: v.quantity ?? 0,
              ceilingFen: parseYuan(v.ceiling) ?? 0,
              deliveryDays: v.deliveryDays ?? 0,
              deliveryAddress: v.deliveryAddress.trim(),
              contactName: v.contactName.trim(),
              contactPhone: v.contactPhone.trim(),
              budgetLineId: v.budgetLineId ?? '',
              reservedForSme: v.reservedForSme,
              smeDeductionRate: v.smeDeductionRate,
              deadline: v.deadline ? pickedAsBeijing(v.deadline).toISOString() : '',
              ...intentionBody(v),
              ...(frameworkCallId ? { frameworkCallId } : {}),
            },
            {
              onSuccess: (q) => {
                void message.success(t('quotation.form.posted', { no: q.quotationNo }));
                void navigate(`/purchaser/quotations/${encodeURIComponent(q.id)}`);
              },
              onError: problem.onError,
            },
          )
        }
      >
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={16}>
            <Flex vertical gap={16}>
              {problem.formError ? <Alert type="error" showIcon title={problem.formError} data-testid="form-error" /> : null}
              <IntentionFields unitOrgId={orgId} />
              <Card title={t('quotation.form.sections.goods')} size="small">
                <Form.Item name="title" required label={label('title')} rules={[zodRule(shape.title, label('title'), t)]}>
                  <Input maxLength={100} showCount placeholder={t('quotation.form.titlePlaceholder')} />
                </Form.Item>
                <Form.Item
                  name="categoryCode"
                  required
                  label={label('categoryCode')}
                  rules={[zodRule(shape.categoryCode, label('categoryCode'), t, { choose: true })]}
                  extra={t('quotation.form.categoryHint')}
                >
                  <LeafCategorySelect />
                </Form.Item>
                {category ? (
                  <Flex vertical gap={8} style={{ marginBottom: 12 }} data-testid="category-policy">
                    {category.greenPolicy === 'mandatory' ? (
                      <Alert
                        type="warning"
                        showIcon
                        title={
                          <span>
                            <GreenPolicyTag policy="mandatory" /> {t('quotation.form.greenMandatory')}
                          </span>
                        }
                      />
                    ) : null}
                    {category.requiresFramework ? <Alert type="info" showIcon title={t('quotation.form.frameworkOnly')} /> : null}
                    {category.allocationCapFen !== null ? (
                      <Alert
                        type="info"
                        showIcon
                        title={t('quotation.form.allocationCap', { cap: formatMoney(category.allocationCapFen) })}
                      />
                    ) : null}
                  </Flex>
                ) : null}
                {categoryCode ? (
                  fields.length > 0 ? (
                    <>
                      <Typography.Text strong>{t('quotation.fields.specs')}</Typography.Text>
                      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '2px 0 8px' }}>
                        {t('quotation.form.specsHint')}
                      </Typography.Paragraph>
                      <SpecInputs fields={fields} mode="minimum" />
                    </>
                  ) : (
                    <Typography.Paragraph type="secondary" style={{ fontSize: 12 }} data-testid="no-spec-fields">
                      {t('quotation.form.noSpecFields')}
                    </Typography.Paragraph>
                  )
                ) : null}
                <Form.Item
                  name="requirements"
                  required
                  label={label('requirements')}
                  rules={[zodRule(shape.requirements, label('requirements'), t)]}
                >
                  <Input.TextArea rows={4} maxLength={4000} showCount placeholder={t('quotation.form.requirementsPlaceholder')} />
                </Form.Item>
                <Flex gap={16} wrap>
                  <Form.Item
                    name="quantity"
                    required
                    label={label('quantity')}
                    rules={[wholeRule(shape.quantity, label('quantity'), t, t('quotation.form.quantityInvalid'))]}
                    style={{ flex: '1 1 140px' }}
                  >
                    <InputNumber min={1} max={100_000} precision={0} style={{ width: '100%' }} />
                  </Form.Item>
                  <Form.Item
                    name="ceiling"
                    required
                    label={label('ceiling')}
                    rules={[yuanRule(shape.ceilingFen, label('ceiling'), t)]}
                    extra={t('quotation.form.ceilingHint')}
                    style={{ flex: '1 1 200px' }}
                  >
                    <Input prefix="¥" inputMode="decimal" maxLength={16} placeholder="60000.00" data-testid="ceiling-input" />
                  </Form.Item>
                  <Form.Item
                    name="deliveryDays"
                    required
                    label={label('deliveryDays')}
                    rules={[wholeRule(shape.deliveryDays, label('deliveryDays'), t, t('quotation.form.daysInvalid'))]}
                    style={{ flex: '1 1 140px' }}
                  >
                    <InputNumber min={1} max={365} precision={0} suffix={t('quotation.form.daysUnit')} style={{ width: '100%' }} />
                  </Form.Item>
                </Flex>
              </Card>
              <Card title={t('quotation.form.sections.money')} size="small">
                <Form.Item
                  name="budgetLineId"
                  required
                  label={label('budgetLineId')}
                  dependencies={['ceiling']}
                  rules={[
                    zodRule(shape.budgetLineId, label('budgetLineId'), t, { choose: true }),
                    {
                      validator: async (_rule, id: unknown) => {
                        const line = lines.data?.items.find((l) => l.id === id);
                        if (line && ceilingFen !== null && line.freeFen < ceilingFen)
                          throw new Error(
                            t('quotation.form.budgetTooSmall', { free: formatMoney(line.freeFen), ceiling: formatMoney(ceilingFen) }),
                          );
                      },
                    },
                  ]}
                  extra={t('quotation.form.budgetHint')}
                >
                  <Select
                    loading={lines.isPending}
                    placeholder={t('quotation.form.budgetPlaceholder')}
                    notFoundContent={lines.isError ? t('errors.loadFailed') : t('budget.empty')}
                    options={(lines.data?.items ?? []).map((l) => ({ value: l.id, label: `${l.code} ${l.name}`, line: l }))}
                    optionRender={(option) => <BudgetLineOption line={(option.data as { line: BudgetLine }).line} needFen={ceilingFen} />}
                    data-testid="budget-select"
                  />
                </Form.Item>
                <Form.Item
                  name="reservedForSme"
                  label={label('reservedForSme')}
                  valuePropName="checked"
                  extra={t('quotation.form.reservedHint')}
                >
                  <Switch data-testid="reserved-switch" />
                </Form.Item>
                {values?.reservedForSme ? null : (
                  <Form.Item
                    name="smeDeductionRate"
                    required
                    label={label('smeDeductionRate')}
                    rules={[zodRule(shape.smeDeductionRate, label('smeDeductionRate'), t, { choose: true })]}
                    extra={t('quotation.form.deductionHint')}
                    style={{ maxWidth: 320 }}
                  >
                    <Select
                      options={deductionRates.map((r) => ({ value: r, label: `${ratePercent(r)}%` }))}
                      data-testid="deduction-select"
                    />
                  </Form.Item>
                )}
              </Card>
              <Card title={t('quotation.form.sections.delivery')} size="small">
                <Form.Item
                  name="deliveryAddress"
                  required
                  label={label('deliveryAddress')}
                  rules={[zodRule(shape.deliveryAddress, label('deliveryAddress'), t)]}
                >
                  <Input.TextArea rows={2} maxLength={200} showCount />
                </Form.Item>
                <Flex gap={16} wrap>
                  <Form.Item
                    name="contactName"
                    required
                    label={label('contactName')}
                    rules={[zodRule(shape.contactName, label('contactName'), t)]}
                    style={{ flex: '1 1 180px' }}
                  >
                    <Input maxLength={50} />
                  </Form.Item>
                  <Form.Item
                    name="contactPhone"
                    required
                    label={label('contactPhone')}
                    rules={[zodRule(shape.contactPhone, label('contactPhone'), t, { invalid: t('quotation.form.phoneInvalid') })]}
                    style={{ flex: '1 1 180px' }}
                  >
                    <Input maxLength={20} inputMode="tel" placeholder="010-62345678" />
                  </Form.Item>
                </Flex>
                <Form.Item
                  name="deadline"
                  required
                  label={label('deadline')}
                  rules={[
                    { required: true, message: t('form.choose', { field: label('deadline') }) },
                    {
                      validator: async (_rule, value: Dayjs | null) => {
                        if (value && pickedAsBeijing(value).valueOf() <= Date.now()) throw new Error(t('quotation.form.deadlinePast'));
                      },
                    },
                  ]}
                  extra={t('quotation.form.deadlineHint')}
                  style={{ maxWidth: 360 }}
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
              <Flex gap={8} wrap>
                <Button
                  type="primary"
                  htmlType="submit"
                  size="large"
                  icon={<SendOutlined />}
                  loading={create.isPending}
                  disabled={create.isPending}
                  data-testid="post-quotation"
                >
                  {t('quotation.form.submit')}
                </Button>
                <Link to="/purchaser/quotations">
                  <Button size="large" disabled={create.isPending}>
                    {t('quotation.form.cancel')}
                  </Button>
                </Link>
              </Flex>
            </Flex>
          </Col>
          <Col xs={24} lg={8}>
            <Summary values={values ?? {}} line={chosen} />
          </Col>
        </Row>
      </Form>
    </>
  );
}
