import { CheckCircleOutlined, LockOutlined, TrophyOutlined } from '@ant-design/icons';
import { Alert, Descriptions, Flex, Steps, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Deadline } from '../../app/components/Deadline.tsx';
import { SmeStatementButton } from '../../app/components/SmeStatement.tsx';
import { formatMoney, useFormat } from '../../app/format.ts';
import { useLanguage } from '../../app/i18n/index.ts';
import { quotationStatusColors } from '../../app/theme.ts';
import { SizeClassTag, useCategoryIndex } from '../catalogue/parts.tsx';
import type { SpecField } from '../public/api.ts';
import type { Quotation, QuotationStatus, Receipt, ResultQuote } from './api.ts';
import { percentOfRate } from '@contracts/rates.ts';

/** Money in a table cell or a figure: never wrapped, digits aligned. */
export const money = (fen: number | null | undefined) =>
  fen === null || fen === undefined ? (
    <Typography.Text type="secondary">—</Typography.Text>
  ) : (
    <span style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>{formatMoney(fen)}</span>
  );

/** "0.10" → 10: the API's decimal rate as a percentage, exactly (contracts/rates.ts). */
export const ratePercent = percentOfRate;

/** A quotation's state, 报价中 … 已撤销, one colour per state everywhere. */
export function QuotationStatusTag({ status }: { status: QuotationStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={quotationStatusColors[status]} style={{ marginInlineEnd: 0 }} data-testid="quotation-status">
      {t(`quotation.status.${status}`)}
    </Tag>
  );
}

/** Whether the deadline has passed by this browser's clock (the server's clock decides; this only words the page). */
export const pastDeadline = (q: Pick<Quotation, 'deadline'>) => Date.parse(q.deadline) <= Date.now();

/** The category of a quotation with its spec fields, once the catalogue has loaded. */
export function useSpecFields(categoryCode: string | undefined): SpecField[] {
  const { byCode } = useCategoryIndex();
  return useMemo(() => (categoryCode ? (byCode.get(categoryCode)?.specSchema ?? []) : []), [byCode, categoryCode]);
}

/** A spec label in the current language, with its unit. */
export function useSpecLabel() {
  const english = useLanguage() === 'en';
  return (f: SpecField) => `${english && f.labelEn ? f.labelEn : f.label}${f.unit ? `（${f.unit}）` : ''}`;
}

/** "打印速度 ≥ 30 页/分钟；最大幅面 A3": what the purchaser requires, by the category's spec fields. */
export function SpecRequirements({
  specs,
  fields,
  empty,
}: {
  specs: Record<string, string | number>;
  fields: readonly SpecField[];
  empty?: string;
}) {
  const { t } = useTranslation();
  const english = useLanguage() === 'en';
  const entries = Object.entries(specs).filter(([, v]) => v !== '');
  if (entries.length === 0) return <Typography.Text type="secondary">{empty ?? t('quotation.detail.noSpecs')}</Typography.Text>;
  const byKey = new Map(fields.map((f) => [f.key, f]));
  return (
    <ul className="plain-list" data-testid="spec-requirements">
      {entries.map(([key, value]) => {
        const f = byKey.get(key);
        const name = f ? (english && f.labelEn ? f.labelEn : f.label) : key;
        const unit = f?.unit ? ` ${f.unit}` : '';
        return (
          <li key={key}>
            {f?.type === 'number' ? t('quotation.detail.specMin', { name, value, unit }) : t('quotation.detail.specIs', { name, value })}
          </li>
        );
      })}
    </ul>
  );
}

