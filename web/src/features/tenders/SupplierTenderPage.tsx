import {
  ArrowLeftOutlined,
  EditOutlined,
  LockOutlined,
  PaperClipOutlined,
  QuestionCircleOutlined,
  RollbackOutlined,
  SendOutlined,
} from '@ant-design/icons';
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
  Popconfirm,
  Result,
  Row,
  Select,
  Skeleton,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { apiPath } from '../../app/api.ts';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { ReceiptKeyNotice } from '../../app/components/ReceiptKeyNotice.tsx';
import { SmeStatementText } from '../../app/components/SmeStatement.tsx';
import { problemSummary } from '../../app/components/states.tsx';
import { fenToYuanInput, formatMoney, parseYuan, useFormat } from '../../app/format.ts';
import { useFormProblem, zodRule } from '../../app/forms.ts';
import { useCurrentSession } from '../../app/session.ts';
import type { SizeClass } from '../../app/types.ts';
import { smeStandingOf, type SmeStanding } from '@contracts/sme-treatment.ts';
import { SmeShareFields, smeShareOf, type ShareValues } from './SmeShareFields.tsx';
import { useOrganization } from '../organizations/api.ts';
import {
  useAskQuestion,
  useMyBids,
  useSmeStatementPreview,
  useSubmitBid,
  useTender,
  useWithdrawBid,
  type BidInput,
  type BidReceipt,
  type Lot,
  type SubmittedBidReceipt,
  type Tender,
} from './api.ts';
import { bidResolver, moneyRule } from './fields.tsx';
import {
  biddingOpen,
  BidReceiptDescriptions,
  BidStatusTag,
  ClarificationList,
  lotTitle,
  LotSmePolicy,
  TenderOverview,
  TenderProgress,
} from './parts.tsx';
import { bidInput, percentOfRate, questionInput } from './schema.ts';
import { AwardNoticeCard, InvalidBidsCard, OutcomeTag } from './ResultsCards.tsx';
import { BidsCard, ContractsCard, DocumentsCard, LotsCard, loadedTender, TenderTitle } from './TenderPage.tsx';
import { ClocksCard } from './ClocksCard.tsx';
import { MAX_PDF_MB, MyBidFiles, pdfProblem } from './files.tsx';
import { ProcedureCard } from './ProcedureCard.tsx';
import { useServerText } from '../../app/serverText.ts';

interface BidValues extends ShareValues {
  price: string;
  brand: string;
  technicalResponse: string;
  smeDeclared: boolean;
  greenDeclared: boolean;
  greenKind?: 'energy_saving' | 'environmental_label';
  greenNumber?: string;
  greenIssuer?: string;
  greenValidUntil?: string;
}

const bidFields = [
  'price',
  'brand',
  'technicalResponse',
  'smeDeclared',
  'greenKind',
  'greenNumber',
  'greenIssuer',
  'greenValidUntil',
] as const;
const greenFieldOf: Record<string, string> = {
  kind: 'greenKind',
  number: 'greenNumber',
  issuer: 'greenIssuer',
  validUntil: 'greenValidUntil',
};
/** The certificate's fields sit flat in the form: greenCertificate.number → greenNumber. */
const bidFormResolver: typeof bidResolver = (field) => {
  const [head, sub] = field.split('.');
  return head === 'greenCertificate' && sub ? greenFieldOf[sub] : bidResolver(field);
};

