import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, apiUpload, type ApiAnswer, type ApiBody, type ApiFilters, type ApiQuery } from '../../app/api.ts';
import type {
  agreementSchema,
  CreateListingBody,
  listingSchema,
  listingStatusSchema,
  productPageSchema,
  productSchema,
  searchResultSchema,
} from '@contracts/catalogue.schemas.ts';

// Answers of the catalogue API, typed from its own response schemas (type-only imports from contracts/).
export type SearchResult = z.infer<typeof searchResultSchema>;
export type SearchHit = SearchResult['hits'][number];
export type FacetCount = SearchResult['facets']['brand'][number];
export type ProductPage = z.infer<typeof productPageSchema>;
export type Offer = ProductPage['offers'][number];
export type SpecLabel = ProductPage['category']['specSchema'][number];
export type Product = z.infer<typeof productSchema>;
export type Listing = z.infer<typeof listingSchema>;
export type ListingStatus = z.infer<typeof listingStatusSchema>;
export type Agreement = z.infer<typeof agreementSchema>;
export type { CreateListingBody };

export type GreenKind = 'energy_saving' | 'environmental_label';
export type SizeKey = 'large' | 'medium' | 'small' | 'micro';
export type SortKey = 'relevance' | 'price_asc' | 'price_desc' | 'newest';

