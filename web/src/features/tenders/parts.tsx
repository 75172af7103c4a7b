import { CheckCircleOutlined, CloseCircleOutlined, LockOutlined } from '@ant-design/icons';
import { Alert, Descriptions, Empty, Flex, Grid, Steps, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Deadline } from '../../app/components/Deadline.tsx';
import { SmeStatementButton } from '../../app/components/SmeStatement.tsx';
import { formatBeijing, formatMoney, useFormat } from '../../app/format.ts';
import { useLanguage } from '../../app/i18n/index.ts';
import { SizeClassTag } from '../catalogue/parts.tsx';
import { money, Sha } from '../quotations/parts.tsx';
import type { BidReceipt, Clarification, Lot, OpeningRow, Tender, TenderStatus } from './api.ts';
import { methodOf, percentOfRate } from './schema.ts';
import { useServerText } from '../../app/serverText.ts';

// One colour per tender state: drafting (grey), open for bids (blue), opened and being evaluated (cyan,
// geekblue), awarded and contracted (green, lime), the challenge period (orange), failed (red), ended (grey).
export const tenderStatusColors: Record<TenderStatus, string> = {
  draft: 'default',
  bidding: 'blue',
  opened: 'cyan',
  evaluation: 'geekblue',
  awarded: 'green',
  challenge: 'orange',
  contracted: 'lime',
  failed: 'red',
  cancelled: 'default',
};

/** A tender's state, 草稿 … 已终止, one colour per state everywhere. */
export function TenderStatusTag({ status }: { status: TenderStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={tenderStatusColors[status]} style={{ marginInlineEnd: 0 }} data-testid="tender-status">
      {t(`tender.status.${status}`)}
    </Tag>
  );
}

/** Whether the deadline has passed by this browser's clock (the server's clock decides; this only words the page). */
export const pastDeadline = (t: Pick<Tender, 'deadline'>) => Date.parse(t.deadline) <= Date.now();

/** Bidding is open now: announced and before the deadline. */
export const biddingOpen = (t: Pick<Tender, 'status' | 'deadline'>) => t.status === 'bidding' && !pastDeadline(t);

export const budgetTotal = (t: Pick<Tender, 'lots'>) => t.lots.reduce((sum, l) => sum + l.budgetFen, 0);

/** The method's name in the reader's language. */
export function useMethodName() {
  const english = useLanguage() === 'en';
  return (code: string, fallback?: string) => {
    const m = methodOf(code);
    return m ? (english ? m.nameEn : m.name) : (fallback ?? code);
  };
}

const isoInText = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g;

/** A server note with UTC timestamps in it ("招标文件已于 2026-11-30T06:51:14.663Z 修改…") read in Beijing time. */
export function noteInBeijingTime(note: string): string {
  return note.replace(isoInText, (iso) => formatBeijing(iso, 'YYYY-MM-DD HH:mm:ss'));
}

/** The exact moment of a receipt, to the millisecond, in Beijing time. */
export function useExactTime() {
  const { t } = useTranslation();
  return (iso: string) => `${formatBeijing(iso, 'YYYY-MM-DD HH:mm:ss.SSS')} (${t('common.beijingTime')})`;
}

/**
 * The opening's outcome per lot in the reader's language (the server's note is in Chinese only):
 * valid bids counted as the server counts them — bids of one brand are one bidder (财政部令第87号第三十一条).
 */
export function openingSummary(tender: Tender, t: TFunction): string {
  const min = methodOf(tender.methodCode)?.minBidders ?? 3;
  return tender.lots
    .map((lot) => {
      const opened = (tender.openingRecord ?? []).filter((r) => r.lotId === lot.id && r.status === 'opened');
      const valid = new Set(
        opened.map((r) => (r.brand && r.brand.trim() ? `brand:${r.brand.trim().toLowerCase()}` : `supplier:${r.supplierId}`)),
      ).size;
      return lot.status === 'failed'
        ? t('tender.opening.lotFailed', { n: lot.lotNo, valid, min })
        : t('tender.opening.lotValid', { n: lot.lotNo, valid });
    })
    .join(t('tender.opening.separator'));
}

