import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, apiRequest } from '../../app/api.ts';
import type { Paged } from '../../app/types.ts';
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

/** The answer of POST /api/listings/import (its response schema is z.any(); this is what listings.import.ts returns). */
export interface ImportReport {
  dryRun: boolean;
  rowCount: number;
  rows: { row: number; listingId: string | null; productName: string; priceFen: number; priceFlag: string | null }[];
}

export type ListingAction = 'submit' | 'approve' | 'reject' | 'suspend' | 'reactivate' | 'delist';

export interface UpdateListingInput {
  priceFen?: number;
  stock?: number;
  deliveryRegions?: string[];
  leadTimeDays?: number;
  certificates?: CreateListingBody['certificates'];
  version: number;
}

export interface ProductInput {
  categoryCode: string;
  brand: string;
  model: string;
  name: string;
  specs: Record<string, string | number>;
  description: string;
}

export interface AgreementInput {
  code: string;
  title: string;
  supplierId: string;
  categoryCodes: string[];
  brands: string[];
  startsOn: string;
  endsOn: string;
  priceCapFen: number | null;
  minDiscount: string | null;
}

export interface AmendInput {
  endsOn?: string;
  priceCapFen?: number | null;
  minDiscount?: string | null;
  categoryCodes?: string[];
  brands?: string[];
  reason: string;
}

interface PageQuery {
  page: number;
  pageSize: number;
}

const id = encodeURIComponent;
const apiPatch = <T>(path: string, body: unknown) => apiRequest<T>(path, { method: 'PATCH', body });
const apiPut = <T>(path: string, body: unknown) => apiRequest<T>(path, { method: 'PUT', body });

/** 商品搜索 (public): the listings that match, with the facet counts of the matching set. */
export function useSearch(params: SearchParams, enabled = true) {
  return useQuery({
    queryKey: ['public', 'search', params],
    queryFn: ({ signal }) => api.get<SearchResult>('/api/search', { ...params }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** The public product page: the standard product and every supplier's offer. */
export function useProductPage(productId: string | undefined) {
  return useQuery({
    queryKey: ['public', 'product', productId],
    queryFn: ({ signal }) => api.get<ProductPage>(`/api/products/${id(productId ?? '')}`, undefined, signal),
    enabled: !!productId,
  });
}

export function useProducts(query: PageQuery & { category?: string | undefined; q?: string | undefined }, enabled = true) {
  return useQuery({
    queryKey: ['catalogue', 'products', query],
    queryFn: ({ signal }) => api.get<Paged<Product>>('/api/products', { ...query }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useListings(
  query: PageQuery & { status?: string | undefined; category?: string | undefined; q?: string | undefined; flagged?: string | undefined },
) {
  return useQuery({
    queryKey: ['catalogue', 'listings', query],
    queryFn: ({ signal }) => api.get<Paged<Listing>>('/api/listings', { ...query }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useListing(listingId: string | null) {
  return useQuery({
    queryKey: ['catalogue', 'listing', listingId],
    queryFn: ({ signal }) => api.get<Listing>(`/api/listings/${id(listingId ?? '')}`, undefined, signal),
    enabled: !!listingId,
  });
}

export function usePriceHistory(listingId: string | null) {
  return useQuery({
    queryKey: ['catalogue', 'listing', listingId, 'prices'],
    queryFn: ({ signal }) =>
      api.get<{ items: { priceFen: number; changedAt: string }[] }>(
        `/api/listings/${id(listingId ?? '')}/price-history`,
        undefined,
        signal,
      ),
    enabled: !!listingId,
  });
}

export function useAgreements(query: PageQuery & { status?: string | undefined; supplierId?: string | undefined }) {
  return useQuery({
    queryKey: ['catalogue', 'agreements', query],
    queryFn: ({ signal }) => api.get<Paged<Agreement>>('/api/agreements', { ...query }, signal),
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
    mutationFn: (body: CreateListingBody) => api.post<Listing>('/api/listings', body),
    onSuccess: invalidate,
  });
}

export function useUpdateListing() {
  const invalidate = useInvalidateCatalogue();
  return useMutation({
    mutationFn: ({ listingId, body }: { listingId: string; body: UpdateListingInput }) =>
      apiPatch<Listing>(`/api/listings/${id(listingId)}`, body),
    onSuccess: invalidate,
  });
}

export function useListingAction() {
  const invalidate = useInvalidateCatalogue();
  return useMutation({
    mutationFn: ({ listingId, action, reason }: { listingId: string; action: ListingAction; reason?: string }) =>
      api.post<Listing>(`/api/listings/${id(listingId)}/${action}`, reason ? { reason } : {}),
    onSuccess: invalidate,
  });
}

export function useImportListings() {
  const invalidate = useInvalidateCatalogue();
  return useMutation({
    mutationFn: ({ file, dryRun }: { file: File; dryRun: boolean }) =>
      api.upload<ImportReport>('/api/listings/import', file, { query: { dryRun } }),
    onSuccess: (report) => (report.dryRun ? undefined : invalidate()),
  });
}

export function useCreateAgreement() {
  const invalidate = useInvalidateCatalogue();
  return useMutation({
    mutationFn: (body: AgreementInput) => api.post<Agreement>('/api/agreements', body),
    onSuccess: invalidate,
  });
}

export function useAmendAgreement() {
  const invalidate = useInvalidateCatalogue();
  return useMutation({
    mutationFn: ({ agreementId, body }: { agreementId: string; body: AmendInput }) =>
      api.post<Agreement>(`/api/agreements/${id(agreementId)}/amend`, body),
    onSuccess: invalidate,
  });
}

export function useEndAgreement() {
  const invalidate = useInvalidateCatalogue();
  return useMutation({
    mutationFn: ({ agreementId, reason }: { agreementId: string; reason: string }) =>
      api.post<Agreement>(`/api/agreements/${id(agreementId)}/end`, { reason }),
    onSuccess: invalidate,
  });
}

export function useSaveProduct() {
  const invalidate = useInvalidateCatalogue();
  return useMutation({
    mutationFn: ({ productId, body }: { productId: string | null; body: ProductInput }) =>
      productId ? apiPut<Product>(`/api/products/${id(productId)}`, body) : api.post<Product>('/api/products', body),
    onSuccess: invalidate,
  });
}

export function useUploadProductImage() {
  const invalidate = useInvalidateCatalogue();
  return useMutation({
    mutationFn: ({ productId, file }: { productId: string; file: File }) =>
      api.upload<Product>(`/api/products/${id(productId)}/images`, file),
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
        const page = await api.get<Paged<Product>>('/api/products', { category: categoryCode, pageSize: 100 }, signal);
        sampleId = page.items.find((p) => p.categoryCode === categoryCode)?.id ?? null;
      }
      if (!sampleId) return null;
      const sample = await api.get<ProductPage>(`/api/products/${id(sampleId)}`, undefined, signal);
      if (sample.category.code !== categoryCode) return null;
      return { fields: sample.category.specSchema, sampleSpecs: sample.product.specs };
    },
  });
}
