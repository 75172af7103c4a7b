import { EditOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Grid,
  Input,
  Modal,
  Select,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import type { Rule } from 'antd/es/form';
import dayjs, { type Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { ExportButtons } from '../../app/components/ExportButtons.tsx';
import { tablePagination } from '../../app/components/pagination.ts';
import { ReasonModal } from '../../app/components/ReasonModal.tsx';
import { EmptyState, LoadError } from '../../app/components/states.tsx';
import { fenToYuanInput, formatMoney, parseYuan, useFormat } from '../../app/format.ts';
import { fieldPath, useFormProblem, zodRule, type FieldResolver } from '../../app/forms.ts';
import { useListParams } from '../../app/listParams.ts';
import { SupplierPicker } from '../credit/SupplierPicker.tsx';
import { CategorySelect } from '../experts/parts.tsx';
import { useAgreements, useAmendAgreement, useCreateAgreement, useEndAgreement, type Agreement, type AmendInput } from './api.ts';
import { AgreementStatusTag, CategoryTags, OtherAreaTag } from './parts.tsx';
import { agreementInput, amendAgreementBody, reasonRequiredBody } from './schema.ts';
import { percentOfRate } from '@contracts/rates.ts';

type Mode = 'supplier' | 'center';

/** The price rule in words: "限价 ¥5,000.00", "不高于参考价的 95%", both, or none. */
function PriceRule({ a }: { a: Pick<Agreement, 'priceCapFen' | 'minDiscount'> }) {
  const { t } = useTranslation();
  const parts: string[] = [];
  if (a.priceCapFen !== null) parts.push(t('catalogue.agreements.capText', { cap: formatMoney(a.priceCapFen) }));
  if (a.minDiscount !== null) parts.push(t('catalogue.agreements.discountText', { percent: discountPercent(a.minDiscount) }));
  return <span>{parts.length ? parts.join('；') : t('catalogue.agreements.noPriceRule')}</span>;
}

/** "0.05" → "5": the discount as a percentage, exactly (contracts/rates.ts). */
const discountPercent = (rate: string) => String(percentOfRate(rate));

function Brands({ brands }: { brands: string[] }) {
  const { t } = useTranslation();
  if (brands.length === 0) return <Typography.Text type="secondary">{t('catalogue.agreements.allBrands')}</Typography.Text>;
  return (
    <Flex gap={4} wrap>
      {brands.map((b) => (
        <Tag key={b} style={{ marginInlineEnd: 0 }}>
          {b}
        </Tag>
      ))}
    </Flex>
  );
}

/** What one amendment changed, field by field, in words. */
function ChangeList({ changes }: { changes: Agreement['amendments'][number]['changes'] }) {
  const { t } = useTranslation();
  const show = (key: string, value: unknown): string => {
    if (value === null || value === undefined) return t('common.none');
    if (key === 'priceCapFen' && typeof value === 'number') return formatMoney(value);
    if (key === 'minDiscount' && typeof value === 'string') return `${discountPercent(value)}%`;
    if (Array.isArray(value)) return value.length ? value.join('、') : t('catalogue.agreements.allBrands');
    return String(value);
  };
  const labelOf = (key: string) => {
    const known = (['endsOn', 'priceCapFen', 'minDiscount', 'categoryCodes', 'brands'] as const).find((k) => k === key);
    return known ? t(`catalogue.agreements.changeFields.${known}`) : key;
  };
  return (
    <Flex vertical gap={2}>
      {Object.entries(changes).map(([key, change]) => (
        <span key={key}>
          <Typography.Text type="secondary">
            {labelOf(key)}
            {t('common.colon')}
          </Typography.Text>
          {show(key, change.from)} → <Typography.Text strong>{show(key, change.to)}</Typography.Text>
        </span>
      ))}
    </Flex>
  );
}

function AmendmentHistory({ agreement }: { agreement: Agreement }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (agreement.amendments.length === 0)
    return <Typography.Text type="secondary">{t('catalogue.agreements.noAmendments')}</Typography.Text>;
  return (
    <Timeline
      data-testid="amendments"
      items={agreement.amendments.map((m, i) => ({
        key: `${m.createdAt}-${i}`,
        title: format.dateTime(m.createdAt),
        content: (
          <Flex vertical gap={4}>
            <ChangeList changes={m.changes} />
            <span>
              <Typography.Text type="secondary">
                {t('catalogue.agreements.reason')}
                {t('common.colon')}
              </Typography.Text>
              {m.reason}
            </span>
          </Flex>
        ),
      }))}
    />
  );
}

/** An optional yuan amount (the price cap), checked as the API checks the fen it becomes. */
function optionalYuanRule(t: TFunction): Rule {
  return {
    validator: async (_rule, value: unknown) => {
      const text = typeof value === 'string' ? value.trim() : '';
      if (!text) return;
      const fen = parseYuan(text);
      if (fen === null || fen <= 0) throw new Error(t('catalogue.listing.priceInvalid'));
    },
  };
}

interface AgreementValues {
  code: string;
  title: string;
  supplierId: string;
  categoryCodes: string[];
  brands: string[];
  startsOn: Dayjs | null;
  endsOn: Dayjs | null;
  priceCap?: string;
  minDiscount?: string;
}

const agreementFields = [
  'code',
  'title',
  'supplierId',
  'categoryCodes',
  'brands',
  'startsOn',
  'endsOn',
  'priceCap',
  'minDiscount',
] as const;
const resolveAgreementField: FieldResolver = (field) => {
  const [first] = fieldPath(field);
  if (first === 'priceCapFen') return 'priceCap';
  if (first === 'categoryCodes' || first === 'brands') return first;
  return undefined;
};

const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : '');

/** 新建协议 (POST /api/agreements): admit a supplier to categories (and brands) for a period, with a price rule. */
function CreateAgreementModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (a: Agreement) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<AgreementValues>();
  const create = useCreateAgreement();
  const problem = useFormProblem(form, agreementFields, resolveAgreementField);
  const label = (key: (typeof agreementFields)[number]) => t(`catalogue.agreements.fields.${key}`);
  const rule = (key: 'code' | 'title' | 'supplierId' | 'categoryCodes', options?: { choose?: boolean }) =>
    zodRule(agreementInput.shape[key], label(key), t, options);
  const startsOn = Form.useWatch('startsOn', form);

  return (
    <Modal
      open={open}
      title={t('catalogue.agreements.createTitle')}
      okText={t('catalogue.agreements.createSubmit')}
      okButtonProps={{ loading: create.isPending, disabled: create.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      afterClose={() => {
        form.resetFields();
        problem.clear();
      }}
      width={720}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('catalogue.agreements.createHint')}</Typography.Paragraph>
      {problem.formError ? <Alert type="error" showIcon title={problem.formError} style={{ marginBottom: 12 }} /> : null}
      <Form<AgreementValues>
        form={form}
        layout="vertical"
        disabled={create.isPending}
        initialValues={{ brands: [], categoryCodes: [], startsOn: dayjs(), endsOn: dayjs().add(1, 'year').subtract(1, 'day') }}
        onValuesChange={() => problem.formError && problem.clear()}
        onFinish={(values) =>
          create.mutate(
            {
              code: values.code.trim(),
              title: values.title.trim(),
              supplierId: values.supplierId,
              categoryCodes: values.categoryCodes,
              brands: values.brands.map((b) => b.trim()).filter(Boolean),
              startsOn: day(values.startsOn),
              endsOn: day(values.endsOn),
              priceCapFen: values.priceCap?.trim() ? parseYuan(values.priceCap) : null,
              minDiscount: values.minDiscount?.trim() ? values.minDiscount.trim() : null,
            },
            {
              onSuccess: (a) => {
                void message.success(t('catalogue.agreements.created', { code: a.code }));
                onClose();
                onCreated(a);
              },
              onError: problem.onError,
            },
          )
        }
      >
        <Flex gap={16} wrap>
          <Form.Item name="code" required label={label('code')} rules={[rule('code')]} style={{ flex: '1 1 200px' }}>
            <Input maxLength={40} className="hash" placeholder="BJ-XYGH-2026-101" />
          </Form.Item>
          <Form.Item name="title" required label={label('title')} rules={[rule('title')]} style={{ flex: '2 1 320px' }}>
            <Input maxLength={200} placeholder={t('catalogue.agreements.titlePlaceholder')} />
          </Form.Item>
        </Flex>
        <Form.Item
          name="supplierId"
          required
          label={label('supplierId')}
          rules={[rule('supplierId', { choose: true })]}
          extra={t('credit.picker.hint')}
        >
          <SupplierPicker />
        </Form.Item>
        <Form.Item
          name="categoryCodes"
          required
          label={label('categoryCodes')}
          rules={[rule('categoryCodes', { choose: true })]}
          extra={t('catalogue.agreements.categoriesHint')}
        >
          <CategorySelect multiple placeholder={t('experts.specialtiesPlaceholder')} />
        </Form.Item>
        <Form.Item name="brands" label={label('brands')} extra={t('catalogue.agreements.brandsHint')}>
          <Select
            mode="tags"
            tokenSeparators={[',', '，', '、']}
            open={false}
            suffixIcon={null}
            placeholder={t('catalogue.agreements.brandsPlaceholder')}
          />
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item
            name="startsOn"
            required
            label={label('startsOn')}
            rules={[{ required: true, message: t('form.choose', { field: label('startsOn') }) }]}
            style={{ flex: '1 1 200px' }}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="endsOn"
            required
            label={label('endsOn')}
            dependencies={['startsOn']}
            rules={[
              { required: true, message: t('form.choose', { field: label('endsOn') }) },
              {
                validator: async (_r, value: Dayjs | null) => {
                  if (value && startsOn && value.isBefore(startsOn, 'day')) throw new Error(t('catalogue.agreements.endBeforeStart'));
                },
              },
            ]}
            style={{ flex: '1 1 200px' }}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        <Flex gap={16} wrap>
          <Form.Item
            name="priceCap"
            label={label('priceCap')}
            rules={[optionalYuanRule(t)]}
            extra={t('catalogue.agreements.capHint')}
            style={{ flex: '1 1 200px' }}
          >
            <Input prefix="¥" inputMode="decimal" maxLength={16} />
          </Form.Item>
          <Form.Item
            name="minDiscount"
            label={label('minDiscount')}
            rules={[
              zodRule(agreementInput.shape.minDiscount, label('minDiscount'), t, { invalid: t('catalogue.agreements.discountInvalid') }),
            ]}
            extra={t('catalogue.agreements.discountHint')}
            style={{ flex: '1 1 200px' }}
          >
            <Input inputMode="decimal" maxLength={6} placeholder="0.05" />
          </Form.Item>
        </Flex>
      </Form>
    </Modal>
  );
}

interface AmendValues {
  endsOn: Dayjs | null;
  priceCap?: string;
  minDiscount?: string;
  categoryCodes: string[];
  brands: string[];
  reason: string;
}

const amendFields = ['endsOn', 'priceCap', 'minDiscount', 'categoryCodes', 'brands', 'reason'] as const;
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** 变更 (POST /api/agreements/{id}/amend): only what changed is sent, with the reason; the history keeps both. */
function AmendModal({ agreement, onClose }: { agreement: Agreement | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<AmendValues>();
  const amend = useAmendAgreement();
  const problem = useFormProblem(form, amendFields, resolveAgreementField);
  const label = (key: (typeof amendFields)[number]) => t(`catalogue.agreements.fields.${key}`);

  return (
    <Modal
      open={agreement !== null}
      title={agreement ? t('catalogue.agreements.amendTitle', { code: agreement.code }) : ''}
      okText={t('catalogue.agreements.amendSubmit')}
      okButtonProps={{ loading: amend.isPending, disabled: amend.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      afterClose={() => {
        form.resetFields();
        problem.clear();
      }}
      width={640}
      destroyOnHidden
    >
      {agreement ? (
        <>
          <Typography.Paragraph type="secondary">{t('catalogue.agreements.amendHint')}</Typography.Paragraph>
          {problem.formError ? <Alert type="error" showIcon title={problem.formError} style={{ marginBottom: 12 }} /> : null}
          <Form<AmendValues>
            form={form}
            layout="vertical"
            disabled={amend.isPending}
            initialValues={{
              endsOn: dayjs(agreement.endsOn),
              priceCap: agreement.priceCapFen === null ? '' : fenToYuanInput(agreement.priceCapFen),
              minDiscount: agreement.minDiscount ?? '',
              categoryCodes: agreement.categoryCodes,
              brands: agreement.brands,
              reason: '',
            }}
            onValuesChange={() => problem.formError && problem.clear()}
            onFinish={(values) => {
              const body: AmendInput = { reason: values.reason.trim() };
              const endsOn = day(values.endsOn);
              if (endsOn && endsOn !== agreement.endsOn) body.endsOn = endsOn;
              const cap = values.priceCap?.trim() ? parseYuan(values.priceCap) : null;
              if (cap !== agreement.priceCapFen) body.priceCapFen = cap;
              const discount = values.minDiscount?.trim() ? values.minDiscount.trim() : null;
              if (discount !== agreement.minDiscount) body.minDiscount = discount;
              if (!sameList(values.categoryCodes, agreement.categoryCodes)) body.categoryCodes = values.categoryCodes;
              const brands = values.brands.map((b) => b.trim()).filter(Boolean);
              if (!sameList(brands, agreement.brands)) body.brands = brands;
              amend.mutate(
                { agreementId: agreement.id, body },
                {
                  onSuccess: () => {
                    void message.success(t('catalogue.agreements.amended'));
                    onClose();
                  },
                  onError: problem.onError,
                },
              );
            }}
          >
            <Form.Item
              name="endsOn"
              required
              label={label('endsOn')}
              rules={[{ required: true, message: t('form.choose', { field: label('endsOn') }) }]}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
            <Flex gap={16} wrap>
              <Form.Item
                name="priceCap"
                label={label('priceCap')}
                rules={[optionalYuanRule(t)]}
                extra={t('catalogue.agreements.capHint')}
                style={{ flex: '1 1 200px' }}
              >
                <Input prefix="¥" inputMode="decimal" maxLength={16} />
              </Form.Item>
              <Form.Item
                name="minDiscount"
                label={label('minDiscount')}
                rules={[
                  zodRule(agreementInput.shape.minDiscount, label('minDiscount'), t, {
                    invalid: t('catalogue.agreements.discountInvalid'),
                  }),
                ]}
                extra={t('catalogue.agreements.discountHint')}
                style={{ flex: '1 1 200px' }}
              >
                <Input inputMode="decimal" maxLength={6} placeholder="0.05" />
              </Form.Item>
            </Flex>
            <Form.Item
              name="categoryCodes"
              required
              label={label('categoryCodes')}
              rules={[zodRule(agreementInput.shape.categoryCodes, label('categoryCodes'), t, { choose: true })]}
            >
              <CategorySelect multiple placeholder={t('experts.specialtiesPlaceholder')} />
            </Form.Item>
            <Form.Item name="brands" label={label('brands')} extra={t('catalogue.agreements.brandsHint')}>
              <Select
                mode="tags"
                tokenSeparators={[',', '，', '、']}
                open={false}
                suffixIcon={null}
                placeholder={t('catalogue.agreements.brandsPlaceholder')}
              />
            </Form.Item>
            <Form.Item
              name="reason"
              required
              label={label('reason')}
              rules={[zodRule(amendAgreementBody.shape.reason, label('reason'), t)]}
            >
              <Input.TextArea rows={3} maxLength={1000} showCount />
            </Form.Item>
          </Form>
        </>
      ) : null}
    </Modal>
  );
}

/** One agreement: terms, status, amendment history; center staff amend or end it from here. */
function AgreementDrawer({
  agreement,
  mode,
  onClose,
  onAmend,
  onEnd,
}: {
  agreement: Agreement | null;
  mode: Mode;
  onClose: () => void;
  onAmend: (a: Agreement) => void;
  onEnd: (a: Agreement) => void;
}) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const a = agreement;
  return (
    <Drawer open={a !== null} onClose={onClose} size={screens.md ? 640 : '100%'} title={a ? `${a.code} ${a.title}` : ''} destroyOnHidden>
      {a ? (
        <Flex vertical gap={16}>
          {a.status === 'ended' && a.endedReason ? (
            <Alert type="warning" showIcon title={t('catalogue.agreements.endedWhy')} description={a.endedReason} />
          ) : null}
          <Descriptions
            size="small"
            bordered
            column={1}
            items={[
              { key: 'status', label: t('catalogue.agreements.statusLabel'), children: <AgreementStatusTag status={a.status} /> },
              { key: 'supplier', label: t('catalogue.agreements.fields.supplierId'), children: a.supplierName },
              {
                key: 'categories',
                label: t('catalogue.agreements.fields.categoryCodes'),
                children: <CategoryTags codes={a.categoryCodes} />,
              },
              { key: 'brands', label: t('catalogue.agreements.fields.brands'), children: <Brands brands={a.brands} /> },
              {
                key: 'period',
                label: t('catalogue.agreements.period'),
                children: t('catalogue.agreements.periodText', { start: a.startsOn, end: a.endsOn }),
              },
              { key: 'price', label: t('catalogue.agreements.priceRule'), children: <PriceRule a={a} /> },
            ]}
          />
          {mode === 'center' && a.status === 'active' && a.manageable === false ? (
            <OtherAreaTag kind="agreement" />
          ) : mode === 'center' && a.status === 'active' ? (
            <Flex gap={8} wrap>
              <Button icon={<EditOutlined />} onClick={() => onAmend(a)}>
                {t('catalogue.agreements.amend')}
              </Button>
              <Button danger icon={<StopOutlined />} onClick={() => onEnd(a)}>
                {t('catalogue.agreements.end')}
              </Button>
            </Flex>
          ) : null}
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('catalogue.agreements.history')}
          </Typography.Title>
          <AmendmentHistory agreement={a} />
        </Flex>
      ) : null}
    </Drawer>
  );
}

/** 框架协议: the supplier's own (read only) or, for center staff, all of them with create, amend and end. */
function AgreementsView({ mode }: { mode: Mode }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const list = useListParams(['status', 'supplierId']);
  const [params, setParams] = useSearchParams();
  const agreements = useAgreements({
    page: list.page,
    pageSize: list.pageSize,
    status: list.filters.status,
    supplierId: mode === 'center' ? list.filters.supplierId : undefined,
  });
  const [openId, setOpenId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [amending, setAmending] = useState<Agreement | null>(null);
  const [ending, setEnding] = useState<Agreement | null>(null);
  const end = useEndAgreement();
  const [created, setCreated] = useState<Agreement | null>(null);
  const opened = agreements.data?.items.find((a) => a.id === openId) ?? (created?.id === openId ? created : null);

  const setSupplier = (id: string | undefined, name: string | undefined) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [key, value] of [
        ['supplierId', id],
        ['supplier', name],
      ] as const) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      next.delete('page');
      return next;
    });

  const columns: TableColumnsType<Agreement> = [
    {
      key: 'code',
      dataIndex: 'code',
      title: t('catalogue.agreements.fields.code'),
      render: (v: string, a) => (
        <Typography.Link onClick={() => setOpenId(a.id)} className="hash" style={{ whiteSpace: 'nowrap' }}>
          {v}
        </Typography.Link>
      ),
    },
    {
      key: 'title',
      dataIndex: 'title',
      title: t('catalogue.agreements.fields.title'),
      render: (v: string) => <span style={{ display: 'inline-block', maxWidth: 280, whiteSpace: 'normal' }}>{v}</span>,
    },
    ...(mode === 'center'
      ? [
          {
            key: 'supplier',
            dataIndex: 'supplierName',
            title: t('catalogue.agreements.fields.supplierId'),
            render: (v: string, a: Agreement) => (
              <Typography.Link
                onClick={() => setSupplier(a.supplierId, v)}
                style={{ display: 'inline-block', maxWidth: 200, whiteSpace: 'normal' }}
              >
                {v}
              </Typography.Link>
            ),
          },
        ]
      : []),
    {
      key: 'categories',
      dataIndex: 'categoryCodes',
      title: t('catalogue.agreements.fields.categoryCodes'),
      render: (v: string[]) => (
        <div style={{ maxWidth: 260 }}>
          <CategoryTags codes={v} />
        </div>
      ),
    },
    { key: 'brands', dataIndex: 'brands', title: t('catalogue.agreements.fields.brands'), render: (v: string[]) => <Brands brands={v} /> },
    {
      key: 'period',
      title: t('catalogue.agreements.period'),
      render: (_: unknown, a) => (
        <span style={{ whiteSpace: 'nowrap' }}>{t('catalogue.agreements.periodText', { start: a.startsOn, end: a.endsOn })}</span>
      ),
    },
    { key: 'price', title: t('catalogue.agreements.priceRule'), render: (_: unknown, a) => <PriceRule a={a} /> },
    {
      key: 'status',
      dataIndex: 'status',
      title: t('catalogue.agreements.statusLabel'),
      render: (s: Agreement['status']) => <AgreementStatusTag status={s} />,
    },
    {
      key: 'amendments',
      title: t('catalogue.agreements.amendments'),
      align: 'right',
      render: (_: unknown, a) => a.amendments.length,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_: unknown, a) => (
        <Flex gap={4}>
          <Button size="small" onClick={() => setOpenId(a.id)}>
            {t('common.details')}
          </Button>
          {mode === 'center' && a.status === 'active' && a.manageable === false ? (
            <OtherAreaTag kind="agreement" />
          ) : mode === 'center' && a.status === 'active' ? (
            <>
              <Button size="small" onClick={() => setAmending(a)}>
                {t('catalogue.agreements.amend')}
              </Button>
              <Button size="small" danger onClick={() => setEnding(a)}>
                {t('catalogue.agreements.end')}
              </Button>
            </>
          ) : null}
        </Flex>
      ),
    },
  ];

  const filtered = Object.values(list.filters).some(Boolean);
  return (
    <>
      <PageTitle
        extra={
          mode === 'center' ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('catalogue.agreements.create')}
            </Button>
          ) : null
        }
      >
        {t('catalogue.agreements.pageTitle')}
      </PageTitle>
      <Card>
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {mode === 'center' ? t('catalogue.agreements.introCenter') : t('catalogue.agreements.introSupplier')}
        </Typography.Paragraph>
        <div className="table-filters">
          <Select
            allowClear
            placeholder={t('catalogue.agreements.allStatuses')}
            value={list.filters.status}
            onChange={(v: string | undefined) => list.setFilter('status', v)}
            options={(['active', 'ended'] as const).map((s) => ({ value: s, label: t(`catalogue.agreements.status.${s}`) }))}
            aria-label={t('catalogue.agreements.statusLabel')}
          />
          {mode === 'center' ? (
            <SupplierPicker
              key={list.filters.supplierId ?? ''}
              value={list.filters.supplierId}
              initialName={params.get('supplier') ?? undefined}
              placeholder={t('catalogue.agreements.supplierFilter')}
              onPick={(s) => setSupplier(s?.id, s?.name)}
            />
          ) : null}
          <ExportButtons
            path="/api/agreements"
            filters={{ status: list.filters.status, supplierId: mode === 'center' ? list.filters.supplierId : undefined }}
            filename={t('catalogue.agreements.pageTitle')}
            testId="agreements-export"
          />
        </div>
        {agreements.isError && !agreements.data ? (
          <LoadError error={agreements.error} onRetry={() => void agreements.refetch()} />
        ) : (
          <Table<Agreement>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={agreements.data?.items ?? []}
            loading={agreements.isFetching}
            pagination={tablePagination(list, agreements.data?.total, t)}
            scroll={{ x: 'max-content' }}
            locale={{
              emptyText: agreements.isPending ? (
                ' '
              ) : (
                <EmptyState
                  title={filtered ? t('catalogue.agreements.emptyFiltered') : t('catalogue.agreements.empty')}
                  hint={
                    filtered
                      ? t('catalogue.agreements.emptyFilteredHint')
                      : mode === 'center'
                        ? t('catalogue.agreements.emptyHintCenter')
                        : t('catalogue.agreements.emptyHintSupplier')
                  }
                />
              ),
            }}
          />
        )}
      </Card>
      <AgreementDrawer agreement={opened} mode={mode} onClose={() => setOpenId(null)} onAmend={setAmending} onEnd={setEnding} />
      {mode === 'center' ? (
        <>
          <CreateAgreementModal
            open={creating}
            onClose={() => setCreating(false)}
            onCreated={(a) => {
              setCreated(a);
              setOpenId(a.id);
            }}
          />
          <AmendModal agreement={amending} onClose={() => setAmending(null)} />
          <ReasonModal
            open={ending !== null}
            title={ending ? t('catalogue.agreements.endTitle', { code: ending.code }) : ''}
            description={<Alert type="warning" showIcon title={t('catalogue.agreements.endWarning')} />}
            label={t('catalogue.agreements.fields.reason')}
            schema={reasonRequiredBody.shape.reason}
            okText={t('catalogue.agreements.end')}
            danger
            pending={end.isPending}
            onSubmit={(reason, callbacks) =>
              ending &&
              end.mutate(
                { agreementId: ending.id, reason },
                {
                  onSuccess: () => {
                    void message.success(t('catalogue.agreements.ended'));
                    callbacks.onSuccess();
                  },
                  onError: callbacks.onError,
                },
              )
            }
            onClose={() => setEnding(null)}
          />
        </>
      ) : null}
    </>
  );
}

export function SupplierAgreementsPage() {
  return <AgreementsView mode="supplier" />;
}

export function CenterAgreementsPage() {
  return <AgreementsView mode="center" />;
}
