import { CloseOutlined, FilterOutlined, ShopOutlined } from '@ant-design/icons';
import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Col,
  Drawer,
  Flex,
  Form,
  Grid,
  Input,
  Pagination,
  Radio,
  Row,
  Segmented,
  Select,
  Skeleton,
  Spin,
  Tag,
  Tree,
  Typography,
} from 'antd';
import type { DataNode } from 'antd/es/tree';
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { EmptyState, LoadError, problemText } from '../../app/components/states.tsx';
import { formatMoney } from '../../app/format.ts';
import { zodRule } from '../../app/forms.ts';
import { useSearch, type FacetCount, type GreenKind, type SearchHit, type SearchParams, type SizeKey, type SortKey } from './api.ts';
import { GreenBadges, Highlighted, ProductThumb, RegionList, SmeBadge, useCategoryIndex, useRegionName } from './parts.tsx';
import { searchQuerySchema } from './schema.ts';

const sorts: readonly SortKey[] = ['relevance', 'price_asc', 'price_desc', 'newest'];
const greens: readonly GreenKind[] = ['energy_saving', 'environmental_label'];
const sizes: readonly SizeKey[] = ['large', 'medium', 'small', 'micro'];
const priceBands = searchQuerySchema.shape.price.unwrap().options;
type PriceBand = (typeof priceBands)[number];
const defaultPageSize = 20;
/** The API pages at most 500 deep. */
const maxPage = 500;
const brandsShown = 12;

function positiveInt(raw: string | null, fallback: number, max: number): number {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? Math.min(n, max) : fallback;
}

/** The search as the URL holds it: q, single filters, repeated multi-select filters, sort, page. */
function useSearchState() {
  const [params, setParams] = useSearchParams();
  const state: Required<Pick<SearchParams, 'sort' | 'page' | 'pageSize'>> & SearchParams = {
    q: params.get('q')?.trim() || undefined,
    category: params.get('category') || undefined,
    brand: params.getAll('brand').filter(Boolean),
    region: params.get('region') || undefined,
    green: params.getAll('green').filter((g): g is GreenKind => greens.includes(g as GreenKind)),
    size: params.getAll('size').filter((s): s is SizeKey => sizes.includes(s as SizeKey)),
    price: priceBands.find((b) => b === params.get('price')),
    sort: sorts.find((s) => s === params.get('sort')) ?? 'relevance',
    page: positiveInt(params.get('page'), 1, maxPage),
    pageSize: positiveInt(params.get('pageSize'), defaultPageSize, 60),
  };

  /** Changes some keys (a list replaces all values of its key); any change but paging goes back to page 1. */
  function update(changes: Record<string, string | readonly string[] | number | undefined>) {
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [key, value] of Object.entries(changes)) {
        next.delete(key);
        if (Array.isArray(value)) for (const v of value as readonly string[]) next.append(key, v);
        else if (value !== undefined && value !== '') next.set(key, String(value));
      }
      if (!('page' in changes)) next.delete('page');
      if (next.get('sort') === 'relevance') next.delete('sort');
      return next;
    });
  }

  const filterCount =
    (state.category ? 1 : 0) +
    (state.brand?.length ?? 0) +
    (state.region ? 1 : 0) +
    (state.green?.length ?? 0) +
    (state.size?.length ?? 0) +
    (state.price ? 1 : 0);
  const clearFilters = () =>
    update({ category: undefined, brand: undefined, region: undefined, green: undefined, size: undefined, price: undefined });
  return {
    state,
    /** The page the address asked for (beyond the last a search can reach too), for the words of an empty page. */
    askedPage: positiveInt(params.get('page'), 1, Number.MAX_SAFE_INTEGER),
    update,
    filterCount,
    clearFilters,
  };
}

type SearchState = ReturnType<typeof useSearchState>;

/** True when the counts shown are estimates (more matched than the exact-count bound): shown as 约 N. */
const ApproximateCounts = createContext(false);

