import { DeleteOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Drawer,
  Flex,
  Form,
  Grid,
  Image,
  Input,
  InputNumber,
  Skeleton,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { ExportButtons } from '../../app/components/ExportButtons.tsx';
import { tablePagination } from '../../app/components/pagination.ts';
import { EmptyState, LoadError, problemText } from '../../app/components/states.tsx';
import { fieldPath, useFormProblem, zodRule, type FieldResolver } from '../../app/forms.ts';
import { useLanguage } from '../../app/i18n/index.ts';
import { useListParams } from '../../app/listParams.ts';
import { CategorySelect } from '../experts/parts.tsx';
import { useCategorySpecs, useProducts, useSaveProduct, useUploadProductImage, type Product, type ProductInput } from './api.ts';
import { CategoryTag, useCategoryIndex } from './parts.tsx';
import { productInput } from './schema.ts';

const maxImageBytes = 2 * 1024 * 1024;
const imageTypes = ['image/png', 'image/jpeg'];

interface ProductValues {
  categoryCode: string;
  brand: string;
  model: string;
  name: string;
  description?: string;
  specs?: Record<string, string | number | null | undefined>;
  freeSpecs?: { key: string; value: string }[];
}

const productFields = ['categoryCode', 'brand', 'model', 'name', 'description', 'specs', 'freeSpecs'] as const;

/** "16" → 16 in a free key/value spec: the API keeps numbers as numbers. */
const specValue = (raw: string): string | number => (/^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw.trim()) : raw.trim());

function valuesOf(p: Product | null): ProductValues {
  if (!p) return { categoryCode: '', brand: '', model: '', name: '', description: '', specs: {}, freeSpecs: [] };
  return {
    categoryCode: p.categoryCode,
    brand: p.brand,
    model: p.model,
    name: p.name,
    description: p.description,
    specs: { ...p.specs },
    freeSpecs: Object.entries(p.specs).map(([key, value]) => ({ key, value: String(value) })),
  };
}

/**
 * The spec fields of the chosen category. Their labels and units come from the product page of a
 * product already in the category (the API has no other way to read a category's spec schema); when
 * there is none, specs are typed as free name/value pairs and the server says what it expects.
 */
function SpecFields({ categoryCode, productId }: { categoryCode: string | undefined; productId: string | null }) {
  const { t } = useTranslation();
  const english = useLanguage() === 'en';
  const specs = useCategorySpecs(categoryCode || undefined, productId);
  if (!categoryCode) return <Typography.Text type="secondary">{t('catalogue.products.pickCategoryFirst')}</Typography.Text>;
  if (specs.isPending) return <Skeleton active paragraph={{ rows: 3 }} />;
  if (specs.isError) return <LoadError error={specs.error} onRetry={() => void specs.refetch()} />;
  if (specs.data === null) {
    return (
      <>
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('catalogue.products.schemaUnknown')}
          description={t('catalogue.products.schemaUnknownHint')}
        />
        <Form.List name="freeSpecs">
          {(items, { add, remove }) => (
            <Flex vertical gap={8}>
              {items.map((item) => (
                <Flex key={item.key} gap={8} align="start" wrap>
                  <Form.Item
                    name={[item.name, 'key']}
                    rules={[{ required: true, message: t('form.required', { field: t('catalogue.products.specKey') }) }]}
                    style={{ flex: '1 1 140px', marginBottom: 0 }}
                  >
                    <Input placeholder={t('catalogue.products.specKey')} maxLength={40} className="hash" />
                  </Form.Item>
                  <Form.Item
                    name={[item.name, 'value']}
                    rules={[{ required: true, message: t('form.required', { field: t('catalogue.products.specValue') }) }]}
                    style={{ flex: '2 1 200px', marginBottom: 0 }}
                  >
                    <Input placeholder={t('catalogue.products.specValue')} maxLength={200} />
                  </Form.Item>
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    onClick={() => remove(item.name)}
                    aria-label={t('catalogue.products.removeSpec')}
                  />
                </Flex>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ key: '', value: '' })}>
                {t('catalogue.products.addSpec')}
              </Button>
            </Flex>
          )}
        </Form.List>
      </>
    );
  }
  if (specs.data.fields.length === 0) return <Typography.Text type="secondary">{t('catalogue.products.noSpecFields')}</Typography.Text>;
  return (
    <Flex gap={12} wrap>
      {specs.data.fields.map((f) => {
        const label = english ? f.labelEn : f.label;
        const numeric = typeof specs.data?.sampleSpecs[f.key] === 'number';
        return (
          <Form.Item key={f.key} name={['specs', f.key]} label={label} style={{ flex: '1 1 200px', marginBottom: 8 }}>
            {numeric ? (
              <InputNumber min={0} style={{ width: '100%' }} suffix={f.unit} />
            ) : (
              <Input maxLength={200} suffix={f.unit ? <Typography.Text type="secondary">{f.unit}</Typography.Text> : undefined} />
            )}
          </Form.Item>
        );
      })}
    </Flex>
  );
}

