import { ArrowLeftOutlined, EditOutlined, LockOutlined, RollbackOutlined, SendOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Flex,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Result,
  Row,
  Skeleton,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { apiPath, isApiProblem } from '../../app/api.ts';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { ReceiptKeyNotice } from '../../app/components/ReceiptKeyNotice.tsx';
import { LoadError, NotFoundPage, problemSummary } from '../../app/components/states.tsx';
import { fenToYuanInput, formatMoney, parseYuan, useFormat } from '../../app/format.ts';
import { useFormProblem, zodRule } from '../../app/forms.ts';
import { useCurrentSession } from '../../app/session.ts';
import type { SizeClass } from '../../app/types.ts';
import { smeStandingOf } from '@contracts/sme-treatment.ts';
import { useOrganization } from '../organizations/api.ts';
import {
  useMyReceipt,
  usePublicQuotation,
  useSubmitQuote,
  useSupplierQuotation,
  useWithdrawQuote,
  type Quotation,
  type QuoteBody,
  type Receipt,
  type SubmittedReceipt,
} from './api.ts';
import { CertificateInputs, resolverFor, SpecInputs, specsBody, wholeRule, yuanRule, type CertificateValues } from './fields.tsx';
import {
  pastDeadline,
  QuotationProgress,
  QuotationStatusTag,
  ratePercent,
  ReceiptDescriptions,
  RequirementDescriptions,
  ResultSection,
  useSpecFields,
} from './parts.tsx';
import { quoteBody } from './schema.ts';

interface QuoteValues {
  unitPrice: string;
  brand: string;
  model: string;
  specs?: Record<string, string | number | null | undefined>;
  deliveryDays: number | null;
  smeDeclared: boolean;
  certificates?: CertificateValues[];
}

const quoteFields = ['unitPrice', 'brand', 'model', 'specs', 'deliveryDays', 'smeDeclared', 'certificates'] as const;
const resolve = resolverFor({ unitPriceFen: 'unitPrice' });

/** 报价总额 as it is typed: unit × quantity against the ceiling, and the evaluation price the deduction would give. */
function LiveTotal({ q, unitPrice, deducted }: { q: Quotation; unitPrice: string | undefined; deducted: boolean }) {
  const { t } = useTranslation();
  const unit = parseYuan(unitPrice);
  if (unit === null) return <Typography.Text type="secondary">{t('quotation.quote.totalPending')}</Typography.Text>;
  const total = unit * q.quantity;
  const over = total > q.ceilingFen;
  const rate = ratePercent(q.smeDeductionRate);
  return (
    <Flex vertical gap={8} data-testid="live-total">
      <Typography.Text>
        {t('quotation.quote.total')}
        {t('common.colon')}
        <Typography.Text
          strong
          type={over ? 'danger' : undefined}
          style={{ fontSize: 18, fontVariantNumeric: 'tabular-nums' }}
          data-testid="live-total-amount"
        >
          {formatMoney(total)}
        </Typography.Text>{' '}
        <Typography.Text type="secondary">{t('quotation.quote.totalFormula', { unit: formatMoney(unit), n: q.quantity })}</Typography.Text>
      </Typography.Text>
      {deducted && !over ? (
        <Typography.Text type="secondary" data-testid="live-evaluation">
          {t('quotation.quote.evaluationPreview', { rate, amount: formatMoney(total - Math.round((total * rate) / 100)) })}
        </Typography.Text>
      ) : null}
      {over ? (
        <Alert
          type="warning"
          showIcon
          title={t('quotation.quote.overCeiling', { ceiling: formatMoney(q.ceilingFen) })}
          data-testid="over-ceiling"
        />
      ) : null}
    </Flex>
  );
}

/** The quote form: price, offer, specs against the requirement, delivery, the SME declaration and certificates. */
function QuoteForm({
  q,
  form,
  sizeClass,
  smeTreatment,
  onDone,
  replacing,
}: {
  q: Quotation;
  form: ReturnType<typeof Form.useForm<QuoteValues>>[0];
  sizeClass: SizeClass | null;
  /** A prison enterprise or disability welfare unit is treated as small/micro whatever its size (smeStandingOf). */
  smeTreatment: string | null;
  onDone: (r: SubmittedReceipt, sent: QuoteBody) => void;
  replacing: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const submit = useSubmitQuote();
  const problem = useFormProblem(form, quoteFields, resolve);
  const fields = useSpecFields(q.categoryCode);
  const unitPrice = Form.useWatch('unitPrice', form);
  const declared = Form.useWatch('smeDeclared', form);
  // A total over the ceiling cannot be sent (LiveTotal says so); the button waits for a price within it.
  const typed = parseYuan(unitPrice);
  const overCeiling = typed !== null && typed * q.quantity > q.ceilingFen;
  const label = (key: (typeof quoteFields)[number]) => t(`quotation.quote.labels.${key}`);
  const shape = quoteBody.shape;
  const rate = ratePercent(q.smeDeductionRate);
  const sizeText = sizeClass ? t(`sizeClass.${sizeClass}`) : t('common.none');
  const smallOrMicro = smeStandingOf({ sizeClass, smeTreatment }).smallOrMicro;
  const smeHint = q.reservedForSme
    ? t('quotation.quote.smeReserved')
    : smallOrMicro
      ? t('quotation.quote.smeDeduction', { rate })
      : t('quotation.quote.smeNoDeduction', { size: sizeText });

  return (
    <Form<QuoteValues>
      form={form}
      layout="vertical"
      disabled={submit.isPending}
      initialValues={{ deliveryDays: q.deliveryDays, smeDeclared: false, specs: {}, certificates: [] }}
      onValuesChange={() => problem.formError && problem.clear()}
      onFinish={(v) => {
        const body: QuoteBody = {
          unitPriceFen: parseYuan(v.unitPrice) ?? 0,
          brand: v.brand.trim(),
          model: v.model.trim(),
          specs: specsBody(v.specs),
          deliveryDays: v.deliveryDays ?? 0,
          smeDeclared: v.smeDeclared,
          certificates: (v.certificates ?? []).map((c) => ({
            kind: c.kind,
            number: c.number.trim(),
            issuer: c.issuer.trim(),
            validUntil: c.validUntil ? c.validUntil.format('YYYY-MM-DD') : '',
          })),
        };
        // A promise, not mutate's callbacks: the cached receipt replaces this form before they would run.
        submit.mutateAsync({ quotationId: q.id, body }).then((receipt) => {
          void message.success(t('quotation.quote.sealedMessage', { n: receipt.version }));
          onDone(receipt, body);
        }, problem.onError);
      }}
    >
      {problem.formError ? (
        <Alert type="error" showIcon title={problem.formError} style={{ marginBottom: 12 }} data-testid="form-error" />
      ) : null}
      <Flex gap={16} wrap>
        <Form.Item
          name="unitPrice"
          required
          label={label('unitPrice')}
          rules={[yuanRule(shape.unitPriceFen, label('unitPrice'), t)]}
          extra={t('quotation.quote.unitPriceHint', { n: q.quantity, ceiling: formatMoney(q.ceilingFen) })}
          style={{ flex: '1 1 220px' }}
        >
          <Input
            prefix="¥"
            inputMode="decimal"
            maxLength={16}
            // The most a unit may cost within the ceiling, as an example that is never over it.
            placeholder={fenToYuanInput(Math.floor(q.ceilingFen / q.quantity))}
            data-testid="unit-price"
          />
        </Form.Item>
        <Form.Item
          name="deliveryDays"
          required
          label={label('deliveryDays')}
          rules={[
            wholeRule(shape.deliveryDays, label('deliveryDays'), t, t('quotation.form.daysInvalid')),
            // Later than the requirement allows: the server refuses it too (the quote would be invalid at the opening).
            {
              validator: (_: unknown, v: number | null) =>
                v !== null && v !== undefined && v > q.deliveryDays
                  ? Promise.reject(new Error(t('quotation.quote.deliveryHint', { n: q.deliveryDays })))
                  : Promise.resolve(),
            },
          ]}
          extra={t('quotation.quote.deliveryHint', { n: q.deliveryDays })}
          style={{ flex: '1 1 160px' }}
        >
          <InputNumber min={1} max={365} precision={0} suffix={t('quotation.form.daysUnit')} style={{ width: '100%' }} />
        </Form.Item>
      </Flex>
      <div style={{ marginBottom: 16 }}>
        <LiveTotal q={q} unitPrice={unitPrice} deducted={!q.reservedForSme && smallOrMicro && !!declared} />
      </div>
      <Flex gap={16} wrap>
        <Form.Item
          name="brand"
          required
          label={label('brand')}
          rules={[zodRule(shape.brand, label('brand'), t)]}
          style={{ flex: '1 1 180px' }}
        >
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item
          name="model"
          required
          label={label('model')}
          rules={[zodRule(shape.model, label('model'), t)]}
          style={{ flex: '1 1 220px' }}
        >
          <Input maxLength={100} />
        </Form.Item>
      </Flex>
      {fields.length > 0 ? (
        <>
          <Typography.Text strong>{t('quotation.quote.specsTitle')}</Typography.Text>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '2px 0 8px' }}>
            {t('quotation.quote.specsHint')}
          </Typography.Paragraph>
          <SpecInputs fields={fields} mode="offer" required={q.specs} />
        </>
      ) : null}
      <Form.Item name="smeDeclared" valuePropName="checked" extra={smeHint} style={{ marginBottom: 16 }}>
        {/* A declaration the registered facts do not bear is refused by the server: not offered here either. */}
        <Checkbox data-testid="sme-declared" disabled={!smallOrMicro}>
          {t('quotation.quote.smeDeclaration')}
        </Checkbox>
      </Form.Item>
      {q.greenMandatory ? (
        <>
          <Typography.Text strong>{t('quotation.quote.certTitle')}</Typography.Text>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '2px 0 8px' }}>
            {t('quotation.quote.certMandatory')}
          </Typography.Paragraph>
          <CertificateInputs />
        </>
      ) : null}
      <Alert type="info" icon={<LockOutlined />} showIcon title={t('quotation.quote.sealNote')} style={{ marginBottom: 16 }} />
      <Button
        type="primary"
        htmlType="submit"
        size="large"
        icon={<SendOutlined />}
        loading={submit.isPending}
        disabled={submit.isPending || overCeiling}
        data-testid="submit-quote"
      >
        {replacing ? t('quotation.quote.replaceSubmit') : t('quotation.quote.submit')}
      </Button>
    </Form>
  );
}

