import { and, asc, count, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { containsPattern } from '../../db/columns.ts';
import type { Db } from '../../db/client.ts';
import {
  categories,
  listingCertificates,
  listings,
  organizations,
  productImages,
  products,
  type SpecField,
} from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDate } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, RuleViolationError } from '../../platform/errors.ts';
import { offsetOf, type PageQuery } from '../../../contracts/paging.ts';
import { acceptImage, type FileStore } from '../../platform/storage.ts';
import { thumbnail } from '../../platform/images.ts';
import * as credit from '../credit/credit.queries.ts';
import { buildDocuments } from './catalogue.documents.ts';
import { specProblems } from './catalogue.rules.ts';
import type { productInput } from '../../../contracts/catalogue.schemas.ts';
import type { ListingsService } from './listings.service.ts';
import { createAgreements } from './catalogue.agreements.ts';

const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
/** How long a product's first thumbnail is remembered (as long as a search answer is cached), and for how many. */
export const THUMB_TTL_MS = 15_000;
const THUMB_ENTRIES = 20_000;

/** The catalogue (电子卖场的商品库): standard products and their pages; framework agreements in catalogue.agreements.ts. */
export function createCatalogueService(deps: { db: Db; files: FileStore; listings: ListingsService }) {
  const { db } = deps;
  const actor = (auth: AuthContext) => ({ userId: auth.userId, orgId: auth.orgId });
  const { createAgreement, amendAgreement, endAgreement, listAgreements } = createAgreements({ db, listings: deps.listings });

  const imageDto = (i: typeof productImages.$inferSelect) => ({
    id: i.id,
    url: `/api/products/${i.productId}/images/${i.id}`,
    thumbUrl: `/api/products/${i.productId}/images/${i.id}${i.thumbSha256 ? '/thumb' : ''}`,
  });

  /**
   * The first picture's thumbnail of each of these products (search results, cards). Remembered per
   * product for THUMB_TTL_MS, so that a search answered from its cache reads nothing: a picture added
   * through this process shows at once, one added through another replica within the TTL.
   */
  const thumbs = new Map<string, { at: number; url: string | null }>();
  /** Counts the pictures added through this process: a search body kept with an older count is not sent again. */
  let picturesAdded = 0;
  async function thumbnailsOf(productIds: readonly string[]): Promise<Map<string, string>> {
    const now = Date.now();
    const out = new Map<string, string>();
    const missing: string[] = [];
    for (const id of new Set(productIds)) {
      const known = thumbs.get(id);
      if (known && now - known.at < THUMB_TTL_MS) {
        if (known.url) out.set(id, known.url);
      } else missing.push(id);
    }
    if (missing.length === 0) return out;
    const rows = await db
      .selectDistinctOn([productImages.productId])
      .from(productImages)
      .where(inArray(productImages.productId, missing))
      .orderBy(productImages.productId, asc(productImages.sortOrder), asc(productImages.createdAt));
    const found = new Map(rows.map((i) => [i.productId, imageDto(i).thumbUrl]));
    for (const id of missing) {
      const url = found.get(id) ?? null;
      thumbs.delete(id);
      thumbs.set(id, { at: now, url });
      if (url) out.set(id, url);
    }
    while (thumbs.size > THUMB_ENTRIES) thumbs.delete(thumbs.keys().next().value as string);
    return out;
  }

  /** Products with their category names and images, in three queries whatever the page size. */
  async function productDtos(rows: (typeof products.$inferSelect)[]) {
    if (rows.length === 0) return [];
    const [cats, images] = await Promise.all([
      db
        .select({ code: categories.code, name: categories.name })
        .from(categories)
        .where(inArray(categories.code, [...new Set(rows.map((p) => p.categoryCode))])),
      db
        .select()
        .from(productImages)
        .where(
          inArray(
            productImages.productId,
            rows.map((p) => p.id),
          ),
        )
        .orderBy(asc(productImages.sortOrder)),
    ]);
    const names = new Map(cats.map((c) => [c.code, c.name]));
    return rows.map((p) => ({
      id: p.id,
      categoryCode: p.categoryCode,
      categoryName: names.get(p.categoryCode) ?? '',
      brand: p.brand,
      model: p.model,
      name: p.name,
      specs: p.specs,
      description: p.description,
      status: p.status,
      images: images.filter((i) => i.productId === p.id).map(imageDto),
    }));
  }
  const productDto = async (p: typeof products.$inferSelect) => (await productDtos([p]))[0]!;

  async function validateProduct(body: z.infer<typeof productInput>) {
    const [category] = await db.select().from(categories).where(eq(categories.code, body.categoryCode));
    if (!category)
      throw new RuleViolationError('unknown category', { fields: [{ field: 'categoryCode', message: '品目不存在', in: 'body' }] });
    const problems = specProblems(category.specSchema as SpecField[], body.specs);
    if (problems.length) throw new RuleViolationError('specs do not fit the category', { fields: problems });
  }

  async function createProduct(auth: AuthContext, body: z.infer<typeof productInput>) {
    await validateProduct(body);
    return inTransaction(db, async (tx) => {
      const [dup] = await tx
        .select({ id: products.id })
        .from(products)
        .where(and(eq(products.categoryCode, body.categoryCode), eq(products.brand, body.brand), eq(products.model, body.model)));
      if (dup)
        throw new ConflictError('product exists', {
          fields: [{ field: 'model', message: '该品目下已有同品牌同型号的标准商品', in: 'body' }],
        });
      const [p] = await tx
        .insert(products)
        .values({ ...body, createdByOrgId: auth.orgId })
        .returning();
      await appendAudit(tx, { actor: actor(auth), action: 'product.create', entityType: 'product', entityId: p!.id, data: { ...body } });
      return p!;
    }).then(productDto);
  }

  async function updateProduct(auth: AuthContext, id: string, body: z.infer<typeof productInput>) {
    await validateProduct(body);
    return inTransaction(db, async (tx, afterCommit) => {
      const [p] = await tx
        .update(products)
        .set({ ...body, updatedAt: sql`jicai.now()` })
        .where(eq(products.id, id))
        .returning();
      if (!p) throw new NotFoundError('product not found');
      await appendAudit(tx, { actor: actor(auth), action: 'product.update', entityType: 'product', entityId: id, data: { ...body } });
      const ids = await tx.select({ id: listings.id }).from(listings).where(eq(listings.productId, id));
      await deps.listings.syncSearch(
        tx,
        afterCommit,
        ids.map((r) => r.id),
      );
      return p;
    }).then(productDto);
  }

  async function addImage(auth: AuthContext, productId: string, file: { content: Buffer }) {
    const [p] = await db.select().from(products).where(eq(products.id, productId));
    if (!p) throw new NotFoundError('product not found');
    const { contentType, content } = acceptImage(file.content, MAX_IMAGE_BYTES);
    const thumb = await thumbnail(content).catch(() => {
      throw new RuleViolationError('image unreadable', { fields: [{ field: 'file', message: '图片无法读取或尺寸过大', in: 'body' }] });
    });
    await inTransaction(db, async (tx) => {
      const stored = await deps.files.put('product-images', content, tx);
      const storedThumb = await deps.files.put('product-images', thumb, tx);
      const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(productImages).where(eq(productImages.productId, productId));
      const [img] = await tx
        .insert(productImages)
        .values({
          productId,
          sha256: stored.sha256,
          thumbSha256: storedThumb.sha256,
          contentType,
          sizeBytes: stored.sizeBytes,
          sortOrder: n,
        })
        .returning();
      await appendAudit(tx, {
        actor: actor(auth),
        action: 'product.image.add',
        entityType: 'product',
        entityId: productId,
        data: { imageId: img!.id, sha256: stored.sha256 },
      });
    });
    thumbs.delete(productId);
    picturesAdded++;
    return productDto(p);
  }

  /** The picture as uploaded (rewritten), or its WebP thumbnail (`thumb`; the picture itself where none was made). */
  async function readImage(productId: string, imageId: string, variant: 'full' | 'thumb' = 'full') {
    const [img] = await db
      .select()
      .from(productImages)
      .where(and(eq(productImages.id, imageId), eq(productImages.productId, productId)));
    if (!img) throw new NotFoundError('image not found');
    if (variant === 'thumb' && img.thumbSha256)
      return { contentType: 'image/webp', sha256: img.thumbSha256, content: await deps.files.read('product-images', img.thumbSha256) };
    return { contentType: img.contentType, sha256: img.sha256, content: await deps.files.read('product-images', img.sha256) };
  }

  /**
   * Standard products by category and text. `listable`: only those the caller's organization may offer
   * now — active, and not listed by it yet (one listing per supplier and product, whatever its status) —
   * so a new-listing picker never offers what POST /api/listings would refuse with a 409.
   */
  async function listProducts(
    auth: AuthContext,
    filter: { category?: string | undefined; q?: string | undefined; listable?: 'true' | 'false' | undefined },
    page: PageQuery,
  ) {
    const conditions: SQL[] = [];
    if (filter.listable === 'true')
      conditions.push(
        eq(products.status, 'active'),
        sql`not exists (select 1 from ${listings} where ${listings.productId} = ${products.id} and ${listings.supplierId} = ${auth.orgId})`,
      );
    if (filter.category) conditions.push(sql`${products.categoryCode} like ${`${filter.category}%`}`);
    if (filter.q)
      conditions.push(
        or(
          ilike(products.name, containsPattern(filter.q)),
          ilike(products.brand, containsPattern(filter.q)),
          ilike(products.model, containsPattern(filter.q)),
        ) as SQL,
      );
    const where = conditions.length ? and(...conditions) : undefined;
    const [rows, [total]] = await Promise.all([
      db
        .select()
        .from(products)
        .where(where)
        .orderBy(asc(products.categoryCode), asc(products.brand), asc(products.model))
        .limit(page.pageSize)
        .offset(offsetOf(page)),
      db.select({ n: count() }).from(products).where(where),
    ]);
    return { items: await productDtos(rows), total: total?.n ?? 0, ...page };
  }

  /**
   * The public product page: the standard product and every findable offer side by side (price,
   * delivery regions, lead time, size class, credit score, valid certificates).
   */
  async function productPage(productId: string) {
    const [p] = await db.select().from(products).where(eq(products.id, productId));
    if (!p) throw new NotFoundError('product not found');
    const [category] = await db.select().from(categories).where(eq(categories.code, p.categoryCode));
    const rows = await db
      .select({ listing: listings, supplier: organizations })
      .from(listings)
      .innerJoin(organizations, eq(organizations.id, listings.supplierId))
      .where(and(eq(listings.productId, productId), eq(listings.status, 'active')));
    const docs = await buildDocuments(
      db,
      rows.map((r) => r.listing.id),
    );
    const scores = await credit.scoresOf(db, [...new Set(rows.map((r) => r.supplier.id))]);
    const findable = rows.filter((r) => docs.get(r.listing.id));
    const today = shanghaiDate(await dbNow(db));
    const certs = findable.length
      ? await db
          .select()
          .from(listingCertificates)
          .where(
            inArray(
              listingCertificates.listingId,
              findable.map((r) => r.listing.id),
            ),
          )
      : [];
    return {
      product: await productDto(p),
      category: {
        code: category!.code,
        name: category!.name,
        nameEn: category!.nameEn,
        greenPolicy: category!.greenPolicy,
        allocationCapFen: category!.allocationCapFen,
        referencePriceFen: category!.referencePriceFen,
        specSchema: (category!.specSchema as SpecField[]).map((f) => ({
          key: f.key,
          label: f.label,
          labelEn: f.labelEn,
          ...(f.unit ? { unit: f.unit } : {}),
        })),
      },
      offers: findable
        .map(({ listing, supplier }) => ({
          listingId: listing.id,
          supplierId: supplier.id,
          supplierName: supplier.name,
          sizeClass: supplier.sizeClass ?? 'large',
          creditScore: (scores.get(supplier.id) ?? 10_000) / 100,
          priceFen: listing.priceFen,
          stock: listing.stock,
          deliveryRegions: listing.deliveryRegions,
          leadTimeDays: listing.leadTimeDays,
          green: docs.get(listing.id)!.green,
          certificates: certs
            .filter((c) => c.listingId === listing.id && c.validUntil >= today)
            .map((c) => ({ kind: c.kind, number: c.number, issuer: c.issuer, validUntil: c.validUntil })),
        }))
        .sort((a, b) => a.priceFen - b.priceFen),
    };
  }

  return {
    createProduct,
    updateProduct,
    addImage,
    readImage,
    thumbnailsOf,
    picturesAdded: () => picturesAdded,
    listProducts,
    productPage,
    createAgreement,
    amendAgreement,
    endAgreement,
    listAgreements,
  };
}

export type CatalogueService = ReturnType<typeof createCatalogueService>;
