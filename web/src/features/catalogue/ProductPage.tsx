import { ArrowLeftOutlined, TrophyOutlined } from '@ant-design/icons';
import { Alert, Breadcrumb, Card, Col, Descriptions, Flex, Grid, Image, Row, Skeleton, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { EmptyState, LoadError } from '../../app/components/states.tsx';
import { formatMoney } from '../../app/format.ts';
import { useLanguage } from '../../app/i18n/index.ts';
import { isApiProblem } from '../../app/api.ts';
import { useSession } from '../../app/session.ts';
import { AddToCart } from '../orders/AddToCart.tsx';
import { useOfferChecks } from '../orders/api.ts';
import { useFindingWords } from '../orders/findingWords.ts';
import { useProductPage, type Offer, type ProductPage as ProductPageData } from './api.ts';
import { CertificateList, GreenBadges, GreenPolicyTag, RegionList, SizeClassTag, useCategoryIndex } from './parts.tsx';

/** The spec table: the category's labels (English when the page is), units, then any spec the schema does not name. */
function SpecTable({ data }: { data: ProductPageData }) {
  const { t } = useTranslation();
  const english = useLanguage() === 'en';
  const specs = data.product.specs;
  const known = new Set(data.category.specSchema.map((f) => f.key));
  const items = [
    ...data.category.specSchema.map((f) => {
      const value = specs[f.key];
      return {
        key: f.key,
        label: english ? f.labelEn : f.label,
        children: value === undefined || value === '' ? t('common.none') : `${value}${f.unit ? ` ${f.unit}` : ''}`,
      };
    }),
    ...Object.entries(specs)
      .filter(([key]) => !known.has(key))
      .map(([key, value]) => ({ key, label: key, children: String(value) })),
  ];
  if (items.length === 0) return <Typography.Text type="secondary">{t('catalogue.product.noSpecs')}</Typography.Text>;
  return <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} items={items} data-testid="spec-table" />;
}

/**
 * 商品详情 (public): the standard product, its category's policy (green procurement, allocation cap)
 * and every supplier's offer side by side, cheapest first, the lowest price marked.
 */