/** The SME policy of the quotation, in words, with its basis (财库〔2020〕46号). */
export function SmePolicy({ q }: { q: Pick<Quotation, 'reservedForSme' | 'smeDeductionRate'> }) {
  const { t } = useTranslation();
  return q.reservedForSme ? (
    <span>
      <Tag color="blue">{t('quotation.sme.reservedTag')}</Tag>
      {t('quotation.sme.reserved')}
    </span>
  ) : (
    <span>
      <Tag color="purple">{t('quotation.sme.deductionTag', { rate: ratePercent(q.smeDeductionRate) })}</Tag>
      {t('quotation.sme.deduction', { rate: ratePercent(q.smeDeductionRate) })}
    </span>
  );
}

/** The requirement as published: what is bought, how much it may cost, by when, and the policies that apply. */
export function RequirementDescriptions({
  q,
  extra = [],
  narrow = false,
}: {
  q: Quotation;
  extra?: { key: string; label: string; children: React.ReactNode }[];
  narrow?: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const fields = useSpecFields(q.categoryCode);
  const { name } = useCategoryIndex();
  return (
    <Descriptions
      size="small"
      bordered
      column={narrow ? 1 : { xs: 1, sm: 1, md: 2 }}
      styles={{ label: { whiteSpace: 'nowrap' } }}
      data-testid="requirement"
      items={[
        { key: 'no', label: t('quotation.fields.quotationNo'), children: <span className="hash">{q.quotationNo}</span> },
        { key: 'purchaser', label: t('quotation.fields.purchaser'), children: q.purchaserName },
        {
          key: 'category',
          label: t('quotation.fields.category'),
          children: (
            <span>
              <span className="hash">{q.categoryCode}</span>{' '}
              {name(q.categoryCode) === q.categoryCode ? q.categoryName : name(q.categoryCode)}
            </span>
          ),
        },
        { key: 'quantity', label: t('quotation.fields.quantity'), children: q.quantity },
        {
          key: 'ceiling',
          label: t('quotation.fields.ceiling'),
          children: (
            <span>
              <Typography.Text strong data-testid="requirement-ceiling">
                {formatMoney(q.ceilingFen)}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                {t('quotation.detail.ceilingPerUnit', { unit: formatMoney(Math.floor(q.ceilingFen / q.quantity)) })}
              </Typography.Text>
            </span>
          ),
        },
        { key: 'deliveryDays', label: t('quotation.fields.deliveryDays'), children: t('quotation.detail.days', { n: q.deliveryDays }) },
        { key: 'sme', label: t('quotation.fields.sme'), span: 'filled', children: <SmePolicy q={q} /> },
        ...(q.greenMandatory
          ? [
              {
                key: 'green',
                label: t('quotation.fields.green'),
                span: 'filled' as const,
                children: (
                  <span>
                    <Tag color="red">{t('status.mandatory')}</Tag>
                    {t('quotation.detail.greenMandatory')}
                  </span>
                ),
              },
            ]
          : []),
        { key: 'minQuotes', label: t('quotation.fields.minQuotes'), children: t('quotation.detail.minQuotes', { n: q.minQuotes }) },
        { key: 'createdAt', label: t('quotation.fields.createdAt'), children: format.dateTime(q.createdAt) },
        { key: 'deadline', label: t('quotation.fields.deadline'), children: <Deadline at={q.deadline} /> },
        { key: 'address', label: t('quotation.fields.deliveryAddress'), children: q.deliveryAddress },
        { key: 'contact', label: t('quotation.fields.contact'), children: `${q.contactName} · ${q.contactPhone}` },
        ...extra,
        {
          key: 'specs',
          label: t('quotation.fields.specs'),
          span: 'filled',
          children: <SpecRequirements specs={q.specs} fields={fields} />,
        },
        {
          key: 'requirements',
          label: t('quotation.fields.requirements'),
          span: 'filled',
          children: <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{q.requirements}</div>,
        },
      ]}
    />
  );
}

/** The result in the reader's language, from the published quotes (the server's note is in Chinese only). */
function resultText(q: Quotation, t: TFunction): string {
  const valid = q.quotes.filter((x) => x.compliant).length;
  const winner = q.quotes.find((x) => x.rank === 1);
  if (q.status === 'awarded' && winner && winner.totalFen !== null && winner.evaluationFen !== null) {
    return t('quotation.next.awarded', {
      valid,
      supplier: winner.supplierName,
      total: formatMoney(winner.totalFen),
      evaluation: formatMoney(winner.evaluationFen),
    });
  }
  if (q.status === 'failed') return t('quotation.next.failed', { n: q.quoteCount ?? q.quotes.length, valid, min: q.minQuotes });
  return q.resultNote ?? t(`quotation.status.${q.status}`);
}

type StepKey = 'post' | 'seal' | 'open' | 'result';

/**
 * 竞价进度: 发布需求 → 密封报价 → 开启评审 → 结果公告, the current step and, under it, what happens
 * next and when (UI.md: Steps for every state machine).
 */
export function QuotationProgress({ q }: { q: Quotation }) {
  const { t } = useTranslation();
  const format = useFormat();
  const passed = pastDeadline(q);
  const keys: StepKey[] = ['post', 'seal', 'open', 'result'];
  const current = q.status === 'open' ? (passed ? 2 : 1) : q.status === 'cancelled' ? 1 : 3;
  const status = q.status === 'cancelled' || q.status === 'failed' ? 'error' : q.status === 'awarded' ? 'finish' : 'process';
  const descriptions: Record<StepKey, string> = {
    post: format.dateTime(q.createdAt),
    seal: t('quotation.steps.sealUntil', { deadline: format.dateTime(q.deadline) }),
    open: q.closedAt ? format.dateTime(q.closedAt) : t('quotation.steps.openAuto'),
    result:
      q.status === 'awarded'
        ? t('quotation.status.awarded')
        : q.status === 'failed'
          ? t('quotation.status.failed')
          : t('quotation.steps.resultAuto'),
  };
  const next =
    q.status === 'open'
      ? passed
        ? t('quotation.next.opening')
        : t('quotation.next.open', { deadline: format.dateTime(q.deadline), min: q.minQuotes })
      : q.status === 'cancelled'
        ? t('quotation.next.cancelled', { reason: q.cancelReason ?? t('common.none') })
        : resultText(q, t);
  const alertType = q.status === 'awarded' ? 'success' : q.status === 'open' ? 'info' : q.status === 'failed' ? 'error' : 'warning';
  return (
    <Flex vertical gap={12}>
      <Steps
        size="small"
        current={current}
        status={status}
        items={keys.map((key, i) => ({
          key,
          title: key === 'seal' && q.status === 'cancelled' ? t('quotation.status.cancelled') : t(`quotation.steps.${key}`),
          ...(i <= current || key === 'seal' ? { content: descriptions[key] } : {}),
        }))}
        data-testid="quotation-steps"
      />
      <Alert
        type={alertType}
        showIcon
        title={q.status === 'open' ? t('quotation.next.title') : t('quotation.next.resultTitle')}
        description={next}
        data-testid="quotation-next"
      />
    </Flex>
  );
}

/** While open nothing of a quote is shown, not even how many there are: said plainly where the result will be. */
export function SealedNotice({ q }: { q: Quotation }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Alert
      type="info"
      icon={<LockOutlined />}
      showIcon
      title={t('quotation.sealed.title')}
      description={t('quotation.sealed.body', { deadline: format.dateTime(q.deadline) })}
      data-testid="sealed-notice"
    />
  );
}