type StepKey = 'draft' | 'bidding' | 'opening' | 'evaluation' | 'award' | 'contract';
const stepKeys: StepKey[] = ['draft', 'bidding', 'opening', 'evaluation', 'award', 'contract'];
const stepOf: Record<TenderStatus, number> = {
  draft: 0,
  bidding: 1,
  opened: 2,
  evaluation: 3,
  awarded: 4,
  challenge: 4,
  contracted: 5,
  failed: 2,
  cancelled: 0,
};

/**
 * 项目进度: 编制 → 公告与投标 → 开标 → 评审 → 定标 → 合同, the current step and, under it, what happens
 * next and when (UI.md: Steps for every state machine).
 */
export function TenderProgress({ tender }: { tender: Tender }) {
  const { t } = useTranslation();
  const words = useServerText();
  const format = useFormat();
  const method = methodOf(tender.methodCode);
  const passed = pastDeadline(tender);
  const current =
    tender.status === 'cancelled'
      ? tender.openedAt
        ? 2
        : tender.publishedAt
          ? 1
          : 0
      : tender.status === 'bidding' && passed
        ? 2
        : stepOf[tender.status];
  const status =
    tender.status === 'cancelled' || tender.status === 'failed' ? 'error' : tender.status === 'contracted' ? 'finish' : 'process';
  const contents: Partial<Record<StepKey, string>> = {
    draft: tender.publishedAt ? t('tender.steps.publishedAt', { at: format.dateTime(tender.publishedAt) }) : t('tender.steps.drafting'),
    bidding: t('tender.steps.until', { deadline: format.dateTime(tender.deadline) }),
    opening: tender.openedAt ? format.dateTime(tender.openedAt) : t('tender.steps.openAuto'),
  };
  let next: string;
  switch (tender.status) {
    case 'draft':
      next = t('tender.next.draft', {
        method: method?.name ?? tender.methodName,
        days: method?.minNoticeDays ?? 0,
        deadline: format.dateTime(tender.deadline),
      });
      break;
    case 'bidding':
      next = passed ? t('tender.next.opening') : t('tender.next.bidding', { deadline: format.dateTime(tender.deadline) });
      break;
    case 'opened':
      next = t('tender.next.opened', { note: openingSummary(tender, t) });
      break;
    case 'failed':
      next = t('tender.next.failed', { note: openingSummary(tender, t) });
      break;
    case 'cancelled':
      next = t('tender.next.cancelled');
      break;
    default:
      // An empty note leaves no empty 接下来 box: the status is said instead.
      next = words(tender.resultNote?.trim()) || t(`tender.status.${tender.status}`);
  }
  const alertType =
    tender.status === 'failed' ? 'error' : tender.status === 'cancelled' ? 'warning' : tender.status === 'draft' ? 'warning' : 'info';
  return (
    <Flex vertical gap={12}>
      <Steps
        size="small"
        current={current}
        status={status}
        items={stepKeys.map((key, i) => ({
          key,
          title:
            i === current && tender.status === 'cancelled'
              ? t('tender.status.cancelled')
              : i === 2 && tender.status === 'failed'
                ? t('tender.status.failed')
                : t(`tender.steps.${key}`),
          ...(contents[key] && (i <= current || key === 'bidding') ? { content: contents[key] } : {}),
        }))}
        data-testid="tender-steps"
      />
      <Alert type={alertType} showIcon title={t('tender.next.title')} description={next} data-testid="tender-next" />
    </Flex>
  );
}