/** The price as typed against the lot's budget, and the evaluation price the SME deduction would give. */
function LivePrice({ lot, price, deducted }: { lot: Lot; price: string | undefined; deducted: boolean }) {
  const { t } = useTranslation();
  const fen = parseYuan(price);
  if (fen === null) return null;
  const over = fen > lot.budgetFen;
  const pct = percentOfRate(lot.smeDeductionRate);
  return (
    <Flex vertical gap={4} style={{ marginBottom: 12 }} data-testid="live-price">
      {over ? (
        <Alert
          type="warning"
          showIcon
          title={t('tender.bid.overBudget', { budget: formatMoney(lot.budgetFen) })}
          data-testid="over-budget"
        />
      ) : null}
      {deducted && !over ? (
        <Typography.Text type="secondary" data-testid="live-evaluation">
          {t('tender.bid.evaluationPreview', { pct, amount: formatMoney(fen - Math.round((fen * pct) / 100)) })}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}

/** The bid for one lot: price, brand, technical response and the SME declaration; sealed when sent. */
function BidForm({
  tender,
  lot,
  sizeClass,
  standing,
  replacing,
  onDone,
}: {
  tender: Tender;
  lot: Lot;
  sizeClass: SizeClass | null;
  /** The supplier's small/micro standing (size class, or a prison enterprise / disability welfare unit). */
  standing: SmeStanding;
  replacing: boolean;
  onDone: (receipt: SubmittedBidReceipt, sent: BidInput, files: File[]) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const submit = useSubmitBid();
  // 投标文件 chosen with the bid: checked here, sent (sealed to the tender's key) once the bid is in.
  const [files, setFiles] = useState<File[]>([]);
  const [fileError, setFileError] = useState<string | null>(null);
  const [form] = Form.useForm<BidValues>();
  const problem = useFormProblem(form, bidFields, bidFormResolver);
  const greenDeclared = Form.useWatch('greenDeclared', form);
  const preference = lot.greenBonusPoints
    ? t('tender.bid.green.bonus', { points: lot.greenBonusPoints })
    : lot.greenDeductionRate
      ? t('tender.bid.green.deduction', { pct: percentOfRate(lot.greenDeductionRate) })
      : null;
  const price = Form.useWatch('price', form);
  const declared = Form.useWatch('smeDeclared', form);
  const shape = bidInput.shape;
  const label = (key: (typeof bidFields)[number]) => t(`tender.bid.labels.${key}`);
  const pct = percentOfRate(lot.smeDeductionRate);
  const smeHint = lot.smeReserved
    ? t('tender.bid.smeReserved')
    : standing.smallOrMicro
      ? t('tender.bid.smeDeduction', { pct })
      : t('tender.bid.smeNoDeduction', { size: sizeClass ? t(`sizeClass.${sizeClass}`) : t('common.none') });
  return (
    <Form<BidValues>
      form={form}
      name={`bid-${lot.lotNo}`}
      layout="vertical"
      disabled={submit.isPending}
      initialValues={{ price: '', brand: '', technicalResponse: '', smeDeclared: false, greenDeclared: false }}
      onValuesChange={() => problem.formError && problem.clear()}
      onFinish={(v) => {
        const body: BidInput = {
          lotId: lot.id,
          priceFen: parseYuan(v.price) ?? 0,
          brand: v.brand.trim(),
          technicalResponse: v.technicalResponse.trim(),
          smeDeclared: v.smeDeclared,
          ...(lot.consortiumDeductionRate ? smeShareOf(v) : {}),
          ...(v.greenDeclared && v.greenKind
            ? {
                greenCertificate: {
                  kind: v.greenKind,
                  number: (v.greenNumber ?? '').trim(),
                  issuer: (v.greenIssuer ?? '').trim(),
                  validUntil: v.greenValidUntil ?? '',
                },
              }
            : {}),
        };
        // A promise, not mutate's callbacks: the cached receipt replaces this form before they would run.
        submit.mutateAsync({ tenderId: tender.id, body }).then((receipt) => {
          void message.success(t('tender.bid.sealedMessage', { n: receipt.version }));
          onDone(receipt, body, files);
        }, problem.onError);
      }}
      data-testid="bid-form"
    >
      {problem.formError ? (
        <Alert type="error" showIcon title={problem.formError} style={{ marginBottom: 12 }} data-testid="form-error" />
      ) : null}
      {replacing ? <Alert type="warning" showIcon title={t('tender.bid.replaceNote')} style={{ marginBottom: 12 }} /> : null}
      <Flex gap={12} wrap>
        <Form.Item
          name="price"
          required
          label={label('price')}
          rules={[moneyRule(shape.priceFen, label('price'), t)]}
          extra={t('tender.bid.priceHint', { budget: formatMoney(lot.budgetFen) })}
          style={{ flex: '1 1 200px' }}
        >
          <Input prefix="¥" inputMode="decimal" maxLength={16} placeholder={fenToYuanInput(lot.budgetFen)} data-testid="bid-price" />
        </Form.Item>
        <Form.Item
          name="brand"
          label={label('brand')}
          rules={[zodRule(shape.brand, label('brand'), t)]}
          extra={t('tender.bid.brandHint')}
          style={{ flex: '1 1 180px' }}
        >
          <Input maxLength={60} data-testid="bid-brand" />
        </Form.Item>
      </Flex>
      <LivePrice lot={lot} price={price} deducted={!lot.smeReserved && standing.smallOrMicro && !!declared} />
      <Form.Item
        name="technicalResponse"
        required
        label={label('technicalResponse')}
        rules={[zodRule(shape.technicalResponse, label('technicalResponse'), t)]}
      >
        <Input.TextArea
          rows={4}
          maxLength={50_000}
          showCount
          placeholder={t('tender.bid.technicalPlaceholder')}
          data-testid="bid-technical"
        />
      </Form.Item>
      <Form.Item name="smeDeclared" valuePropName="checked" extra={smeHint} style={{ marginBottom: 12 }}>
        {/* A declaration the registered facts do not bear is refused by the server: not offered here either. */}
        <Checkbox data-testid="bid-sme" disabled={!standing.smallOrMicro}>
          {t('tender.bid.smeDeclaration')}
        </Checkbox>
      </Form.Item>
      {declared ? <SmeStatementPreview tenderId={tender.id} lotId={lot.id} /> : null}
      {lot.consortiumDeductionRate && !lot.smeReserved ? <SmeShareFields consortiumDeductionRate={lot.consortiumDeductionRate} /> : null}
      {preference ? (
        <>
          <Form.Item
            name="greenDeclared"
            valuePropName="checked"
            extra={t('tender.bid.green.hint', { preference })}
            style={{ marginBottom: 12 }}
          >
            <Checkbox data-testid="bid-green">{t('tender.bid.green.declare')}</Checkbox>
          </Form.Item>
          {greenDeclared ? (
            <Flex gap={12} wrap data-testid="bid-green-certificate">
              <Form.Item
                name="greenKind"
                label={t('tender.bid.labels.greenKind')}
                required
                rules={[{ required: true, message: t('form.choose', { field: t('tender.bid.labels.greenKind') }) }]}
                style={{ flex: '1 1 180px' }}
              >
                <Select
                  options={(['energy_saving', 'environmental_label'] as const).map((k) => ({
                    value: k,
                    label: t(`tender.bid.green.kinds.${k}`),
                  }))}
                />
              </Form.Item>
              <Form.Item
                name="greenNumber"
                label={t('tender.bid.labels.greenNumber')}
                required
                rules={[{ required: true, min: 4, max: 60, whitespace: true }]}
                style={{ flex: '1 1 180px' }}
              >
                <Input maxLength={60} />
              </Form.Item>
              <Form.Item
                name="greenIssuer"
                label={t('tender.bid.labels.greenIssuer')}
                required
                rules={[{ required: true, min: 2, max: 100, whitespace: true }]}
                style={{ flex: '1 1 200px' }}
              >
                <Input maxLength={100} placeholder="中国质量认证中心" />
              </Form.Item>
              <Form.Item
                name="greenValidUntil"
                label={t('tender.bid.labels.greenValidUntil')}
                required
                rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/ }]}
                style={{ flex: '1 1 160px' }}
              >
                <Input type="date" />
              </Form.Item>
            </Flex>
          ) : null}
        </>
      ) : null}
      <Form.Item label={t('tender.files.bidFiles')} extra={t('tender.files.formHint', { max: MAX_PDF_MB })} data-testid="bid-form-files">
        <Upload
          accept="application/pdf,.pdf"
          multiple
          fileList={files.map((f, i) => ({ uid: `${i}-${f.name}`, name: f.name, status: 'done' as const, size: f.size }))}
          beforeUpload={(file) => {
            const wrong = pdfProblem(file, t);
            setFileError(wrong);
            if (!wrong) setFiles((xs) => [...xs, file]);
            return Upload.LIST_IGNORE;
          }}
          onRemove={(f) => setFiles((xs) => xs.filter((x, i) => `${i}-${x.name}` !== f.uid))}
        >
          <Button icon={<PaperClipOutlined />} data-testid="bid-form-attach">
            {t('tender.files.attach')}
          </Button>
        </Upload>
        {fileError ? <Alert type="error" showIcon title={fileError} style={{ marginTop: 8 }} data-testid="bid-form-file-error" /> : null}
      </Form.Item>
      <Alert
        type="info"
        icon={<LockOutlined />}
        showIcon
        title={t('tender.bid.sealNote', { version: tender.documentsVersion })}
        style={{ marginBottom: 12 }}
      />
      <Button
        type="primary"
        htmlType="submit"
        icon={<SendOutlined />}
        loading={submit.isPending}
        disabled={submit.isPending}
        data-testid="submit-bid"
      >
        {replacing ? t('tender.bid.replaceSubmit') : t('tender.bid.submit')}
      </Button>
    </Form>
  );
}

/** What the supplier holds for a lot: the receipt (sealed, withdrawn, invalidated by an amendment, opened). */
function ReceiptBlock({
  tender,
  lot,
  receipt,
  open,
  queued,
  onQueuedTaken,
  onReplace,
}: {
  tender: Tender;
  lot: Lot;
  receipt: BidReceipt;
  open: boolean;
  /** The files chosen in the bid form just sent: they go up now, sealed with the bid. */
  queued: File[];
  onQueuedTaken: () => void;
  onReplace: () => void;
}) {
  const { t } = useTranslation();
  const words = useServerText();
  const { message } = App.useApp();
  const format = useFormat();
  const withdraw = useWithdrawBid();
  const sealed = receipt.status === 'submitted';
  return (
    <Flex vertical gap={12} data-testid="receipt-block">
      {sealed ? (
        <Result
          status="success"
          icon={<LockOutlined />}
          title={t('tender.receipt.sealedTitle')}
          subTitle={t('tender.receipt.sealedBody', { deadline: format.dateTime(tender.deadline) })}
          style={{ padding: '4px 0 0' }}
        />
      ) : receipt.status === 'invalidated' ? (
        <Alert
          type="error"
          showIcon
          title={t('tender.receipt.invalidatedTitle')}
          description={open ? t('tender.receipt.invalidatedBody') : undefined}
          data-testid="bid-invalidated"
        />
      ) : receipt.status === 'withdrawn' ? (
        <Alert
          type="warning"
          showIcon
          title={t('tender.receipt.withdrawnTitle')}
          description={open ? t('tender.receipt.withdrawnBody') : undefined}
        />
      ) : receipt.outcome ? (
        <Alert
          type={receipt.outcome === 'won' ? 'success' : 'info'}
          showIcon
          title={
            <Flex gap={8} align="center" wrap>
              <OutcomeTag outcome={receipt.outcome} />
              {t(`tender.outcome.${receipt.outcome}Body`)}
              <a href={`/api/tenders/${tender.id}/lots/${lot.id}/result-letter.pdf`} data-testid="result-letter">
                {t(receipt.outcome === 'won' ? 'tender.outcome.letterWon' : 'tender.outcome.letterLost')}
              </a>
            </Flex>
          }
        />
      ) : receipt.status === 'rejected' && receipt.statusNote ? (
        <Alert
          type="error"
          showIcon
          title={t('tender.bidStatus.rejected')}
          description={words(receipt.statusNote)}
          data-testid="bid-rejected"
        />
      ) : null}
      <BidReceiptDescriptions receipt={receipt} />
      {sealed || receipt.status === 'opened' || receipt.status === 'rejected' ? (
        <MyBidFiles tender={tender} lotId={lot.id} canUpload={open && sealed} queued={queued} onTaken={onQueuedTaken} />
      ) : null}
      {open && sealed ? (
        <Flex gap={8} wrap>
          <Button type="primary" icon={<EditOutlined />} onClick={onReplace} data-testid="replace-bid">
            {t('tender.bid.replace')}
          </Button>
          <Popconfirm
            title={t('tender.bid.withdrawTitle')}
            description={t('tender.bid.withdrawBody')}
            okText={t('tender.bid.withdraw')}
            okButtonProps={{ danger: true, loading: withdraw.isPending }}
            onConfirm={() =>
              withdraw.mutateAsync({ tenderId: tender.id, lotId: lot.id }).then(
                () => void message.success(t('tender.bid.withdrawn')),
                (error: unknown) => void message.error(problemSummary(error, t)),
              )
            }
          >
            <Button danger icon={<RollbackOutlined />} data-testid="withdraw-bid">
              {t('tender.bid.withdraw')}
            </Button>
          </Popconfirm>
        </Flex>
      ) : null}
    </Flex>
  );
}

/** The 中小企业声明函 the bid would seal, as the server writes it from the registered facts. */
function SmeStatementPreview({ tenderId, lotId }: { tenderId: string; lotId: string }) {
  const { t } = useTranslation();
  const preview = useSmeStatementPreview(tenderId, { lotId, smeDeclared: true });
  if (preview.isPending) return <Skeleton active paragraph={{ rows: 3 }} />;
  const text = preview.data?.smeStatement;
  return (
    <Flex vertical gap={4} style={{ marginBottom: 12 }} data-testid="bid-sme-statement">
      <Typography.Text strong>{t('tender.bid.statementTitle')}</Typography.Text>
      {text ? <SmeStatementText text={text} /> : <Alert type="warning" showIcon title={t('tender.bid.statementNone')} />}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('tender.bid.statementHint')}
      </Typography.Text>
    </Flex>
  );
}