/** The receipt after a submission: sealed, with the time and hash to keep; replace or withdraw while open (and not withdrawn). */
function ReceiptCard({ q, receipt, open, onReplace }: { q: Quotation; receipt: Receipt; open: boolean; onReplace: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const format = useFormat();
  const withdraw = useWithdrawQuote();
  return (
    <Card title={t('quotation.receipt.title')} size="small" data-testid="receipt-card">
      {receipt.withdrawn ? (
        <Alert
          type="warning"
          showIcon
          title={t('quotation.receipt.withdrawnTitle')}
          description={t('quotation.receipt.withdrawnBody')}
          style={{ marginBottom: 12 }}
        />
      ) : (
        <Result
          status="success"
          icon={<LockOutlined />}
          title={t('quotation.receipt.sealedTitle')}
          subTitle={t('quotation.receipt.sealedBody', { deadline: format.dateTime(q.deadline) })}
          style={{ padding: '8px 0 16px' }}
        />
      )}
      <ReceiptDescriptions receipt={receipt} />
      {open ? (
        <Flex gap={8} wrap style={{ marginTop: 12 }}>
          <Button type="primary" icon={<EditOutlined />} onClick={onReplace} data-testid="replace-quote">
            {t('quotation.quote.replace')}
          </Button>
          <Popconfirm
            title={t('quotation.quote.withdrawTitle')}
            description={t('quotation.quote.withdrawBody')}
            okText={t('quotation.quote.withdraw')}
            okButtonProps={{ danger: true, loading: withdraw.isPending }}
            onConfirm={() =>
              withdraw.mutateAsync(q.id).then(
                () => void message.success(t('quotation.quote.withdrawn')),
                (error: unknown) => void message.error(problemSummary(error, t)),
              )
            }
          >
            <Button danger icon={<RollbackOutlined />} data-testid="withdraw-quote">
              {t('quotation.quote.withdraw')}
            </Button>
          </Popconfirm>
        </Flex>
      ) : null}
    </Card>
  );
}

/** 报价 (supplier): the requirement, the quote form, the sealed receipt; after the deadline the result. */
export default function QuotePage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const session = useCurrentSession();
  const quotation = usePublicQuotation(id);
  const receipt = useMyReceipt(id);
  const supplier = useSupplierQuotation(quotation.data);
  const org = useOrganization(session.organization.id);
  const [form] = Form.useForm<QuoteValues>();
  const [editing, setEditing] = useState(false);
  // The 回执密钥 of the submission just made: held here only while shown, never stored by the storefront.
  const [fresh, setFresh] = useState<{ receipt: SubmittedReceipt; sent: QuoteBody } | null>(null);

  if (quotation.isPending) return <Skeleton active paragraph={{ rows: 12 }} />;
  if (quotation.isError)
    return isApiProblem(quotation.error) && quotation.error.status === 404 ? (
      <NotFoundPage />
    ) : (
      <LoadError error={quotation.error} onRetry={() => void quotation.refetch()} />
    );
  const q = quotation.data;
  const open = q.status === 'open' && !pastDeadline(q);
  const mine = receipt.data ?? null;
  const entry = supplier.entry;
  const refused = open && entry && !entry.admitted;
  const showForm = open && !refused && (editing || !mine || mine.withdrawn) && !receipt.isPending;

  let side: React.ReactNode;
  if (q.status !== 'open') {
    side = (
      <Flex vertical gap={16}>
        <Card title={t('quotation.detail.result')} size="small" data-testid="result-card">
          <ResultSection q={q} mine={session.organization.id} />
        </Card>
        {mine ? <ReceiptCard q={q} receipt={mine} open={false} onReplace={() => undefined} /> : null}
      </Flex>
    );
  } else if (!open) {
    side = (
      <Flex vertical gap={16}>
        <Alert type="info" showIcon title={t('quotation.next.opening')} />
        {mine ? <ReceiptCard q={q} receipt={mine} open={false} onReplace={() => undefined} /> : null}
      </Flex>
    );
  } else {
    side = (
      <Flex vertical gap={16}>
        {refused ? (
          <Alert
            type="error"
            showIcon
            title={t('quotation.quote.notAdmitted')}
            description={entry.admissionNote}
            data-testid="admission-refused"
          />
        ) : null}
        {fresh && !editing ? (
          <ReceiptKeyNotice
            receipt={fresh.receipt}
            fileName={`报价回执-${q.quotationNo}-第${fresh.receipt.version}版.json`}
            process={{ kind: 'quotation', quotationId: q.id, quotationNo: q.quotationNo }}
            verify={{ path: apiPath('/api/public/quotations/{id}/receipts/verify', { id: q.id }), body: { quote: fresh.sent } }}
            onDismiss={() => setFresh(null)}
          />
        ) : null}
        {mine && !editing ? (
          <ReceiptCard q={q} receipt={mine} open={!refused && !mine.withdrawn} onReplace={() => setEditing(true)} />
        ) : null}
        {showForm ? (
          <Card
            title={mine && !mine.withdrawn ? t('quotation.quote.replaceTitle', { n: mine.version + 1 }) : t('quotation.quote.title')}
            size="small"
            extra={
              editing ? (
                <Button size="small" type="link" onClick={() => setEditing(false)}>
                  {t('quotation.quote.cancelReplace')}
                </Button>
              ) : null
            }
            data-testid="quote-card"
          >
            {mine && !mine.withdrawn ? (
              <Alert type="warning" showIcon title={t('quotation.quote.replaceNote', { n: mine.version })} style={{ marginBottom: 12 }} />
            ) : null}
            <QuoteForm
              q={q}
              form={form}
              sizeClass={org.data?.sizeClass ?? null}
              smeTreatment={org.data?.smeTreatment ?? null}
              replacing={!!mine && !mine.withdrawn}
              onDone={(r, sent) => {
                setFresh({ receipt: r, sent });
                setEditing(false);
              }}
            />
          </Card>
        ) : null}
      </Flex>
    );
  }

  return (
    <>
      <PageTitle
        extra={
          <Link to="/supplier/quotations">
            <Button icon={<ArrowLeftOutlined />}>{t('quotation.detail.back')}</Button>
          </Link>
        }
      >
        <Flex gap={8} wrap align="center">
          <span style={{ overflowWrap: 'anywhere' }}>{q.title}</span>
          <QuotationStatusTag status={q.status} />
          {mine && !mine.withdrawn ? <Tag color="green">{t('quotation.list.quoted', { n: mine.version })}</Tag> : null}
        </Flex>
      </PageTitle>
      <Flex vertical gap={16}>
        <Card title={t('quotation.detail.progress')} size="small">
          <QuotationProgress q={q} />
        </Card>
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={10}>
            <Card title={t('quotation.detail.requirement')} size="small">
              <RequirementDescriptions q={q} narrow />
            </Card>
          </Col>
          <Col xs={24} xl={14}>
            {side}
          </Col>
        </Row>
      </Flex>
    </>
  );
}