/** The announcement's facts: numbers, method and its rule, parties, deadline, documents version. */
export function TenderOverview({
  tender,
  extra = [],
  narrow = false,
}: {
  tender: Tender;
  extra?: { key: string; label: string; children: React.ReactNode }[];
  narrow?: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const methodName = useMethodName();
  const method = methodOf(tender.methodCode);
  return (
    <Descriptions
      size="small"
      bordered
      column={narrow ? 1 : { xs: 1, sm: 1, md: 2 }}
      styles={{ label: { whiteSpace: 'nowrap' } }}
      data-testid="tender-overview"
      items={[
        { key: 'no', label: t('tender.fields.tenderNo'), children: <span className="hash">{tender.tenderNo}</span> },
        {
          key: 'ocid',
          label: t('tender.fields.ocid'),
          children: (
            <span className="hash" style={{ overflowWrap: 'anywhere' }}>
              {tender.ocid}
            </span>
          ),
        },
        {
          key: 'method',
          label: t('tender.fields.method'),
          children: (
            <span>
              {methodName(tender.methodCode, tender.methodName)}
              {method ? (
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                  {t('tender.method.rule', { days: method.minNoticeDays, min: method.minBidders, basis: method.basis })}
                </Typography.Text>
              ) : null}
            </span>
          ),
        },
        { key: 'kind', label: t('tender.fields.kind'), children: t(`tender.kind.${tender.kind}`) },
        { key: 'purchaser', label: t('tender.fields.purchaser'), children: tender.purchaserName },
        { key: 'center', label: t('tender.fields.center'), children: tender.centerName },
        {
          key: 'budget',
          label: t('tender.fields.budgetTotal'),
          children: <Typography.Text strong>{formatMoney(budgetTotal(tender))}</Typography.Text>,
        },
        { key: 'lots', label: t('tender.fields.lotCount'), children: t('tender.detail.lotCount', { n: tender.lots.length }) },
        { key: 'published', label: t('tender.fields.publishedAt'), children: format.dateTime(tender.publishedAt) },
        {
          key: 'deadline',
          label: t('tender.fields.deadline'),
          children: tender.status === 'bidding' ? <Deadline at={tender.deadline} /> : format.dateTime(tender.deadline),
        },
        ...(tender.openedAt ? [{ key: 'opened', label: t('tender.fields.openedAt'), children: format.dateTime(tender.openedAt) }] : []),
        {
          key: 'version',
          label: t('tender.fields.documentsVersion'),
          children: <span data-testid="documents-version">{t('tender.detail.versionN', { n: tender.documentsVersion })}</span>,
        },
        ...extra,
        ...(tender.description
          ? [
              {
                key: 'description',
                label: t('tender.fields.description'),
                span: 'filled' as const,
                children: <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{tender.description}</div>,
              },
            ]
          : []),
        ...(tender.greenPreference
          ? [{ key: 'green', label: t('tender.fields.greenPreference'), span: 'filled' as const, children: tender.greenPreference }]
          : []),
      ]}
    />
  );
}

/** 评审方法 of a lot in words: lowest price, or the weights of price and the other factors. */
function EvaluationText({ lot }: { lot: Lot }) {
  const { t } = useTranslation();
  if (lot.evaluationMethod === 'lowest_price') return <span>{t('tender.evaluation.lowest_price')}</span>;
  return (
    <span>
      {t('tender.evaluation.comprehensive')}
      <ul className="plain-list" style={{ fontSize: 12 }}>
        {lot.priceWeight ? <li>{t('tender.lot.priceWeightIs', { pct: percentOfRate(lot.priceWeight) })}</li> : null}
        {lot.criteria.map((c) => (
          <li key={c.key}>{t('tender.lot.criterionIs', { name: c.name, pct: percentOfRate(c.weight) })}</li>
        ))}
      </ul>
    </span>
  );
}

/** 中小企业政策 of a lot, with its basis (财库〔2020〕46号). */
export function LotSmePolicy({
  lot,
}: {
  lot: Pick<Lot, 'smeReserved' | 'smallMicroOnly' | 'smeDeductionRate'> & { consortiumDeductionRate?: string | null };
}) {
  const { t } = useTranslation();
  return lot.smeReserved ? (
    <span>
      <Tag color="blue">{t(lot.smallMicroOnly ? 'tender.sme.smallMicroTag' : 'tender.sme.reservedTag')}</Tag>
      {t(lot.smallMicroOnly ? 'tender.sme.smallMicro' : 'tender.sme.reserved')}
    </span>
  ) : (
    <span>
      <Tag color="purple">{t('tender.sme.deductionTag', { pct: percentOfRate(lot.smeDeductionRate) })}</Tag>
      {t('tender.sme.deduction', { pct: percentOfRate(lot.smeDeductionRate) })}
      {lot.consortiumDeductionRate ? (
        <>
          <br />
          <Tag color="purple">{t('tender.sme.consortiumTag', { pct: percentOfRate(lot.consortiumDeductionRate) })}</Tag>
          {t('tender.sme.consortium', { pct: percentOfRate(lot.consortiumDeductionRate) })}
        </>
      ) : null}
    </span>
  );
}

const lotStatusColors: Record<string, string> = { open: 'blue', opened: 'cyan', failed: 'red', awarded: 'green' };

export function LotStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  const known = status === 'open' || status === 'opened' || status === 'failed' || status === 'awarded';
  return <Tag color={lotStatusColors[status] ?? 'default'}>{known ? t(`tender.lotStatus.${status}`) : status}</Tag>;
}

