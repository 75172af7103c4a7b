import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Descriptions, Flex, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import type { FormInstance, Rule } from 'antd/es/form';
import dayjs, { type Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ZodType } from 'zod';
import { formatMoney, parseYuan } from '../../app/format.ts';
import { fieldPath, useFormProblem, zodRule, type FieldResolver } from '../../app/forms.ts';
import {
  useCreateListing,
  useProductPage,
  useProducts,
  type CreateListingBody,
  type GreenKind,
  type Listing,
  type Product,
} from './api.ts';
import { useRegionOptions } from './parts.tsx';
import { certificateInput, createListingBody } from './schema.ts';

export interface CertificateValues {
  kind: GreenKind;
  number: string;
  issuer: string;
  validUntil: Dayjs | null;
}

export interface ListingValues {
  productId?: string;
  price: string;
  stock: number | null;
  deliveryRegions: string[];
  leadTimeDays: number | null;
  certificates: CertificateValues[];
}

export const listingFields = ['productId', 'price', 'stock', 'deliveryRegions', 'leadTimeDays', 'certificates'] as const;

/** Server fields → form names: priceFen is typed in yuan as "price"; certificates.2.number is a list item. */
export const resolveListingField: FieldResolver = (field) => {
  const parts = fieldPath(field);
  if (parts[0] === 'priceFen') return 'price';
  if (parts[0] === 'certificates' && parts[1] !== undefined && parts[2]) return ['certificates', Number(parts[1]), parts[2]];
  if (parts[0] === 'deliveryRegions') return 'deliveryRegions';
  return undefined;
};

/** A yuan price typed as text, checked as the API checks the fen it becomes. */
export function priceRule(label: string, t: TFunction): Rule {
  return {
    validator: async (_rule, value: unknown) => {
      const text = typeof value === 'string' ? value.trim() : '';
      if (!text) throw new Error(t('form.required', { field: label }));
      const fen = parseYuan(text);
      // A well-formed amount too long for the pattern is out of range, not malformed.
      const tooLong = /^[¥￥]?\d{10,}(\.\d{0,2})?$/.test(text.replace(/[,，]/g, ''));
      if (fen === null) throw new Error(t(tooLong ? 'catalogue.listing.priceRange' : 'catalogue.listing.priceInvalid'));
      if (!createListingBody.shape.priceFen.safeParse(fen).success) throw new Error(t('catalogue.listing.priceRange'));
    },
  };
}

/** A whole number checked against the API's schema, with a message that says the allowed range. */
export function numberRule(schema: ZodType, label: string, t: TFunction, invalid: string): Rule {
  return {
    validator: async (_rule, value: unknown) => {
      if (value === undefined || value === null || value === '') throw new Error(t('form.required', { field: label }));
      if (!schema.safeParse(value).success) throw new Error(invalid);
    },
  };
}

export function certificatesOf(listing: Pick<Listing, 'certificates'>): CertificateValues[] {
  return listing.certificates.map((c) => ({ kind: c.kind, number: c.number, issuer: c.issuer, validUntil: dayjs(c.validUntil) }));
}

export function certificatesBody(values: CertificateValues[] | undefined): CreateListingBody['certificates'] {
  return (values ?? []).map((c) => ({
    kind: c.kind,
    number: c.number.trim(),
    issuer: c.issuer.trim(),
    validUntil: c.validUntil ? c.validUntil.format('YYYY-MM-DD') : '',
  }));
}