function useCountText() {
  const { t } = useTranslation();
  const approximate = useContext(ApproximateCounts);
  return useCallback(
    (n: number | undefined) => (n === undefined ? '' : ` (${approximate ? t('catalogue.search.approx', { n }) : n})`),
    [approximate, t],
  );
}

function FacetSection({ title, children, extra }: { title: string; children: React.ReactNode; extra?: React.ReactNode }) {
  return (
    <section className="facet">
      <Flex justify="space-between" align="center" className="facet-title">
        <Typography.Text strong>{title}</Typography.Text>
        {extra}
      </Flex>
      {children}
    </section>
  );
}

/** The category facet as a tree of the categories that have matches, each with its count. */
function CategoryFacet({ facet, search }: { facet: FacetCount[]; search: SearchState }) {
  const { t } = useTranslation();
  const { byCode, name } = useCategoryIndex();
  const countText = useCountText();
  const counts = useMemo(() => new Map(facet.map((f) => [f.value, f.count])), [facet]);
  const treeData = useMemo(() => {
    const codes = [...counts.keys()].sort();
    const nodes = new Map<string, DataNode & { children: DataNode[] }>();
    const roots: DataNode[] = [];
    for (const code of codes) {
      const node = {
        key: code,
        title: (
          <span data-testid={`facet-category-${code}`}>
            {name(code)}
            <Typography.Text type="secondary">{countText(counts.get(code))}</Typography.Text>
          </span>
        ),
        children: [] as DataNode[],
      };
      nodes.set(code, node);
      const parentCode = byCode.get(code)?.parentCode;
      const parent = parentCode ? nodes.get(parentCode) : undefined;
      if (parent) parent.children.push(node);
      else roots.push(node);
    }
    for (const node of nodes.values()) if (node.children.length === 0) delete (node as DataNode).children;
    return roots;
  }, [counts, byCode, name, countText]);

  if (treeData.length === 0) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return (
    <Tree
      key={[...counts.keys()].join(',')}
      blockNode
      defaultExpandAll={counts.size <= 30}
      defaultExpandedKeys={search.state.category ? [search.state.category] : []}
      selectedKeys={search.state.category ? [search.state.category] : []}
      treeData={treeData}
      onSelect={(keys) => search.update({ category: keys[0] === undefined ? undefined : String(keys[0]) })}
    />
  );
}

/** A multi-select facet: every value with its count; values chosen but no longer counted stay listed. */
function CheckFacet<V extends string>({
  facet,
  chosen,
  label,
  onChange,
  limit,
  order,
  testId,
}: {
  facet: FacetCount[];
  chosen: readonly V[];
  label: (value: V) => string;
  onChange: (values: V[]) => void;
  limit?: number;
  /** A fixed order (sizes large → micro) instead of the largest count first. */
  order?: readonly V[];
  testId: string;
}) {
  const { t } = useTranslation();
  const [expanded, setExpanded] = useState(false);
  const countText = useCountText();
  const counts = new Map(facet.map((f) => [f.value, f.count]));
  const found = [...new Set([...(facet.map((f) => f.value) as V[]), ...chosen])];
  const values = order ? order.filter((v) => found.includes(v)) : [...new Set([...chosen, ...found])];
  const shown = limit && !expanded ? values.slice(0, Math.max(limit, chosen.length)) : values;
  if (values.length === 0) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return (
    <>
      <Checkbox.Group
        value={[...chosen]}
        onChange={(next) => onChange(next as V[])}
        style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
      >
        {shown.map((value) => (
          <Checkbox key={value} value={value} data-testid={`facet-${testId}-${value}`}>
            {label(value)}
            <Typography.Text type="secondary" data-testid="facet-count">
              {countText(counts.get(value) ?? 0)}
            </Typography.Text>
          </Checkbox>
        ))}
      </Checkbox.Group>
      {limit && values.length > shown.length ? (
        <Button type="link" size="small" style={{ paddingInline: 0 }} onClick={() => setExpanded(true)}>
          {t('catalogue.search.moreBrands', { n: values.length - shown.length })}
        </Button>
      ) : null}
    </>
  );
}