/** One lot as published: budget, what is bought, how it is evaluated, the SME policy and the bond. */
export function LotDescriptions({ lot }: { lot: Lot }) {
  const { t } = useTranslation();
  // A phone's width: each label above its value (side by side, a long English label pushed the page sideways).
  const screens = Grid.useBreakpoint();
  const phone = Object.keys(screens).length > 0 && !screens.sm;
  return (
    <Flex vertical gap={8} data-testid="lot">
      <Descriptions
        size="small"
        bordered
        layout={phone ? 'vertical' : 'horizontal'}
        column={{ xs: 1, sm: 1, md: 2 }}
        styles={{ label: { whiteSpace: phone ? 'normal' : 'nowrap' } }}
        items={[
          {
            key: 'budget',
            label: t('tender.lot.budget'),
            children: (
              <Typography.Text strong data-testid="lot-budget">
                {formatMoney(lot.budgetFen)}
              </Typography.Text>
            ),
          },
          { key: 'status', label: t('tender.lot.status'), children: <LotStatusTag status={lot.status} /> },
          { key: 'evaluation', label: t('tender.lot.evaluation'), children: <EvaluationText lot={lot} /> },
          {
            key: 'bond',
            label: t('tender.lot.bidBond'),
            children: lot.bidBondFen > 0 ? formatMoney(lot.bidBondFen) : t('tender.lot.noBond'),
          },
          { key: 'sme', label: t('tender.lot.sme'), span: 'filled', children: <LotSmePolicy lot={lot} /> },
          {
            key: 'green',
            label: t('tender.form.green.on'),
            span: 'filled',
            children: lot.greenBonusPoints
              ? t('tender.bid.green.bonus', { points: lot.greenBonusPoints })
              : lot.greenDeductionRate
                ? t('tender.bid.green.deduction', { pct: percentOfRate(lot.greenDeductionRate) })
                : t('tender.bid.green.none'),
          },
        ]}
      />
      <Table
        rowKey={(_, i) => String(i)}
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={lot.items}
        columns={[
          {
            key: 'name',
            dataIndex: 'name',
            title: t('tender.item.name'),
            render: (v: string) => <span style={{ display: 'inline-block', minWidth: 100, maxWidth: 220, whiteSpace: 'normal' }}>{v}</span>,
          },
          { key: 'quantity', dataIndex: 'quantity', title: t('tender.item.quantity'), align: 'right' },
          { key: 'unit', dataIndex: 'unit', title: t('tender.item.unit') },
          {
            key: 'specs',
            dataIndex: 'specs',
            title: t('tender.item.specs'),
            render: (v: string) => (
              <span style={{ display: 'inline-block', minWidth: 160, maxWidth: 420, whiteSpace: 'pre-wrap' }}>{v || '—'}</span>
            ),
          },
        ]}
      />
    </Flex>
  );
}

export const lotTitle = (lot: Pick<Lot, 'lotNo' | 'name'>, t: TFunction) => t('tender.lot.title', { n: lot.lotNo, name: lot.name });

/** 招标文件: the full text as published, its version, scrollable within the card. */
export function DocumentsText({ tender }: { tender: Tender }) {
  return (
    <div
      style={{
        whiteSpace: 'pre-wrap',
        overflowWrap: 'anywhere',
        maxHeight: 420,
        overflowY: 'auto',
        padding: 12,
        background: '#fafbfd',
        border: '1px solid #e6e9f0',
        borderRadius: 4,
      }}
      data-testid="documents-text"
    >
      {tender.documents}
    </div>
  );
}