/** A receipt's commitment (older rows: its SHA-256): shortened in tables, whole on hover, copyable. */
export function Sha({ value, full = false }: { value: string; full?: boolean }) {
  return full ? (
    <Typography.Text className="hash" copyable style={{ overflowWrap: 'anywhere', wordBreak: 'break-all' }} data-testid="receipt-sha">
      {value}
    </Typography.Text>
  ) : (
    <Tooltip
      title={
        <span className="hash" style={{ wordBreak: 'break-all' }}>
          {value}
        </span>
      }
    >
      <span className="hash">{`${value.slice(0, 12)}…`}</span>
    </Tooltip>
  );
}

/** 报价回执: what the supplier can prove it sent (time, commitment, version), and that nobody can read it yet. */
export function ReceiptDescriptions({ receipt }: { receipt: Receipt }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Descriptions
      size="small"
      bordered
      column={1}
      styles={{ label: { whiteSpace: 'nowrap' } }}
      data-testid="receipt"
      items={[
        { key: 'no', label: t('quotation.fields.quotationNo'), children: <span className="hash">{receipt.quotationNo}</span> },
        {
          key: 'state',
          label: t('quotation.receipt.state'),
          children: receipt.withdrawn ? (
            <Tag color="default">{t('quotation.receipt.withdrawn')}</Tag>
          ) : (
            <Tag color="green" icon={<LockOutlined />}>
              {t('quotation.receipt.sealedTag')}
            </Tag>
          ),
        },
        {
          key: 'version',
          label: t('quotation.receipt.version'),
          children: <span data-testid="receipt-version">{t('quotation.receipt.versionN', { n: receipt.version })}</span>,
        },
        {
          key: 'time',
          label: t('quotation.receipt.submittedAt'),
          children: <span data-testid="receipt-time">{format.dateTime(receipt.submittedAt)}</span>,
        },
        { key: 'sha', label: t('quotation.receipt.commitment'), children: <Sha value={receipt.commitment} full /> },
      ]}
    />
  );
}

