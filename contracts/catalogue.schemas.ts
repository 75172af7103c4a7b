import { z } from 'zod';
import { listingStatuses } from './enums/listings.ts';
import { isoDay } from './dates.ts';

const fenPrice = z.number({ message: '价格以分为单位' }).int('价格以分为单位，须为整数').positive('价格须大于 0').max(100_000_000_000);
const regionCode = z.string().regex(/^\d{6}$/, '地区代码应为 6 位数字（000000 表示全国）');
const categoryCode = z.string().regex(/^[ABC]\d{0,8}$/, '品目代码格式不正确');

export const certificateInput = z.object({
  kind: z.enum(['energy_saving', 'environmental_label']),
  number: z.string().trim().min(4, '请填写证书编号').max(60),
  issuer: z.string().trim().min(2, '请填写发证机构').max(100),
  validUntil: isoDay,
});

export const createListingBody = z.object({
  productId: z.uuid('标准商品编号格式不正确'),
  priceFen: fenPrice,
  stock: z.number().int('库存须为整数').min(0, '库存不能为负').max(10_000_000),
  deliveryRegions: z.array(regionCode).min(1, '至少选择一个配送地区').max(50),
  leadTimeDays: z.number().int().min(1, '供货周期至少 1 天').max(180, '供货周期最长 180 天'),
  certificates: z.array(certificateInput).max(10).default([]),
});
export type CreateListingBody = z.infer<typeof createListingBody>;

export const updateListingBody = createListingBody
  .omit({ productId: true })
  .partial()
  .extend({
    version: z.number().int().positive('请刷新后重试'),
  });
export type UpdateListingBody = z.infer<typeof updateListingBody>;

/** Many offers at once (a supplier's system, the demo's suppliers): all saved as drafts, or none. */
export const createListingsBody = z.object({ listings: z.array(createListingBody).min(1, '至少一条报价').max(5000, '一次最多 5000 条') });
/** Many listings moved one step at once (a supplier submitting its drafts, center staff passing a review queue). */
export const listingBatchBody = z.object({
  listingIds: z.array(z.uuid('报价编号格式不正确')).min(1, '至少选择一条报价').max(5000, '一次最多 5000 条'),
  reason: z.string().trim().max(1000).optional(),
});
export const listingBatchResult = z.object({ listingIds: z.array(z.string()) });

export const listingActionBody = z.object({ reason: z.string().trim().max(1000).optional() });
export const reasonRequiredBody = z.object({ reason: z.string().trim().min(2, '请填写理由').max(1000) });

export const listingStatusSchema = z.enum(listingStatuses);

export const listingSchema = z.object({
  id: z.string(),
  supplierId: z.string(),
  supplierName: z.string(),
  productId: z.string(),
  productName: z.string(),
  brand: z.string(),
  model: z.string(),
  categoryCode: z.string(),
  agreementId: z.string().nullable(),
  priceFen: z.number(),
  stock: z.number(),
  deliveryRegions: z.array(z.string()),
  leadTimeDays: z.number(),
  status: listingStatusSchema,
  priceFlag: z.string().nullable(),
  reviewNote: z.string().nullable(),
  statusReason: z.string().nullable(),
  version: z.number(),
  certificates: z.array(certificateInput.extend({ id: z.string(), valid: z.boolean() })),
  updatedAt: z.string(),
  manageable: z
    .boolean()
    .optional()
    .describe("Center staff only: whether the caller's center may act on it (its agreement was entered by a center of the caller's area)"),
});

export const listingListQuery = z.object({
  status: listingStatusSchema.optional(),
  category: categoryCode.optional(),
  q: z.string().trim().max(50).optional(),
  flagged: z.enum(['true', 'false']).optional(),
  manageable: z
    .enum(['true', 'false'])
    .optional()
    .describe("Center staff: only the listings the caller's center may act on (true) or only others (false)"),
});

export const productInput = z.object({
  categoryCode,
  brand: z.string().trim().min(1, '请填写品牌').max(50),
  model: z.string().trim().min(1, '请填写型号').max(80),
  name: z.string().trim().min(2, '请填写商品名称').max(120),
  specs: z.record(z.string(), z.union([z.string().max(200), z.number()])),
  description: z.string().trim().max(5000).default(''),
});

export const productSchema = z.object({
  id: z.string(),
  categoryCode: z.string(),
  categoryName: z.string(),
  brand: z.string(),
  model: z.string(),
  name: z.string(),
  specs: z.record(z.string(), z.union([z.string(), z.number()])),
  description: z.string(),
  status: z.enum(['active', 'retired']),
  images: z.array(z.object({ id: z.string(), url: z.string(), thumbUrl: z.string() })),
});

export const productListQuery = z.object({
  category: categoryCode.optional(),
  q: z.string().trim().max(50).optional(),
  /** true: only the products the caller's organization may list now (active, not listed by it yet): the new-listing picker. */
  listable: z.enum(['true', 'false']).optional(),
});