/** A single-choice facet (region, price band): a radio list with "不限" first. */
function RadioFacet({
  options,
  value,
  onChange,
  testId,
}: {
  options: { value: string; label: string; count: number | undefined }[];
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const countText = useCountText();
  return (
    <Radio.Group
      value={value ?? ''}
      onChange={(e) => onChange((e.target.value as string) || undefined)}
      style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
    >
      <Radio value="">{t('catalogue.search.any')}</Radio>
      {options.map((o) => (
        <Radio key={o.value} value={o.value} data-testid={`facet-${testId}-${o.value}`}>
          {o.label}
          <Typography.Text type="secondary">{countText(o.count)}</Typography.Text>
        </Radio>
      ))}
    </Radio.Group>
  );
}

interface Facets {
  category: FacetCount[];
  brand: FacetCount[];
  region: FacetCount[];
  green: FacetCount[];
  size: FacetCount[];
  price: FacetCount[];
}

function FacetPanel({ facets, search }: { facets: Facets; search: SearchState }) {
  const { t } = useTranslation();
  const regionName = useRegionName();
  const { state, update } = search;
  const priceCounts = new Map(facets.price.map((f) => [f.value, f.count]));
  return (
    <div className="facets" data-testid="facets">
      <FacetSection
        title={t('catalogue.search.facetCategory')}
        extra={
          state.category ? (
            <Button type="link" size="small" onClick={() => update({ category: undefined })}>
              {t('catalogue.search.allCategories')}
            </Button>
          ) : null
        }
      >
        <CategoryFacet facet={facets.category} search={search} />
      </FacetSection>
      <FacetSection title={t('catalogue.search.facetBrand')}>
        <CheckFacet
          facet={facets.brand}
          chosen={state.brand ?? []}
          label={(v) => v}
          onChange={(brand) => update({ brand })}
          limit={brandsShown}
          testId="brand"
        />
      </FacetSection>
      <FacetSection title={t('catalogue.search.facetSize')}>
        <CheckFacet
          facet={facets.size}
          chosen={state.size ?? []}
          label={(v: SizeKey) => t(`catalogue.search.size.${v}`)}
          onChange={(size) => update({ size })}
          order={sizes}
          testId="size"
        />
      </FacetSection>
      <FacetSection title={t('catalogue.search.facetGreen')}>
        <CheckFacet
          facet={facets.green}
          chosen={state.green ?? []}
          label={(v: GreenKind) => t(`catalogue.green.${v}`)}
          onChange={(green) => update({ green })}
          order={greens}
          testId="green"
        />
        {facets.green.length > 1 ? (
          <Typography.Paragraph type="secondary" className="facet-note">
            {t('catalogue.search.greenNote')}
          </Typography.Paragraph>
        ) : null}
      </FacetSection>
      <FacetSection title={t('catalogue.search.facetPrice')}>
        <RadioFacet
          value={state.price}
          onChange={(price) => update({ price })}
          testId="price"
          options={priceBands
            .filter((b) => priceCounts.has(b) || b === state.price)
            .map((b: PriceBand) => ({ value: b, label: t(`catalogue.search.price.${b}`), count: priceCounts.get(b) }))}
        />
      </FacetSection>
      <FacetSection title={t('catalogue.search.facetRegion')}>
        <RadioFacet
          value={state.region}
          onChange={(region) => update({ region })}
          testId="region"
          options={[...new Set([...(state.region ? [state.region] : []), ...facets.region.map((f) => f.value)])].map((code) => ({
            value: code,
            label: regionName(code),
            count: facets.region.find((f) => f.value === code)?.count,
          }))}
        />
        <Typography.Paragraph type="secondary" className="facet-note">
          {t('catalogue.search.regionNote')}
        </Typography.Paragraph>
      </FacetSection>
    </div>
  );
}

function HitCard({ hit }: { hit: SearchHit }) {
  const { t } = useTranslation();
  const { name: categoryName } = useCategoryIndex();
  return (
    <Card size="small" className="search-hit" data-testid="search-hit">
      <Flex gap={12} wrap justify="space-between">
        <ProductThumb url={hit.imageUrl} alt={hit.name} />
        <div className="search-hit-main">
          <Link to={`/products/${encodeURIComponent(hit.productId)}`} className="search-hit-name" data-testid="hit-name">
            <Highlighted pieces={hit.highlight} />
          </Link>
          <div className="search-hit-meta">
            <Typography.Text type="secondary">
              {hit.brand} · {hit.model} · {categoryName(hit.categoryCode)}
            </Typography.Text>
          </div>
          <Flex gap={4} wrap align="center" className="search-hit-meta">
            <ShopOutlined />
            {hit.offers > 1 && <Typography.Text type="secondary">{t('catalogue.search.bestOffer')}</Typography.Text>}
            <span data-testid="hit-supplier">{hit.supplierName}</span>
            <SmeBadge sizeClass={hit.sizeClass} />
            <GreenBadges green={hit.green} />
          </Flex>
          <div className="search-hit-meta">
            <Typography.Text type="secondary">
              {t('catalogue.search.delivery')}
              <RegionList codes={hit.deliveryRegions} />
              {' · '}
              {t('catalogue.search.leadTime', { days: hit.leadTimeDays })}
            </Typography.Text>
          </div>
        </div>
        <div className="search-hit-side">
          {hit.offers > 1 && (
            <Typography.Text type="secondary" className="search-hit-offers" data-testid="hit-offers">
              {t('catalogue.search.offersFrom', { n: hit.offers })}
            </Typography.Text>
          )}
          <div className="search-hit-price" data-testid="hit-price">
            {formatMoney(hit.priceFen)}
          </div>
          <Link to={`/products/${encodeURIComponent(hit.productId)}`}>{t('catalogue.search.compare')}</Link>
        </div>
      </Flex>
    </Card>
  );
}

/** The chosen filters as closable tags above the results. */
function ActiveFilters({ search }: { search: SearchState }) {
  const { t } = useTranslation();
  const { name: categoryName } = useCategoryIndex();
  const regionName = useRegionName();
  const { state, update } = search;
  const tags: { key: string; label: string; remove: () => void }[] = [];
  if (state.category) tags.push({ key: 'category', label: categoryName(state.category), remove: () => update({ category: undefined }) });
  for (const b of state.brand ?? [])
    tags.push({ key: `brand-${b}`, label: b, remove: () => update({ brand: state.brand?.filter((x) => x !== b) }) });
  for (const s of state.size ?? [])
    tags.push({
      key: `size-${s}`,
      label: t(`catalogue.search.size.${s}`),
      remove: () => update({ size: state.size?.filter((x) => x !== s) }),
    });
  for (const g of state.green ?? [])
    tags.push({
      key: `green-${g}`,
      label: t(`catalogue.green.${g}`),
      remove: () => update({ green: state.green?.filter((x) => x !== g) }),
    });
  if (state.price)
    tags.push({ key: 'price', label: t(`catalogue.search.price.${state.price as PriceBand}`), remove: () => update({ price: undefined }) });
  if (state.region)
    tags.push({
      key: 'region',
      label: t('catalogue.search.deliversTo', { region: regionName(state.region) }),
      remove: () => update({ region: undefined }),
    });
  if (tags.length === 0) return null;
  return (
    <Flex gap={4} wrap align="center" style={{ marginBottom: 8 }} data-testid="active-filters">
      {tags.map((tag) => (
        <Tag key={tag.key} closable onClose={tag.remove} closeIcon={<CloseOutlined aria-label={t('catalogue.search.removeFilter')} />}>
          {tag.label}
        </Tag>
      ))}
      <Button type="link" size="small" onClick={search.clearFilters}>
        {t('catalogue.search.clearFilters')}
      </Button>
    </Flex>
  );
}

interface QueryForm {
  q: string;
}

/**
 * 商品搜索 (public): full text with synonyms over every listing on the shelf, facets with counts on
 * the left (a Drawer on a phone), sorts, server paging; every choice lives in the URL.
 */
export default function SearchPage() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const search = useSearchState();
  const { state } = search;
  const [form] = Form.useForm<QueryForm>();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const result = useSearch(state);

  // Brand, size and price answer "what if I chose this one too / instead": their counts come from the
  // same search without their own filter (the API counts facets over the already-filtered set).
  const withoutBrand = useSearch({ ...state, brand: undefined, page: 1, pageSize: 1 }, (state.brand?.length ?? 0) > 0);
  const withoutSize = useSearch({ ...state, size: undefined, page: 1, pageSize: 1 }, (state.size?.length ?? 0) > 0);
  const withoutPrice = useSearch({ ...state, price: undefined, page: 1, pageSize: 1 }, !!state.price);

  useEffect(() => form.setFieldsValue({ q: state.q ?? '' }), [form, state.q]);

  const data = result.data;
  const facets: Facets | null = data
    ? {
        ...data.facets,
        brand: state.brand?.length ? (withoutBrand.data?.facets.brand ?? data.facets.brand) : data.facets.brand,
        size: state.size?.length ? (withoutSize.data?.facets.size ?? data.facets.size) : data.facets.size,
        price: state.price ? (withoutPrice.data?.facets.price ?? data.facets.price) : data.facets.price,
      }
    : null;
  const wide = screens.lg ?? true;

  const panel = facets ? (
    <ApproximateCounts.Provider value={data?.approximate ?? false}>
      <FacetPanel facets={facets} search={search} />
    </ApproximateCounts.Provider>
  ) : (
    <Skeleton active paragraph={{ rows: 10 }} />
  );
  const totalText = data ? (data.approximate ? t('catalogue.search.approx', { n: data.total }) : data.total) : 0;

  let body: React.ReactNode;
  if (result.isPending) body = <Skeleton active paragraph={{ rows: 12 }} />;
  else if (result.isError && !data) body = <LoadError error={result.error} onRetry={() => void result.refetch()} />;
  else if (data && data.total === 0)
    body = (
      <Card>
        <EmptyState
          title={state.q ? t('catalogue.search.noneFor', { q: state.q }) : t('catalogue.search.none')}
          hint={search.filterCount > 0 ? t('catalogue.search.noneFilteredHint') : t('catalogue.search.noneHint')}
        />
        {search.filterCount > 0 ? (
          <Flex justify="center">
            <Button type="primary" onClick={search.clearFilters} data-testid="clear-filters">
              {t('catalogue.search.clearFilters')}
            </Button>
          </Flex>
        ) : null}
      </Card>
    );
  else if (data)
    body = (
      <Spin spinning={result.isFetching && result.isPlaceholderData}>
        {result.isError ? (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 8 }}
            title={t('errors.loadFailed')}
            description={problemText(result.error, t)}
            action={
              <Button size="small" onClick={() => void result.refetch()}>
                {t('common.retry')}
              </Button>
            }
          />
        ) : null}
        {data.fuzzy ? (
          <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={t('catalogue.search.fuzzy')} data-testid="fuzzy-note" />
        ) : null}
        {data.hits.length === 0 ? (
          // A page past the last (a link kept from before the catalogue changed): say so, and offer the first.
          <Card>
            <EmptyState
              title={t('catalogue.search.pastLast', { page: search.askedPage })}
              hint={t('catalogue.search.pastLastHint', { n: totalText, page: search.askedPage })}
            />
            <Flex justify="center">
              <Button type="primary" onClick={() => search.update({ page: undefined })} data-testid="first-page">
                {t('catalogue.search.firstPage')}
              </Button>
            </Flex>
          </Card>
        ) : (
          <Flex vertical gap={8}>
            {data.hits.map((hit) => (
              <HitCard key={hit.productId} hit={hit} />
            ))}
          </Flex>
        )}
        {/* Past the last page the empty state leads back; a pager there would mark a page not shown. */}
        {data.hits.length > 0 ? (
          <Flex justify="center" style={{ marginTop: 16 }}>
            <Pagination
              current={state.page}
              pageSize={state.pageSize}
              total={Math.min(data.total, maxPage * state.pageSize)}
              showSizeChanger={false}
              responsive
              showLessItems={!screens.sm}
              onChange={(page) => {
                search.update({ page: page === 1 ? undefined : page });
                window.scrollTo({ top: 0 });
              }}
            />
          </Flex>
        ) : null}
      </Spin>
    );

  return (
    <>
      <section className="home-hero search-hero">
        <div className="home-hero-inner">
          <Form
            form={form}
            className="home-search"
            initialValues={{ q: state.q ?? '' }}
            onFinish={(values) =>
              // A new query keeps the category and the sort; the other filters belonged to the old one.
              search.update({
                q: values.q.trim() || undefined,
                brand: undefined,
                region: undefined,
                green: undefined,
                size: undefined,
                price: undefined,
              })
            }
          >
            <Form.Item name="q" rules={[zodRule(searchQuerySchema.shape.q, t('catalogue.search.label'), t)]} style={{ marginBottom: 0 }}>
              <Input.Search
                size="large"
                allowClear
                maxLength={100}
                placeholder={t('home.searchPlaceholder')}
                aria-label={t('catalogue.search.label')}
                enterButton={t('common.search')}
                onSearch={() => form.submit()}
              />
            </Form.Item>
          </Form>
        </div>
      </section>
      <div className="app-content">
        <Row gutter={[16, 16]}>
          {wide ? (
            <Col lg={6}>
              <Card size="small" title={t('catalogue.search.filters')}>
                {panel}
              </Card>
            </Col>
          ) : null}
          <Col xs={24} lg={18}>
            <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
              <Typography.Text data-testid="search-total">
                {data
                  ? state.q
                    ? t('catalogue.search.totalFor', { total: totalText, q: state.q })
                    : t('catalogue.search.total', { total: totalText })
                  : ' '}
              </Typography.Text>
              <Flex gap={8} wrap align="center">
                {wide ? null : (
                  <Badge count={search.filterCount} size="small">
                    <Button icon={<FilterOutlined />} onClick={() => setDrawerOpen(true)} data-testid="open-filters">
                      {t('catalogue.search.filters')}
                    </Button>
                  </Badge>
                )}
                {screens.sm ? (
                  <Segmented<SortKey>
                    value={state.sort}
                    options={sorts.map((s) => ({ value: s, label: t(`catalogue.search.sort.${s}`) }))}
                    onChange={(sort) => search.update({ sort })}
                  />
                ) : (
                  <Select<SortKey>
                    value={state.sort}
                    style={{ width: 130 }}
                    aria-label={t('catalogue.search.sortLabel')}
                    options={sorts.map((s) => ({ value: s, label: t(`catalogue.search.sort.${s}`) }))}
                    onChange={(sort) => search.update({ sort })}
                  />
                )}
              </Flex>
            </Flex>
            <ActiveFilters search={search} />
            {body}
          </Col>
        </Row>
      </div>
      {wide ? null : (
        <Drawer
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          title={t('catalogue.search.filters')}
          placement="left"
          size={320}
          footer={
            <Flex gap={8} justify="space-between">
              <Button onClick={search.clearFilters} disabled={search.filterCount === 0}>
                {t('catalogue.search.clearFilters')}
              </Button>
              <Button type="primary" onClick={() => setDrawerOpen(false)}>
                {data ? t('catalogue.search.showResults', { total: totalText }) : t('common.back')}
              </Button>
            </Flex>
          }
        >
          {panel}
        </Drawer>
      )}
    </>
  );
}