/** 澄清与修改: each answer with its question, whether it changed the documents and moved the deadline. */
export function ClarificationList({ items, emptyText }: { items: Clarification[]; emptyText: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} />;
  return (
    <Flex vertical gap={12} data-testid="clarifications">
      {items.map((c) => (
        <div key={c.id} style={{ borderInlineStart: '3px solid #d6deeb', paddingInlineStart: 12 }} data-testid="clarification">
          <Flex gap={6} wrap align="center" style={{ marginBottom: 4 }}>
            {c.answer === null ? (
              <Tag color="gold" data-testid="question-pending">
                {t('tender.clarify.pendingMine')}
              </Tag>
            ) : c.changesDocuments ? (
              <Tag color="orange">{t('tender.clarify.amendmentTag')}</Tag>
            ) : (
              <Tag color="blue">{c.question ? t('tender.clarify.answerTag') : t('tender.clarify.noticeTag')}</Tag>
            )}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {format.dateTime(c.answeredAt ?? c.createdAt)}
            </Typography.Text>
          </Flex>
          {c.question ? (
            <Typography.Paragraph style={{ marginBottom: 4, whiteSpace: 'pre-wrap' }}>
              <Typography.Text type="secondary">{t('tender.clarify.q')}</Typography.Text>
              {c.question}
            </Typography.Paragraph>
          ) : null}
          {c.answer ? (
            <Typography.Paragraph style={{ marginBottom: 4, whiteSpace: 'pre-wrap' }}>
              <Typography.Text type="secondary">{t('tender.clarify.a')}</Typography.Text>
              {c.answer}
            </Typography.Paragraph>
          ) : null}
          {c.deadlineMovedTo ? (
            <Typography.Text type="warning" data-testid="deadline-moved">
              {t('tender.clarify.deadlineMoved', { at: format.dateTime(c.deadlineMovedTo) })}
            </Typography.Text>
          ) : null}
        </div>
      ))}
    </Flex>
  );
}

/** While bidding nothing of a bid is shown, not even how many there are: said plainly where the record will be. */
export function SealedNotice({ tender }: { tender: Tender }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (tender.status === 'draft')
    return (
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('tender.sealed.draft')}
      </Typography.Paragraph>
    );
  if (tender.status === 'cancelled' && !tender.openedAt)
    return (
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('tender.sealed.cancelled')}
      </Typography.Paragraph>
    );
  return (
    <Alert
      type="info"
      icon={<LockOutlined />}
      showIcon
      title={t('tender.sealed.title')}
      description={
        pastDeadline(tender) ? t('tender.sealed.opening') : t('tender.sealed.body', { deadline: format.dateTime(tender.deadline) })
      }
      data-testid="sealed-notice"
    />
  );
}

const bidStatusColors: Record<string, string> = {
  submitted: 'green',
  withdrawn: 'default',
  invalidated: 'red',
  opened: 'cyan',
  rejected: 'red',
};

export function BidStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  const known =
    status === 'submitted' || status === 'withdrawn' || status === 'invalidated' || status === 'opened' || status === 'rejected';
  return (
    <Tag
      color={bidStatusColors[status] ?? 'default'}
      icon={status === 'submitted' ? <LockOutlined /> : undefined}
      style={{ marginInlineEnd: 0 }}
      data-testid="bid-status"
    >
      {known ? t(`tender.bidStatus.${status}`) : status}
    </Tag>
  );
}