/** Price, stock, delivery regions, lead time and certificates: the fields a supplier keeps for each offer. */
export function ListingFields() {
  const { t } = useTranslation();
  const regionOptions = useRegionOptions();
  const label = (key: 'price' | 'stock' | 'deliveryRegions' | 'leadTimeDays') => t(`catalogue.listing.fields.${key}`);
  const certLabel = (key: 'kind' | 'number' | 'issuer' | 'validUntil') => t(`catalogue.cert.fields.${key}`);

  return (
    <>
      <Flex gap={16} wrap>
        <Form.Item
          name="price"
          required
          label={label('price')}
          rules={[priceRule(label('price'), t)]}
          extra={t('catalogue.listing.priceHint')}
          style={{ flex: '1 1 200px' }}
        >
          <Input prefix="¥" inputMode="decimal" maxLength={16} placeholder="6500.00" data-testid="listing-price" />
        </Form.Item>
        <Form.Item
          name="stock"
          required
          label={label('stock')}
          rules={[numberRule(createListingBody.shape.stock, label('stock'), t, t('catalogue.listing.stockInvalid'))]}
          style={{ flex: '1 1 140px' }}
        >
          <InputNumber min={0} max={10_000_000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="leadTimeDays"
          required
          label={label('leadTimeDays')}
          rules={[numberRule(createListingBody.shape.leadTimeDays, label('leadTimeDays'), t, t('catalogue.listing.leadTimeInvalid'))]}
          style={{ flex: '1 1 140px' }}
        >
          <InputNumber min={1} max={180} precision={0} suffix={t('catalogue.listing.daysUnit')} style={{ width: '100%' }} />
        </Form.Item>
      </Flex>
      <Form.Item
        name="deliveryRegions"
        required
        label={label('deliveryRegions')}
        rules={[zodRule(createListingBody.shape.deliveryRegions, label('deliveryRegions'), t, { choose: true })]}
        extra={t('catalogue.listing.regionsHint')}
      >
        <Select mode="multiple" options={regionOptions} optionFilterProp="label" placeholder={t('catalogue.listing.regionsPlaceholder')} />
      </Form.Item>
      <Typography.Text strong>{t('catalogue.cert.title')}</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '2px 0 8px' }}>
        {t('catalogue.cert.hint')}
      </Typography.Paragraph>
      <Form.List name="certificates">
        {(items, { add, remove }) => (
          <Flex vertical gap={8} style={{ marginBottom: 16 }}>
            {items.map((item, index) => (
              <Card
                key={item.key}
                size="small"
                title={t('catalogue.cert.item', { n: index + 1 })}
                extra={
                  <Button
                    type="text"
                    danger
                    size="small"
                    icon={<DeleteOutlined />}
                    onClick={() => remove(item.name)}
                    aria-label={t('catalogue.cert.remove')}
                  >
                    {t('catalogue.cert.remove')}
                  </Button>
                }
              >
                <Flex gap={12} wrap>
                  <Form.Item
                    name={[item.name, 'kind']}
                    label={certLabel('kind')}
                    required
                    rules={[zodRule(certificateInput.shape.kind, certLabel('kind'), t, { choose: true })]}
                    style={{ flex: '1 1 150px', marginBottom: 8 }}
                  >
                    <Select
                      options={(['energy_saving', 'environmental_label'] as const).map((k) => ({
                        value: k,
                        label: t(`catalogue.cert.kind.${k}`),
                      }))}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[item.name, 'number']}
                    label={certLabel('number')}
                    required
                    rules={[zodRule(certificateInput.shape.number, certLabel('number'), t)]}
                    style={{ flex: '1 1 180px', marginBottom: 8 }}
                  >
                    <Input maxLength={60} className="hash" />
                  </Form.Item>
                  <Form.Item
                    name={[item.name, 'issuer']}
                    label={certLabel('issuer')}
                    required
                    rules={[zodRule(certificateInput.shape.issuer, certLabel('issuer'), t)]}
                    style={{ flex: '1 1 180px', marginBottom: 8 }}
                  >
                    <Input maxLength={100} placeholder={t('catalogue.cert.issuerPlaceholder')} />
                  </Form.Item>
                  <Form.Item
                    name={[item.name, 'validUntil']}
                    label={certLabel('validUntil')}
                    required
                    rules={[{ required: true, message: t('form.choose', { field: certLabel('validUntil') }) }]}
                    style={{ flex: '1 1 150px', marginBottom: 8 }}
                  >
                    <DatePicker style={{ width: '100%' }} />
                  </Form.Item>
                </Flex>
              </Card>
            ))}
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              disabled={items.length >= 10}
              onClick={() => add({ kind: 'energy_saving', number: '', issuer: '', validUntil: null } satisfies CertificateValues)}
            >
              {t('catalogue.cert.add')}
            </Button>
          </Flex>
        )}
      </Form.List>
    </>
  );
}

/**
 * A standard product picked by name, brand or model (GET /api/products?q=&listable=true): only those the
 * supplier may offer now — active and not listed by it yet — so the picker never leads to the 409 of a
 * second listing of one product (the server still answers it to a direct call).
 */