/** One lot on the supplier's page: its policy, the receipt if any, and the form while bidding is open. */
function LotBidCard({
  tender,
  lot,
  receipt,
  sizeClass,
  standing,
  ready,
}: {
  tender: Tender;
  lot: Lot;
  receipt: BidReceipt | undefined;
  sizeClass: SizeClass | null;
  standing: SmeStanding;
  ready: boolean;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  // The 回执密钥 of the bid just sent: held here only while shown, never stored by the storefront.
  const [fresh, setFresh] = useState<{ receipt: SubmittedBidReceipt; sent: BidInput } | null>(null);
  const [queued, setQueued] = useState<File[]>([]);
  const forgetQueued = useCallback(() => setQueued([]), []);
  const open = biddingOpen(tender);
  const barred = (lot.smeReserved && !standing.sme) || (lot.smallMicroOnly && !standing.smallOrMicro);
  const needsBid = !receipt || receipt.status === 'withdrawn' || receipt.status === 'invalidated';
  const showForm = ready && open && !barred && (editing || needsBid);
  return (
    <Card
      size="small"
      title={
        <Flex gap={8} wrap align="center">
          <span style={{ whiteSpace: 'normal' }}>{lotTitle(lot, t)}</span>
          {receipt ? <BidStatusTag status={receipt.status} /> : null}
        </Flex>
      }
      extra={
        editing ? (
          <Button size="small" type="link" onClick={() => setEditing(false)}>
            {t('tender.bid.cancelReplace')}
          </Button>
        ) : null
      }
      data-testid="lot-bid-card"
    >
      <Flex vertical gap={12}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('tender.bid.lotFacts', {
            budget: formatMoney(lot.budgetFen),
            bond: lot.bidBondFen > 0 ? formatMoney(lot.bidBondFen) : t('tender.lot.noBond'),
          })}
        </Typography.Text>
        <div style={{ fontSize: 12 }}>
          <LotSmePolicy lot={lot} />
        </div>
        {barred && open ? (
          <Alert
            type="error"
            showIcon
            title={t(lot.smallMicroOnly ? 'tender.bid.barredSmallMicro' : 'tender.bid.barredLarge')}
            data-testid="bid-barred"
          />
        ) : null}
        {fresh && !editing ? (
          <ReceiptKeyNotice
            receipt={fresh.receipt}
            fileName={`投标回执-${tender.tenderNo}-第${lot.lotNo}包-第${fresh.receipt.version}版.json`}
            process={{
              kind: 'tender-bid',
              tenderId: tender.id,
              tenderNo: tender.tenderNo,
              lotId: lot.id,
              lotNo: lot.lotNo,
              documentsVersion: fresh.receipt.documentsVersion,
            }}
            verify={{ path: apiPath('/api/public/tenders/{id}/receipts/verify', { id: tender.id }), body: { bid: fresh.sent } }}
            onDismiss={() => setFresh(null)}
          />
        ) : null}
        {receipt && !editing ? (
          <ReceiptBlock
            tender={tender}
            lot={lot}
            receipt={receipt}
            open={open}
            queued={queued}
            onQueuedTaken={forgetQueued}
            onReplace={() => setEditing(true)}
          />
        ) : null}
        {showForm ? (
          <BidForm
            tender={tender}
            lot={lot}
            sizeClass={sizeClass}
            standing={standing}
            replacing={!!receipt && receipt.status === 'submitted'}
            onDone={(r, sent, files) => {
              setFresh({ receipt: r, sent });
              setQueued(files);
              setEditing(false);
            }}
          />
        ) : null}
        {!open && !receipt ? <Typography.Text type="secondary">{t('tender.bid.noBid')}</Typography.Text> : null}
      </Flex>
    </Card>
  );
}