/**
 * 竞价结果: every quote opened at the deadline with its price, the small/micro deduction, the
 * evaluation price and whether it complied (or why not), ranked; the winner highlighted.
 */
export function ResultTable({ q, mine }: { q: Quotation; mine?: string | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  const columns: TableColumnsType<ResultQuote> = [
    {
      key: 'rank',
      dataIndex: 'rank',
      title: t('quotation.result.rank'),
      fixed: 'left',
      align: 'center',
      render: (rank: number | null) =>
        rank === null ? (
          <Tag color="red" style={{ marginInlineEnd: 0 }}>
            {t('quotation.result.invalid')}
          </Tag>
        ) : (
          <Typography.Text strong data-testid="result-rank">
            {rank}
          </Typography.Text>
        ),
    },
    {
      key: 'supplier',
      dataIndex: 'supplierName',
      title: t('quotation.result.supplier'),
      render: (name: string, x) => (
        <div style={{ minWidth: 160, maxWidth: 240, whiteSpace: 'normal' }}>
          <span data-testid="result-supplier">{name}</span>
          {x.rank === 1 && q.status === 'awarded' ? (
            <Tag color="gold" icon={<TrophyOutlined />} style={{ marginInlineStart: 6 }}>
              {t('quotation.result.winner')}
            </Tag>
          ) : null}
          {mine && x.supplierId === mine ? (
            <Tag color="blue" style={{ marginInlineStart: 6 }}>
              {t('quotation.result.mine')}
            </Tag>
          ) : null}
        </div>
      ),
    },
    {
      key: 'size',
      dataIndex: 'sizeClass',
      title: t('quotation.result.sizeClass'),
      render: (s: string | null) => (s ? <SizeClassTag sizeClass={s} /> : '—'),
    },
    {
      key: 'offer',
      title: t('quotation.result.offer'),
      render: (_: unknown, x) => (
        <span style={{ display: 'inline-block', minWidth: 100, maxWidth: 180, whiteSpace: 'normal' }}>
          {x.brand ?? '—'}
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }} className="hash">
            {x.model ?? ''}
          </Typography.Text>
        </span>
      ),
    },
    { key: 'unit', dataIndex: 'unitPriceFen', title: t('quotation.result.unitPrice'), align: 'right', render: money },
    {
      key: 'total',
      dataIndex: 'totalFen',
      title: t('quotation.result.total'),
      align: 'right',
      render: (v: number | null) => <span data-testid="result-total">{money(v)}</span>,
    },
    {
      key: 'deduction',
      dataIndex: 'deductionRate',
      title: t('quotation.result.deduction'),
      align: 'right',
      render: (rate: string | null, x) =>
        rate && Number(rate) > 0 ? (
          <Flex gap={4} align="center" justify="end" wrap>
            <Tag color="purple" style={{ marginInlineEnd: 0 }}>{`${ratePercent(rate)}%`}</Tag>
            {x.smeStatement ? <SmeStatementButton text={x.smeStatement} supplier={x.supplierName} testId="result-sme-statement" /> : null}
          </Flex>
        ) : (
          <Typography.Text type="secondary">{t('quotation.result.noDeduction')}</Typography.Text>
        ),
    },
    {
      key: 'evaluation',
      dataIndex: 'evaluationFen',
      title: t('quotation.result.evaluation'),
      align: 'right',
      render: (v: number | null) => (
        <Typography.Text strong data-testid="result-evaluation">
          {money(v)}
        </Typography.Text>
      ),
    },
    {
      key: 'days',
      dataIndex: 'deliveryDays',
      title: t('quotation.result.deliveryDays'),
      align: 'right',
      render: (v: number | null) => (v === null ? '—' : t('quotation.detail.days', { n: v })),
    },
    {
      key: 'compliant',
      title: t('quotation.result.compliance'),
      render: (_: unknown, x) =>
        x.compliant ? (
          <Tag color="green" icon={<CheckCircleOutlined />} style={{ marginInlineEnd: 0 }}>
            {t('quotation.result.compliant')}
          </Tag>
        ) : (
          <div style={{ minWidth: 180, maxWidth: 300, whiteSpace: 'normal' }}>
            <Tag color="red">{t('quotation.result.nonCompliant')}</Tag>
            <ul className="plain-list" style={{ fontSize: 12 }}>
              {x.issues.map((issue) => (
                <li key={issue}>{issue}</li>
              ))}
            </ul>
          </div>
        ),
    },
    {
      key: 'receipt',
      title: t('quotation.result.receipt'),
      render: (_: unknown, x) => (
        <span style={{ whiteSpace: 'nowrap', fontSize: 12 }}>
          {format.dateTime(x.submittedAt)}
          <br />
          <Sha value={x.commitment} />
        </span>
      ),
    },
  ];
  return (
    <Flex vertical gap={8}>
      <Table<ResultQuote>
        rowKey="supplierId"
        size="small"
        columns={columns}
        dataSource={q.quotes}
        pagination={false}
        scroll={{ x: 'max-content' }}
        rowClassName={(x) =>
          [x.rank === 1 && q.status === 'awarded' ? 'row-winner' : '', mine && x.supplierId === mine ? 'row-mine' : ''].join(' ')
        }
        locale={{ emptyText: t('quotation.result.noQuotes') }}
        data-testid="result-table"
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }}>
        {t('quotation.result.rule', { rate: ratePercent(q.smeDeductionRate) })}
      </Typography.Paragraph>
    </Flex>
  );
}

/** The result section of a quotation page: sealed while open, the table once closed, nothing when withdrawn. */
export function ResultSection({ q, mine }: { q: Quotation; mine?: string | undefined }) {
  const { t } = useTranslation();
  if (q.status === 'open') return <SealedNotice q={q} />;
  if (q.status === 'cancelled') return <Typography.Paragraph type="secondary">{t('quotation.result.cancelled')}</Typography.Paragraph>;
  return (
    <Flex vertical gap={8}>
      <Typography.Text data-testid="result-summary">
        {t('quotation.result.summary', { n: q.quoteCount ?? q.quotes.length, valid: q.quotes.filter((x) => x.compliant).length })}
      </Typography.Text>
      <ResultTable q={q} mine={mine} />
    </Flex>
  );
}