export const offerSchema = z.object({
  listingId: z.string(),
  supplierId: z.string(),
  supplierName: z.string(),
  sizeClass: z.string(),
  creditScore: z.number(),
  priceFen: z.number(),
  stock: z.number(),
  deliveryRegions: z.array(z.string()),
  leadTimeDays: z.number(),
  green: z.array(z.string()),
  certificates: z.array(z.object({ kind: z.string(), number: z.string(), issuer: z.string(), validUntil: z.string() })),
});

export const productPageSchema = z.object({
  product: productSchema,
  category: z.object({
    code: z.string(),
    name: z.string(),
    nameEn: z.string(),
    greenPolicy: z.string(),
    allocationCapFen: z.number().nullable(),
    referencePriceFen: z.number().nullable(),
    specSchema: z.array(z.object({ key: z.string(), label: z.string(), labelEn: z.string(), unit: z.string().optional() })),
  }),
  offers: z.array(offerSchema),
});

export const agreementInput = z.object({
  code: z.string().trim().min(4).max(40),
  title: z.string().trim().min(4).max(200),
  supplierId: z.uuid(),
  categoryCodes: z.array(categoryCode).min(1, '至少选择一个品目').max(50),
  brands: z.array(z.string().trim().min(1).max(50)).max(50).default([]),
  startsOn: isoDay,
  endsOn: isoDay,
  priceCapFen: fenPrice.nullable().default(null),
  minDiscount: z
    .string()
    .regex(/^0(\.\d{1,4})?$/, '折扣率为 0 到 1 之间的小数，最多 4 位')
    .nullable()
    .default(null),
});

export const amendAgreementBody = z.object({
  endsOn: isoDay.optional(),
  priceCapFen: fenPrice.nullable().optional(),
  minDiscount: z
    .string()
    .regex(/^0(\.\d{1,4})?$/)
    .nullable()
    .optional(),
  categoryCodes: z.array(categoryCode).min(1).max(50).optional(),
  brands: z.array(z.string().trim().min(1).max(50)).max(50).optional(),
  reason: z.string().trim().min(2, '请填写变更理由').max(1000),
});

export const agreementSchema = z.object({
  id: z.string(),
  code: z.string(),
  title: z.string(),
  supplierId: z.string(),
  supplierName: z.string(),
  categoryCodes: z.array(z.string()),
  brands: z.array(z.string()),
  startsOn: z.string(),
  endsOn: z.string(),
  priceCapFen: z.number().nullable(),
  minDiscount: z.string().nullable(),
  status: z.enum(['active', 'ended']),
  endedReason: z.string().nullable(),
  manageable: z
    .boolean()
    .optional()
    .describe("Center staff only: whether the caller's center may act on it (its agreement was entered by a center of the caller's area)"),
  amendments: z.array(
    z.object({
      changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
      reason: z.string(),
      createdAt: z.string(),
    }),
  ),
});

export const searchQuerySchema = z.object({
  q: z.string().trim().max(100, '搜索关键词最多 100 个字').optional(),
  category: categoryCode.optional(),
  brand: z
    .union([z.string().max(50), z.array(z.string().max(50)).max(20)])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .optional(),
  region: regionCode.optional(),
  green: z
    .union([z.enum(['energy_saving', 'environmental_label']), z.array(z.enum(['energy_saving', 'environmental_label']))])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .optional(),
  size: z
    .union([z.enum(['large', 'medium', 'small', 'micro']), z.array(z.enum(['large', 'medium', 'small', 'micro']))])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .optional(),
  price: z.enum(['0-1000', '1000-3000', '3000-5000', '5000-10000', '10000-50000', '50000+']).optional(),
  sort: z.enum(['relevance', 'price_asc', 'price_desc', 'newest']).default('relevance'),
  page: z.coerce.number().int().min(1).max(500).default(1),
  pageSize: z.coerce.number().int().min(1).max(60).default(20),
});

const facet = z.array(z.object({ value: z.string(), count: z.number().int() }));
export const searchResultSchema = z.object({
  /** One hit per product (SPU): its cheapest offer that meets the filters, and how many offers do. */
  hits: z.array(
    z.object({
      listingId: z.string(),
      offers: z.number().int(),
      productId: z.string(),
      supplierId: z.string(),
      supplierName: z.string(),
      sizeClass: z.string(),
      categoryCode: z.string(),
      brand: z.string(),
      model: z.string(),
      name: z.string(),
      highlight: z.array(z.object({ text: z.string(), match: z.boolean() })),
      priceFen: z.number(),
      leadTimeDays: z.number(),
      deliveryRegions: z.array(z.string()),
      green: z.array(z.string()),
      /** The product's first picture (thumbnail), or null. */
      imageUrl: z.string().nullable(),
    }),
  ),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  facets: z.object({ category: facet, brand: facet, region: facet, green: facet, size: facet, price: facet }),
  fuzzy: z.boolean(),
  /** More matched than the exact-count bound: total and facet counts are estimates (shown as 约). */
  approximate: z.boolean(),
});