/** 提问: a question to the center about the documents; the answer is published on this page. */
function AskCard({ tender }: { tender: Tender }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const ask = useAskQuestion();
  const [form] = Form.useForm<{ question: string }>();
  const problem = useFormProblem(form, ['question']);
  // Published answers, and this supplier's own questions still waiting for one.
  const answered = tender.clarifications.filter((c) => c.answer !== null || c.askedByMe);
  return (
    <Card title={t('tender.detail.clarifications')} size="small" data-testid="ask-card">
      <Flex vertical gap={16}>
        <ClarificationList items={answered} emptyText={t('tender.clarify.none')} />
        {biddingOpen(tender) ? (
          <Form
            form={form}
            layout="vertical"
            name="ask"
            disabled={ask.isPending}
            onFinish={(v) =>
              ask.mutate(
                { tenderId: tender.id, question: v.question.trim() },
                {
                  onSuccess: () => {
                    void message.success(t('tender.ask.sent'));
                    form.resetFields();
                  },
                  onError: problem.onError,
                },
              )
            }
          >
            {problem.formError ? <Alert type="error" showIcon title={problem.formError} style={{ marginBottom: 12 }} /> : null}
            <Form.Item
              name="question"
              label={t('tender.ask.label')}
              required
              rules={[zodRule(questionInput.shape.question, t('tender.ask.label'), t)]}
              extra={t('tender.ask.hint')}
            >
              <Input.TextArea rows={3} maxLength={4000} />
            </Form.Item>
            <Button icon={<QuestionCircleOutlined />} htmlType="submit" loading={ask.isPending} data-testid="ask-question">
              {t('tender.ask.submit')}
            </Button>
          </Form>
        ) : null}
      </Flex>
    </Card>
  );
}