export interface SearchParams {
  q?: string | undefined;
  category?: string | undefined;
  brand?: string[] | undefined;
  region?: string | undefined;
  green?: GreenKind[] | undefined;
  size?: SizeKey[] | undefined;
  price?: string | undefined;
  sort?: SortKey | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

/** The answer of POST /api/listings/import: each row with its listing (or, on a dry run, none yet) and price flag. */
export type ImportReport = ApiAnswer<'/api/listings/import', 'post'>;

export type ListingAction = 'submit' | 'approve' | 'reject' | 'suspend' | 'reactivate' | 'delist';

// The bodies of the catalogue's writes, as the routes publish them (web/src/app/api-schema.d.ts).
export type UpdateListingInput = ApiBody<'/api/listings/{id}', 'patch'>;

export type ProductInput = ApiBody<'/api/products', 'post'>;

export type AgreementInput = ApiBody<'/api/agreements', 'post'>;

export type AmendInput = ApiBody<'/api/agreements/{id}/amend', 'post'>;

interface PageQuery {
  page: number;
  pageSize: number;
}

/** 商品搜索 (public): the listings that match, with the facet counts of the matching set. */
export function useSearch(params: SearchParams, enabled = true) {
  return useQuery({
    queryKey: ['public', 'search', params],
    queryFn: ({ signal }) => api.get('/api/search', { params: { query: params as ApiQuery<'/api/search'> }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** The public product page: the standard product and every supplier's offer. */
export function useProductPage(productId: string | undefined) {
  return useQuery({
    queryKey: ['public', 'product', productId],
    queryFn: ({ signal }) => api.get('/api/products/{id}', { params: { path: { id: productId ?? '' } }, signal }),
    enabled: !!productId,
  });
}

export function useProducts(
  query: PageQuery & { category?: string | undefined; q?: string | undefined; listable?: 'true' | undefined },
  enabled = true,
) {
  return useQuery({
    queryKey: ['catalogue', 'products', query],
    queryFn: ({ signal }) => api.get('/api/products', { params: { query }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useListings(query: PageQuery & ApiFilters<'/api/listings'>) {
  return useQuery({
    queryKey: ['catalogue', 'listings', query],
    queryFn: ({ signal }) => api.get('/api/listings', { params: { query: query as ApiQuery<'/api/listings'> }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useListing(listingId: string | null) {
  return useQuery({
    queryKey: ['catalogue', 'listing', listingId],
    queryFn: ({ signal }) => api.get('/api/listings/{id}', { params: { path: { id: listingId ?? '' } }, signal }),
    enabled: !!listingId,
  });
}

export function usePriceHistory(listingId: string | null) {
  return useQuery({
    queryKey: ['catalogue', 'listing', listingId, 'prices'],
    queryFn: ({ signal }) => api.get('/api/listings/{id}/price-history', { params: { path: { id: listingId ?? '' } }, signal }),
    enabled: !!listingId,
  });
}

export function useAgreements(query: PageQuery & ApiFilters<'/api/agreements'>) {
  return useQuery({
    queryKey: ['catalogue', 'agreements', query],
    queryFn: ({ signal }) => api.get('/api/agreements', { params: { query: query as ApiQuery<'/api/agreements'> }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** A listing or agreement write changes lists, the search and the public product pages. */
function useInvalidateCatalogue() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ['catalogue'] }),
      client.invalidateQueries({ queryKey: ['public', 'search'] }),
      client.invalidateQueries({ queryKey: ['public', 'product'] }),
    ]);
}

export function useCreateListing() {
  const invalidate = useInvalidateCatalogue();
  return useMutation({
    mutationFn: (body: CreateListingBody) => api.post('/api/listings', { body }),
    onSuccess: invalidate,
  });
}

export function useUpdateListing() {
  const invalidate = useInvalidateCatalogue();
  return useMutation({
    mutationFn: ({ listingId, body }: { listingId: string; body: UpdateListingInput }) =>
      api.patch('/api/listings/{id}', { params: { path: { id: listingId } }, body }),
    onSuccess: invalidate,
  });
}

export function useListingAction() {
  const invalidate = useInvalidateCatalogue();
  return useMutation({
    mutationFn: ({ listingId, action, reason }: { listingId: string; action: ListingAction; reason?: string }) =>
      api.post(`/api/listings/{id}/${action}`, { params: { path: { id: listingId } }, body: reason ? { reason } : {} }),
    onSuccess: invalidate,
  });
}

export function useImportListings() {
  const invalidate = useInvalidateCatalogue();
  return useMutation({
    mutationFn: ({ file, dryRun }: { file: File; dryRun: boolean }) => apiUpload('/api/listings/import', file, { query: { dryRun } }),
    onSuccess: (report) => (report.dryRun ? undefined : invalidate()),
  });
}

export function useCreateAgreement() {
  const invalidate = useInvalidateCatalogue();
  return useMutation({
    mutationFn: (body: AgreementInput) => api.post('/api/agreements', { body }),
    onSuccess: invalidate,
  });
}

export function useAmendAgreement() {
  const invalidate = useInvalidateCatalogue();
  return useMutation({
    mutationFn: ({ agreementId, body }: { agreementId: string; body: AmendInput }) =>
      api.post('/api/agreements/{id}/amend', { params: { path: { id: agreementId } }, body }),
    onSuccess: invalidate,
  });
}

export function useEndAgreement() {
  const invalidate = useInvalidateCatalogue();
  return useMutation({
    mutationFn: ({ agreementId, reason }: { agreementId: string; reason: string }) =>
      api.post('/api/agreements/{id}/end', { params: { path: { id: agreementId } }, body: { reason } }),
    onSuccess: invalidate,
  });
}

export function useSaveProduct() {
  const invalidate = useInvalidateCatalogue();
  return useMutation({
    mutationFn: ({ productId, body }: { productId: string | null; body: ProductInput }) =>
      productId ? api.put('/api/products/{id}', { params: { path: { id: productId } }, body }) : api.post('/api/products', { body }),
    onSuccess: invalidate,
  });
}

export function useUploadProductImage() {
  const invalidate = useInvalidateCatalogue();
  return useMutation({
    mutationFn: ({ productId, file }: { productId: string; file: File }) =>
      apiUpload('/api/products/{id}/images', file, { path: { id: productId } }),
    onSuccess: invalidate,
  });
}

/**
 * The spec fields of a category. GET /api/categories does not carry them; the product page of any
 * product in the category does (labels and units only, not the type or whether a field is required).
 * Null when the category has no product yet: then nobody can tell which specs it expects.
 */
export function useCategorySpecs(categoryCode: string | undefined, productId?: string | null) {
  return useQuery({
    queryKey: ['catalogue', 'specs', categoryCode, productId ?? null],
    enabled: !!categoryCode,
    staleTime: 5 * 60_000,
    queryFn: async ({ signal }) => {
      let sampleId = productId ?? null;
      if (!sampleId) {
        // ?category= matches the code as a prefix: pick a product of exactly this category.
        const page = await api.get('/api/products', { params: { query: { category: categoryCode, pageSize: 100 } }, signal });
        sampleId = page.items.find((p) => p.categoryCode === categoryCode)?.id ?? null;
      }
      if (!sampleId) return null;
      const sample = await api.get('/api/products/{id}', { params: { path: { id: sampleId } }, signal });
      if (sample.category.code !== categoryCode) return null;
      return { fields: sample.category.specSchema, sampleSpecs: sample.product.specs };
    },
  });
}