function ProductImages({ product, onChanged }: { product: Product; onChanged: (p: Product) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const upload = useUploadProductImage();
  return (
    <Flex vertical gap={8}>
      {product.images.length ? (
        <Image.PreviewGroup>
          <Flex gap={8} wrap>
            {product.images.map((img, i) => (
              <Image
                key={img.id}
                src={img.url}
                width={96}
                height={96}
                style={{ objectFit: 'contain', border: '1px solid #f0f0f0' }}
                alt={`${product.name} ${i + 1}`}
              />
            ))}
          </Flex>
        </Image.PreviewGroup>
      ) : (
        <Typography.Text type="secondary">{t('catalogue.products.noImages')}</Typography.Text>
      )}
      <Upload
        accept="image/png,image/jpeg"
        showUploadList={false}
        disabled={upload.isPending}
        beforeUpload={(file) => {
          if (!imageTypes.includes(file.type)) {
            void message.error(t('catalogue.products.imageType'));
            return false;
          }
          if (file.size > maxImageBytes) {
            void message.error(t('catalogue.products.imageSize'));
            return false;
          }
          upload.mutate(
            { productId: product.id, file },
            {
              onSuccess: (p) => {
                void message.success(t('catalogue.products.imageUploaded', { name: file.name }));
                onChanged(p);
              },
              onError: (error) => void message.error(problemText(error, t)),
            },
          );
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} loading={upload.isPending}>
          {t('catalogue.products.uploadImage')}
        </Button>
      </Upload>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('catalogue.products.imageHint')}
      </Typography.Text>
    </Flex>
  );
}

/** 新增 / 编辑标准商品: brand, model, name and the category's specs; images once the product exists. */
function ProductDrawer({ product, open, onClose }: { product: Product | null; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<ProductValues>();
  const save = useSaveProduct();
  const [current, setCurrent] = useState<Product | null>(product);
  const categoryCode = Form.useWatch('categoryCode', form);
  const resolve: FieldResolver = useMemo(
    () => (field) => {
      const parts = fieldPath(field);
      // A spec error goes on its field when the form shows one (known schema); otherwise above the form.
      if (parts[0] === 'specs' && parts[1] && form.getFieldInstance(['specs', parts[1]]) !== undefined) return ['specs', parts[1]];
      return undefined;
    },
    [form],
  );
  const problem = useFormProblem(form, productFields, resolve);
  const label = (key: 'categoryCode' | 'brand' | 'model' | 'name' | 'description') => t(`catalogue.products.fields.${key}`);

  // The specs shown belong to the chosen category: a sample of it tells which; the product's own when unchanged.
  const sameCategory = current !== null && categoryCode === current.categoryCode;

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={screens.md ? 720 : '100%'}
      title={current ? t('catalogue.products.editTitle', { name: current.name }) : t('catalogue.products.createTitle')}
      destroyOnHidden
      afterOpenChange={(visible) => {
        if (!visible) problem.clear();
      }}
      footer={
        <Flex gap={8} justify="end">
          <Button onClick={onClose}>{t('catalogue.products.close')}</Button>
          <Button type="primary" loading={save.isPending} disabled={save.isPending} onClick={() => form.submit()}>
            {current ? t('catalogue.products.save') : t('catalogue.products.createSubmit')}
          </Button>
        </Flex>
      }
    >
      {problem.formError ? <Alert type="error" showIcon title={problem.formError} style={{ marginBottom: 12 }} /> : null}
      <Form<ProductValues>
        form={form}
        layout="vertical"
        disabled={save.isPending}
        initialValues={valuesOf(product)}
        onValuesChange={(changed: Partial<ProductValues>) => {
          if (problem.formError) problem.clear();
          // Another category has other spec fields: start them empty.
          if ('categoryCode' in changed) form.setFieldsValue({ specs: {}, freeSpecs: [] });
        }}
        onFinish={(values) => {
          const typed = Object.entries(values.specs ?? {}).filter(([, v]) => v !== undefined && v !== null && v !== '') as [
            string,
            string | number,
          ][];
          const free = (values.freeSpecs ?? []).filter((s) => s.key.trim()).map((s) => [s.key.trim(), specValue(s.value)] as const);
          const body: ProductInput = {
            categoryCode: values.categoryCode,
            brand: values.brand.trim(),
            model: values.model.trim(),
            name: values.name.trim(),
            description: values.description?.trim() ?? '',
            specs: Object.fromEntries(free.length ? free : typed.map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v])),
          };
          save.mutate(
            { productId: current?.id ?? null, body },
            {
              onSuccess: (saved) => {
                void message.success(current ? t('catalogue.products.saved') : t('catalogue.products.created'));
                setCurrent(saved);
              },
              onError: problem.onError,
            },
          );
        }}
      >
        <Form.Item
          name="categoryCode"
          required
          label={label('categoryCode')}
          rules={[zodRule(productInput.shape.categoryCode, label('categoryCode'), t, { choose: true })]}
        >
          <CategorySelect placeholder={t('experts.specialtiesPlaceholder')} />
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item
            name="brand"
            required
            label={label('brand')}
            rules={[zodRule(productInput.shape.brand, label('brand'), t)]}
            style={{ flex: '1 1 160px' }}
          >
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item
            name="model"
            required
            label={label('model')}
            rules={[zodRule(productInput.shape.model, label('model'), t)]}
            style={{ flex: '1 1 200px' }}
          >
            <Input maxLength={80} className="hash" />
          </Form.Item>
        </Flex>
        <Form.Item
          name="name"
          required
          label={label('name')}
          rules={[zodRule(productInput.shape.name, label('name'), t)]}
          extra={t('catalogue.products.nameHint')}
        >
          <Input maxLength={120} />
        </Form.Item>
        <Typography.Text strong>{t('catalogue.products.specsTitle')}</Typography.Text>
        <div style={{ margin: '8px 0 16px' }}>
          <SpecFields categoryCode={categoryCode} productId={sameCategory ? current.id : null} />
        </div>
        <Form.Item
          name="description"
          label={label('description')}
          rules={[zodRule(productInput.shape.description, label('description'), t)]}
        >
          <Input.TextArea rows={3} maxLength={5000} showCount />
        </Form.Item>
      </Form>
      <Typography.Text strong>{t('catalogue.products.images')}</Typography.Text>
      <div style={{ marginTop: 8 }}>
        {current ? (
          <ProductImages product={current} onChanged={setCurrent} />
        ) : (
          <Typography.Text type="secondary">{t('catalogue.products.imagesAfterCreate')}</Typography.Text>
        )}
      </div>
    </Drawer>
  );
}