/** 投标 (supplier): the announcement and documents, a question, a sealed bid per lot with its receipt; after the opening the record. */
export default function SupplierTenderPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const session = useCurrentSession();
  const state = loadedTender(useTender(id));
  const bids = useMyBids(id);
  const org = useOrganization(session.organization.id);
  if (!state.tender) return state.node;
  const tender = state.tender;
  const sizeClass = org.data?.sizeClass ?? null;
  const standing = smeStandingOf({ sizeClass, smeTreatment: org.data?.smeTreatment ?? null });
  const receipts = bids.data ?? [];
  const live = receipts.filter((r) => r.status === 'submitted').length;
  return (
    <>
      <PageTitle
        extra={
          <Link to="/supplier/tenders">
            <Button icon={<ArrowLeftOutlined />}>{t('tender.detail.back')}</Button>
          </Link>
        }
      >
        <TenderTitle tender={tender} extra={live > 0 ? <Tag color="green">{t('tender.bid.sealedCount', { n: live })}</Tag> : null} />
      </PageTitle>
      <Flex vertical gap={16}>
        <Card title={t('tender.detail.progress')} size="small">
          <TenderProgress tender={tender} />
        </Card>
        <AwardNoticeCard tender={tender} />
        {tender.openingRecord !== null ? <BidsCard tender={tender} mine={session.organization.id} /> : null}
        <InvalidBidsCard tender={tender} />
        <Row gutter={[16, 16]}>
          {/* The bids first: on a phone the task comes before the reading. */}
          <Col xs={24} xl={12}>
            <Flex vertical gap={16}>
              <Typography.Title level={5} style={{ margin: 0 }}>
                {t('tender.bid.title')}
              </Typography.Title>
              {bids.isError ? <Alert type="error" showIcon title={problemSummary(bids.error, t)} /> : null}
              {tender.lots.map((lot) => (
                <LotBidCard
                  key={lot.id}
                  tender={tender}
                  lot={lot}
                  receipt={receipts.find((r) => r.lotId === lot.id)}
                  sizeClass={sizeClass}
                  standing={standing}
                  ready={!bids.isPending}
                />
              ))}
              <LotsCard tender={tender} />
            </Flex>
          </Col>
          <Col xs={24} xl={12}>
            <Flex vertical gap={16}>
              <Card title={t('tender.detail.overview')} size="small">
                <TenderOverview tender={tender} narrow />
              </Card>
              <ProcedureCard tender={tender} role="supplier" />
              <ClocksCard tender={tender} />
              <DocumentsCard tender={tender} />
              <ContractsCard tender={tender} />
              <AskCard tender={tender} />
            </Flex>
          </Col>
        </Row>
      </Flex>
    </>
  );
}