export function ProductPicker({ value, onChange, id }: { value?: string; onChange?: (value: string | undefined) => void; id?: string }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced, setDebounced] = useState('');
  const [picked, setPicked] = useState<Product | null>(null);
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(search.trim()), 300);
    return () => window.clearTimeout(timer);
  }, [search]);
  const products = useProducts({ page: 1, pageSize: 20, q: debounced || undefined, listable: 'true' });
  const options = useMemo(() => {
    const list = (products.data?.items ?? []).map((p) => ({ value: p.id, label: p.name, product: p }));
    if (picked && value === picked.id && !list.some((o) => o.value === picked.id))
      list.unshift({ value: picked.id, label: picked.name, product: picked });
    return list;
  }, [products.data, picked, value]);

  return (
    <Select
      id={id}
      value={value}
      allowClear
      placeholder={t('catalogue.listing.productPlaceholder')}
      showSearch={{ onSearch: setSearch, filterOption: false }}
      loading={products.isFetching}
      notFoundContent={products.isFetching ? t('common.loading') : t('catalogue.listing.noProducts')}
      options={options}
      optionRender={(option) => {
        const p = (option.data as (typeof options)[number]).product;
        return (
          <div style={{ whiteSpace: 'normal' }}>
            <div>{p.name}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <span className="hash">{p.categoryCode}</span> {p.categoryName} · {p.brand} · {p.model}
            </Typography.Text>
          </div>
        );
      }}
      onChange={(next: string | undefined) => {
        setPicked(options.find((o) => o.value === next)?.product ?? null);
        onChange?.(next);
      }}
    />
  );
}

/** What the picked product already costs elsewhere, and its category's reference price and policy. */
function ProductContext({ productId }: { productId: string }) {
  const { t } = useTranslation();
  const page = useProductPage(productId);
  if (!page.data) return null;
  const { category, offers } = page.data;
  const prices = offers.map((o) => o.priceFen);
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      style={{ marginBottom: 16 }}
      items={[
        { key: 'category', label: t('catalogue.product.category'), children: `${category.code} ${category.name}` },
        {
          key: 'reference',
          label: t('catalogue.listing.referencePrice'),
          children: category.referencePriceFen === null ? t('common.none') : formatMoney(category.referencePriceFen),
        },
        {
          key: 'offers',
          label: t('catalogue.listing.otherOffers'),
          children: prices.length ? (
            <span>
              {t('catalogue.product.suppliersN', { n: prices.length })} · {formatMoney(Math.min(...prices))} –{' '}
              {formatMoney(Math.max(...prices))}{' '}
              <Link to={`/products/${encodeURIComponent(productId)}`} target="_blank">
                {t('catalogue.listing.viewProduct')}
              </Link>
            </span>
          ) : (
            t('catalogue.listing.noOtherOffers')
          ),
        },
      ]}
    />
  );
}

/** The body of a listing form, both for a new offer and an edit; fen exactly from the typed yuan. */
export function listingBody(values: ListingValues) {
  return {
    priceFen: parseYuan(values.price) ?? 0,
    stock: values.stock ?? 0,
    deliveryRegions: values.deliveryRegions,
    leadTimeDays: values.leadTimeDays ?? 0,
    certificates: certificatesBody(values.certificates),
  };
}

/** 新增报价 (POST /api/listings): a draft offer for a standard product; the price is checked against the agreement. */
export function CreateListingModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (listing: Listing) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ListingValues>();
  const create = useCreateListing();
  const problem = useFormProblem(form, listingFields, resolveListingField);
  const productId = Form.useWatch('productId', form as FormInstance<ListingValues>);

  return (
    <Modal
      open={open}
      title={t('catalogue.listing.createTitle')}
      okText={t('catalogue.listing.createSubmit')}
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
      <Typography.Paragraph type="secondary">{t('catalogue.listing.createHint')}</Typography.Paragraph>
      {problem.formError ? (
        <Alert type="error" showIcon title={problem.formError} style={{ marginBottom: 12 }} data-testid="form-error" />
      ) : null}
      <Form<ListingValues>
        form={form}
        layout="vertical"
        disabled={create.isPending}
        initialValues={{ deliveryRegions: ['110000'], leadTimeDays: 3, stock: 100, certificates: [] }}
        onValuesChange={() => problem.formError && problem.clear()}
        onFinish={(values) =>
          create.mutate(
            { productId: values.productId ?? '', ...listingBody(values) },
            {
              onSuccess: (listing) => {
                void message.success(t('catalogue.listing.created'));
                onClose();
                onCreated(listing);
              },
              onError: problem.onError,
            },
          )
        }
      >
        <Form.Item
          name="productId"
          required
          label={t('catalogue.listing.fields.productId')}
          rules={[zodRule(createListingBody.shape.productId, t('catalogue.listing.fields.productId'), t, { choose: true })]}
          extra={t('catalogue.listing.productHint')}
        >
          <ProductPicker />
        </Form.Item>
        {productId ? <ProductContext productId={productId} /> : null}
        <ListingFields />
      </Form>
    </Modal>
  );
}