export default function ProductPage() {
  const { t } = useTranslation();
  const english = useLanguage() === 'en';
  const { id } = useParams();
  const page = useProductPage(id);
  const { name: categoryName, byCode } = useCategoryIndex();
  const session = useSession();
  const purchaser = session.data?.user.roles.includes('purchaser') ?? false;
  // What the cart would say of each offer for this buyer, from the server's rules (purchasers only).
  const checks = useOfferChecks(id, purchaser);
  const findingWords = useFindingWords();
  const screens = Grid.useBreakpoint();
  const phone = Object.keys(screens).length > 0 && !screens.md;

  if (page.isPending) {
    return (
      <div className="app-content">
        <Skeleton active paragraph={{ rows: 12 }} />
      </div>
    );
  }
  if (page.isError) {
    const notFound = isApiProblem(page.error) && (page.error.status === 404 || page.error.status === 400);
    return (
      <div className="app-content">
        {notFound ? (
          <Card>
            <EmptyState title={t('catalogue.product.notFound')} hint={t('catalogue.product.notFoundHint')} />
          </Card>
        ) : (
          <LoadError error={page.error} onRetry={() => void page.refetch()} />
        )}
      </div>
    );
  }

  const { product, category, offers } = page.data;
  const lowest = offers.length ? Math.min(...offers.map((o) => o.priceFen)) : null;
  const highest = offers.length ? Math.max(...offers.map((o) => o.priceFen)) : null;
  const cap = category.allocationCapFen;
  const minYears = byCode.get(category.code)?.allocationMinYears ?? null;
  const path: string[] = [];
  for (let len = 1; len <= category.code.length; len++) if (byCode.has(category.code.slice(0, len))) path.push(category.code.slice(0, len));

  // 强制采购品目 without a certificate: the server's judgement for a purchaser; for anyone else what the offer shows.
  const uncertifiedMandatory = (o: Offer) => {
    const check = checks.data?.get(o.listingId);
    if (check) return check.findings.some((f) => f.code === 'green_mandatory');
    return o.certificates.length === 0 && o.green.length === 0 && category.greenPolicy === 'mandatory';
  };
  /** Why the cart refuses this offer for this buyer (its block findings), or undefined. */
  const refusal = (o: Offer) => {
    const check = checks.data?.get(o.listingId);
    if (!check || check.purchasable) return undefined;
    return check.findings
      .filter((f) => f.level === 'block')
      .map((f) => findingWords.text(f))
      .join(english ? '; ' : '；');
  };

  const columns: TableColumnsType<Offer> = [
    {
      key: 'supplier',
      dataIndex: 'supplierName',
      title: t('catalogue.product.supplier'),
      // On a phone the supplier scrolls away with the rest, so the price and the cart stay in view.
      ...(phone ? {} : { fixed: 'left' as const }),
      render: (name: string) => (
        <Link
          to={`/credit?q=${encodeURIComponent(name)}`}
          title={t('catalogue.product.creditLink')}
          style={{ whiteSpace: 'normal', display: 'inline-block', maxWidth: phone ? 120 : 200 }}
        >
          {name}
        </Link>
      ),
    },
    {
      key: 'price',
      dataIndex: 'priceFen',
      title: t('catalogue.product.price'),
      align: 'right',
      render: (v: number) => (
        <Flex vertical align="end" gap={2}>
          {v === lowest ? (
            <>
              <Typography.Text strong type="danger" style={{ fontSize: 15 }} data-testid="lowest-price">
                {formatMoney(v)}
              </Typography.Text>
              <Tag color="red" icon={<TrophyOutlined />} style={{ marginInlineEnd: 0 }}>
                {t('catalogue.product.lowest')}
              </Tag>
            </>
          ) : (
            <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatMoney(v)}</span>
          )}
          {cap !== null && v > cap ? (
            <Tooltip title={t('catalogue.product.overCapHint', { cap: formatMoney(cap) })}>
              <Tag color="orange" style={{ marginInlineEnd: 0 }}>
                {t('catalogue.product.overCap')}
              </Tag>
            </Tooltip>
          ) : null}
        </Flex>
      ),
    },
    { key: 'size', dataIndex: 'sizeClass', title: t('catalogue.product.sizeClass'), render: (v: string) => <SizeClassTag sizeClass={v} /> },
    {
      key: 'credit',
      dataIndex: 'creditScore',
      title: t('catalogue.product.creditScore'),
      align: 'right',
      render: (v: number) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{v.toFixed(2)}</span>,
    },
    { key: 'stock', dataIndex: 'stock', title: t('catalogue.product.stock'), align: 'right' },
    {
      key: 'regions',
      dataIndex: 'deliveryRegions',
      title: t('catalogue.product.regions'),
      render: (v: string[]) => <RegionList codes={v} max={4} />,
    },
    {
      key: 'leadTime',
      dataIndex: 'leadTimeDays',
      title: t('catalogue.product.leadTime'),
      align: 'right',
      render: (v: number) => t('catalogue.product.days', { n: v }),
    },
    {
      key: 'certificates',
      dataIndex: 'certificates',
      title: t('catalogue.product.certificates'),
      render: (v: Offer['certificates'], o) => (
        <Flex vertical gap={4}>
          {v.length === 0 && o.green.length > 0 ? <GreenBadges green={o.green} /> : <CertificateList certificates={v} />}
          {uncertifiedMandatory(o) ? (
            <Tag color="red" style={{ marginInlineEnd: 0 }}>
              {t('catalogue.product.noCertMandatory')}
            </Tag>
          ) : null}
        </Flex>
      ),
    },
    // 购买 (加入购物车, 立即购买): logged-in purchasers only; the cart's policy check says what the order will need.
    ...(purchaser
      ? [
          {
            key: 'cart',
            title: t('orders.cart.buy'),
            // On a phone nothing is pinned: a pinned column there covered the price beside it.
            ...(phone ? {} : { fixed: 'right' as const }),
            render: (_: unknown, o: Offer) => (
              <AddToCart listingId={o.listingId} stock={o.stock} productName={product.name} blocked={refusal(o)} />
            ),
          },
        ]
      : []),
  ];

  return (
    <div className="app-content">
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[
          { key: 'home', title: <Link to="/">{t('nav.home')}</Link> },
          { key: 'search', title: <Link to="/search">{t('nav.search')}</Link> },
          ...path.map((code) => ({
            key: code,
            title: <Link to={`/search?category=${encodeURIComponent(code)}`}>{categoryName(code)}</Link>,
          })),
        ]}
      />
      <Flex vertical gap={16}>
        <Card>
          <Row gutter={[24, 16]}>
            {product.images.length > 0 ? (
              <Col xs={24} md={8}>
                <Image.PreviewGroup>
                  <Flex gap={8} wrap>
                    {product.images.map((img, i) => (
                      <Image
                        key={img.id}
                        src={img.url}
                        alt={`${product.name} ${i + 1}`}
                        width={i === 0 ? '100%' : 72}
                        style={{ maxHeight: i === 0 ? 280 : 72, objectFit: 'contain' }}
                      />
                    ))}
                  </Flex>
                </Image.PreviewGroup>
              </Col>
            ) : null}
            <Col xs={24} md={product.images.length > 0 ? 16 : 24}>
              <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="product-name">
                {product.name}
              </Typography.Title>
              <Descriptions
                size="small"
                column={{ xs: 1, sm: 2, lg: 3 }}
                items={[
                  { key: 'brand', label: t('catalogue.product.brand'), children: product.brand },
                  { key: 'model', label: t('catalogue.product.model'), children: <span className="hash">{product.model}</span> },
                  {
                    key: 'category',
                    label: t('catalogue.product.category'),
                    children: (
                      <Flex gap={6} wrap align="center">
                        <span>
                          <span className="category-code">{category.code}</span>
                          {english && category.nameEn ? category.nameEn : category.name}
                        </span>
                        <GreenPolicyTag policy={category.greenPolicy} />
                      </Flex>
                    ),
                  },
                  {
                    key: 'cap',
                    label: t('catalogue.product.allocationCap'),
                    children:
                      cap === null ? (
                        t('catalogue.product.noCap')
                      ) : (
                        <span data-testid="allocation-cap">
                          {formatMoney(cap)}
                          {minYears ? (
                            <Typography.Text type="secondary">{t('catalogue.product.minYears', { n: minYears })}</Typography.Text>
                          ) : null}
                        </span>
                      ),
                  },
                  {
                    key: 'range',
                    label: t('catalogue.product.priceRange'),
                    children:
                      lowest === null || highest === null
                        ? t('common.none')
                        : lowest === highest
                          ? formatMoney(lowest)
                          : `${formatMoney(lowest)} – ${formatMoney(highest)}`,
                  },
                  {
                    key: 'offers',
                    label: t('catalogue.product.offerCount'),
                    children: t('catalogue.product.suppliersN', { n: offers.length }),
                  },
                ]}
              />
              {category.greenPolicy !== 'none' ? (
                <Alert
                  type={category.greenPolicy === 'mandatory' ? 'warning' : 'info'}
                  showIcon
                  style={{ marginTop: 8 }}
                  title={category.greenPolicy === 'mandatory' ? t('catalogue.product.mandatoryRule') : t('catalogue.product.priorityRule')}
                />
              ) : null}
              {cap !== null ? (
                <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
                  {t('catalogue.product.capRule', { cap: formatMoney(cap) })}
                </Typography.Paragraph>
              ) : null}
              {product.description ? <Typography.Paragraph style={{ marginTop: 12 }}>{product.description}</Typography.Paragraph> : null}
            </Col>
          </Row>
        </Card>

        <Card title={t('catalogue.product.offersTitle', { n: offers.length })} data-testid="offers">
          <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
            {t('catalogue.product.offersHint')}
          </Typography.Paragraph>
          <Table<Offer>
            rowKey="listingId"
            size="small"
            columns={columns}
            dataSource={offers}
            rowClassName={(o) => (o.priceFen === lowest ? 'offer-lowest' : '')}
            pagination={offers.length > 30 ? { pageSize: 30, showSizeChanger: false } : false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <EmptyState title={t('catalogue.product.noOffers')} hint={t('catalogue.product.noOffersHint')} /> }}
          />
        </Card>

        <Card title={t('catalogue.product.specsTitle')}>
          <SpecTable data={page.data} />
        </Card>
        <div>
          <Link to={`/search?category=${encodeURIComponent(category.code)}`}>
            <ArrowLeftOutlined />{' '}
            {t('catalogue.product.sameCategory', { name: english && category.nameEn ? category.nameEn : category.name })}
          </Link>
        </div>
      </Flex>
    </div>
  );
}