/** 投标回执: what the supplier can prove it sent (exact time, SHA-256, version, the documents it answered). */
export function BidReceiptDescriptions({ receipt }: { receipt: BidReceipt }) {
  const { t } = useTranslation();
  const words = useServerText();
  const exact = useExactTime();
  return (
    <Descriptions
      size="small"
      bordered
      column={1}
      styles={{ label: { whiteSpace: 'nowrap' } }}
      data-testid="bid-receipt"
      items={[
        {
          key: 'status',
          label: t('tender.receipt.status'),
          children: (
            <Flex vertical gap={4}>
              <span>
                <BidStatusTag status={receipt.status} />
              </span>
              {receipt.statusNote ? (
                <Typography.Text
                  type={receipt.status === 'invalidated' || receipt.status === 'rejected' ? 'danger' : 'secondary'}
                  style={{ fontSize: 12 }}
                  data-testid="bid-status-note"
                >
                  {noteInBeijingTime(words(receipt.statusNote))}
                </Typography.Text>
              ) : null}
            </Flex>
          ),
        },
        {
          key: 'version',
          label: t('tender.receipt.version'),
          children: <span data-testid="receipt-version">{t('tender.receipt.versionN', { n: receipt.version })}</span>,
        },
        {
          key: 'docs',
          label: t('tender.receipt.documentsVersion'),
          children: <span data-testid="receipt-documents-version">{t('tender.detail.versionN', { n: receipt.documentsVersion })}</span>,
        },
        {
          key: 'time',
          label: t('tender.receipt.submittedAt'),
          children: <span data-testid="receipt-time">{exact(receipt.submittedAt)}</span>,
        },
        { key: 'sha', label: t('tender.receipt.commitment'), children: <Sha value={receipt.commitment} full /> },
      ]}
    />
  );
}

/**
 * 开标一览表, one table per lot: every bid opened once at the deadline, with the price, the bidder's size,
 * the SME declaration, the deduction and the evaluation price, or why it was rejected.
 */