/** 标准商品: the catalogue's standard products (brand, model, specs) that suppliers offer. */
export default function ProductsPage() {
  const { t } = useTranslation();
  const list = useListParams(['category', 'q']);
  const products = useProducts({ page: list.page, pageSize: list.pageSize, category: list.filters.category, q: list.filters.q });
  const [editing, setEditing] = useState<Product | null>(null);
  const [open, setOpen] = useState(false);
  // Each opening starts from the product as listed (a fresh drawer, a fresh form).
  const [opened, setOpened] = useState(0);
  const categoryIndex = useCategoryIndex();
  const english = useLanguage() === 'en';
  const filtered = Object.values(list.filters).some(Boolean);
  const openProduct = (p: Product | null) => {
    setEditing(p);
    setOpened((n) => n + 1);
    setOpen(true);
  };

  const columns: TableColumnsType<Product> = [
    {
      key: 'name',
      dataIndex: 'name',
      title: t('catalogue.products.fields.name'),
      render: (v: string, p) => (
        <Typography.Link onClick={() => openProduct(p)} style={{ display: 'inline-block', maxWidth: 300, whiteSpace: 'normal' }}>
          {v}
        </Typography.Link>
      ),
    },
    { key: 'brand', dataIndex: 'brand', title: t('catalogue.products.fields.brand') },
    {
      key: 'model',
      dataIndex: 'model',
      title: t('catalogue.products.fields.model'),
      render: (v: string) => <span className="hash">{v}</span>,
    },
    {
      key: 'category',
      dataIndex: 'categoryCode',
      title: t('catalogue.products.fields.categoryCode'),
      render: (v: string) => <CategoryTag code={v} />,
    },
    {
      key: 'specs',
      dataIndex: 'specs',
      title: t('catalogue.products.specsTitle'),
      render: (v: Product['specs'], p: Product) => {
        const entries = Object.entries(v);
        // Each spec by its category's label (English when the page is) and unit, as the product page shows it.
        const schema = categoryIndex.byCode.get(p.categoryCode)?.specSchema ?? [];
        const worded = ([k, value]: [string, unknown]) => {
          const f = schema.find((x) => x.key === k);
          return f ? `${english ? f.labelEn : f.label}: ${String(value)}${f.unit ? ` ${f.unit}` : ''}` : `${k}: ${String(value)}`;
        };
        return entries.length ? (
          <Typography.Text type="secondary" style={{ display: 'inline-block', maxWidth: 260, whiteSpace: 'normal', fontSize: 12 }}>
            {entries.map(worded).join(' · ')}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
        );
      },
    },
    {
      key: 'images',
      dataIndex: 'images',
      title: t('catalogue.products.images'),
      align: 'right',
      render: (v: Product['images']) => v.length,
    },
    {
      key: 'status',
      dataIndex: 'status',
      title: t('catalogue.products.status'),
      render: (s: Product['status']) => <Tag color={s === 'active' ? 'green' : 'default'}>{t(`catalogue.products.statuses.${s}`)}</Tag>,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_: unknown, p) => (
        <Flex gap={4}>
          <Button size="small" onClick={() => openProduct(p)}>
            {t('catalogue.products.edit')}
          </Button>
          <Link to={`/products/${encodeURIComponent(p.id)}`} target="_blank">
            <Button size="small" type="link">
              {t('catalogue.products.view')}
            </Button>
          </Link>
        </Flex>
      ),
    },
  ];

  return (
    <>
      <PageTitle
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => openProduct(null)}>
            {t('catalogue.products.create')}
          </Button>
        }
      >
        {t('catalogue.products.pageTitle')}
      </PageTitle>
      <Card>
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {t('catalogue.products.intro')}
        </Typography.Paragraph>
        <div className="table-filters">
          <CategorySelect
            value={list.filters.category}
            onChange={(v) => list.setFilter('category', typeof v === 'string' ? v : undefined)}
            placeholder={t('catalogue.listing.categoryFilter')}
            aria-label={t('catalogue.listing.categoryFilter')}
          />
          <Input.Search
            key={list.filters.q ?? ''}
            allowClear
            defaultValue={list.filters.q}
            maxLength={50}
            placeholder={t('catalogue.products.searchPlaceholder')}
            onSearch={(v) => list.setFilter('q', v.trim() || undefined)}
            enterButton={t('common.search')}
          />
          <ExportButtons
            path="/api/products"
            filters={{ category: list.filters.category, q: list.filters.q }}
            filename={t('catalogue.products.pageTitle')}
            testId="products-export"
          />
        </div>
        {products.isError && !products.data ? (
          <LoadError error={products.error} onRetry={() => void products.refetch()} />
        ) : (
          <Table<Product>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={products.data?.items ?? []}
            loading={products.isFetching}
            pagination={tablePagination(list, products.data?.total, t)}
            scroll={{ x: 'max-content' }}
            locale={{
              emptyText: products.isPending ? (
                ' '
              ) : (
                <EmptyState
                  title={filtered ? t('catalogue.products.emptyFiltered') : t('catalogue.products.empty')}
                  hint={filtered ? t('catalogue.products.emptyFilteredHint') : t('catalogue.products.emptyHint')}
                />
              ),
            }}
          />
        )}
      </Card>
      <ProductDrawer key={opened} product={editing} open={open} onClose={() => setOpen(false)} />
    </>
  );
}