export function OpeningRecord({ tender, mine }: { tender: Tender; mine?: string | undefined }) {
  const { t } = useTranslation();
  const words = useServerText();
  const exact = useExactTime();
  const rows = tender.openingRecord ?? [];
  const columns: TableColumnsType<OpeningRow> = [
    {
      key: 'supplier',
      dataIndex: 'supplierName',
      title: t('tender.opening.supplier'),
      fixed: 'left',
      render: (name: string, r) => (
        <div style={{ minWidth: 140, maxWidth: 240, whiteSpace: 'normal' }}>
          <span data-testid="opening-supplier">{name}</span>
          {mine && r.supplierId === mine ? (
            <Tag color="blue" style={{ marginInlineStart: 6 }}>
              {t('tender.opening.mine')}
            </Tag>
          ) : null}
        </div>
      ),
    },
    {
      key: 'size',
      dataIndex: 'sizeClass',
      title: t('tender.opening.sizeClass'),
      render: (s: string | null) => (s ? <SizeClassTag sizeClass={s} /> : '—'),
    },
    {
      key: 'price',
      dataIndex: 'priceFen',
      title: t('tender.opening.price'),
      align: 'right',
      render: (v: number) => <span data-testid="opening-price">{money(v)}</span>,
    },
    {
      key: 'brand',
      dataIndex: 'brand',
      title: t('tender.opening.brand'),
      render: (v: string | null, r) => (
        <span>
          {v ?? '—'}
          {r.sameBrand ? (
            <Tag color="orange" style={{ marginInlineStart: 6 }} data-testid="same-brand">
              {t('tender.results.sameBrand')}
            </Tag>
          ) : null}
        </span>
      ),
    },
    {
      key: 'sme',
      dataIndex: 'smeDeclared',
      title: t('tender.opening.smeDeclared'),
      render: (v: boolean, r) =>
        v ? (
          <Flex gap={4} align="center" wrap>
            <Tag color="blue">{t('tender.opening.declared')}</Tag>
            {r.smeStatement ? <SmeStatementButton text={r.smeStatement} supplier={r.supplierName} testId="opening-sme-statement" /> : null}
          </Flex>
        ) : (
          <Typography.Text type="secondary">{t('tender.opening.notDeclared')}</Typography.Text>
        ),
    },
    {
      key: 'deduction',
      dataIndex: 'deductionRate',
      title: t('tender.opening.deduction'),
      align: 'right',
      render: (rate: string) =>
        Number(rate) > 0 ? (
          <Tag color="purple" style={{ marginInlineEnd: 0 }} data-testid="opening-deduction">{`${percentOfRate(rate)}%`}</Tag>
        ) : (
          <Typography.Text type="secondary">{t('tender.opening.noDeduction')}</Typography.Text>
        ),
    },
    {
      key: 'green',
      title: t('tender.opening.green'),
      render: (_: unknown, r) =>
        r.greenCertificate ? (
          <div style={{ minWidth: 160, maxWidth: 260, whiteSpace: 'normal', fontSize: 12 }} data-testid="opening-green">
            <Tag color={r.greenValid ? 'green' : 'default'}>
              {r.greenValid ? t('tender.opening.greenValid') : t('tender.opening.greenExpired')}
            </Tag>
            <div>
              {t(`tender.bid.green.kinds.${r.greenCertificate.kind}`)} {r.greenCertificate.number}
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.greenCertificate.issuer} · {t('tender.bid.labels.greenValidUntil')} {r.greenCertificate.validUntil}
            </Typography.Text>
          </div>
        ) : (
          <Typography.Text type="secondary">{t('tender.opening.greenNone')}</Typography.Text>
        ),
    },
    {
      key: 'evaluation',
      dataIndex: 'evaluationPriceFen',
      title: t('tender.opening.evaluation'),
      align: 'right',
      render: (v: number) => (
        <Typography.Text strong data-testid="opening-evaluation">
          {money(v)}
        </Typography.Text>
      ),
    },
    {
      key: 'status',
      title: t('tender.opening.status'),
      render: (_: unknown, r) =>
        r.status === 'rejected' ? (
          <div style={{ minWidth: 180, maxWidth: 320, whiteSpace: 'normal' }}>
            <Tag color="red" icon={<CloseCircleOutlined />}>
              {t('tender.bidStatus.rejected')}
            </Tag>
            <Typography.Text type="danger" style={{ display: 'block', fontSize: 12 }}>
              {r.statusNote ? noteInBeijingTime(words(r.statusNote)) : null}
            </Typography.Text>
          </div>
        ) : (
          <Tag color="green" icon={<CheckCircleOutlined />} style={{ marginInlineEnd: 0 }}>
            {t('tender.bidStatus.opened')}
          </Tag>
        ),
    },
    {
      key: 'receipt',
      title: t('tender.opening.receipt'),
      render: (_: unknown, r) => (
        <span style={{ whiteSpace: 'nowrap', fontSize: 12 }}>
          {exact(r.submittedAt)}
          <br />
          <Sha value={r.commitment} />
        </span>
      ),
    },
  ];
  return (
    <Flex vertical gap={16} data-testid="opening-record">
      <Typography.Text data-testid="opening-summary">{openingSummary(tender, t)}</Typography.Text>
      {tender.lots.map((lot) => {
        const inLot = rows.filter((r) => r.lotId === lot.id);
        return (
          <Flex vertical gap={6} key={lot.id} data-testid="opening-lot">
            <Flex gap={8} wrap align="center">
              <Typography.Text strong>{lotTitle(lot, t)}</Typography.Text>
              <LotStatusTag status={lot.status} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('tender.opening.lotBudget', { budget: formatMoney(lot.budgetFen) })}
              </Typography.Text>
            </Flex>
            <Table<OpeningRow>
              rowKey={(r) => `${r.lotId}:${r.supplierId}`}
              size="small"
              columns={columns}
              dataSource={inLot}
              pagination={false}
              scroll={{ x: 'max-content' }}
              rowClassName={(r) => (mine && r.supplierId === mine ? 'row-mine' : '')}
              locale={{ emptyText: t('tender.opening.noBids') }}
              data-testid="opening-table"
            />
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }}>
              {lot.smeReserved ? t('tender.opening.ruleReserved') : t('tender.opening.rule', { pct: percentOfRate(lot.smeDeductionRate) })}
            </Typography.Paragraph>
          </Flex>
        );
      })}
    </Flex>
  );
}

/** The bids section of a tender page: the sealed notice before the opening, the record after it. */
export function BidsSection({ tender, mine }: { tender: Tender; mine?: string | undefined }) {
  return tender.openingRecord === null ? <SealedNotice tender={tender} /> : <OpeningRecord tender={tender} mine={mine} />;
}
