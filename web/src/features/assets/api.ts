import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, apiUpload } from '../../app/api.ts';
import type { assetDetailSchema, assetEventSchema, assetSchema, reallocationRequestSchema } from '@contracts/assets.schemas.ts';
import type { AssetInput } from './schema.ts';

// Answers of the assets API, typed from its own response schemas (type-only imports from contracts/).
export type Asset = z.infer<typeof assetSchema>;
export type AssetDetail = z.infer<typeof assetDetailSchema>;
export type AssetEvent = z.infer<typeof assetEventSchema>;
export type AssetStatus = Asset['status'];
export type AssetCondition = Asset['condition'];
export type ReallocationRequest = z.infer<typeof reallocationRequestSchema>;
export type RequestStatus = ReallocationRequest['status'];
export type { AssetInput };

interface PageQuery {
  page: number;
  pageSize: number;
}

/** The unit's assets (center staff and regulators: every unit's). */
export function useAssets(query: PageQuery & { status?: AssetStatus | undefined; q?: string | undefined }, enabled = true) {
  return useQuery({
    queryKey: ['assets', 'list', query],
    queryFn: ({ signal }) => api.get('/api/assets', { params: { query }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** One asset with its history; other units may read it while it is in the warehouse or at auction. */
export function useAsset(assetId: string | null | undefined) {
  return useQuery({
    queryKey: ['assets', 'detail', assetId],
    queryFn: ({ signal }) => api.get('/api/assets/{id}', { params: { path: { id: assetId ?? '' } }, signal }),
    enabled: !!assetId,
  });
}

/** 公物仓: what units offer now, inside their reallocation window. */
export function useWarehouse(query: PageQuery & { category?: string | undefined; q?: string | undefined }) {
  return useQuery({
    queryKey: ['assets', 'warehouse', query],
    queryFn: ({ signal }) => api.get('/api/warehouse', { params: { query }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** Requests: the unit's own and those on its assets; all of them for center staff. */
export function useReallocationRequests(
  query: PageQuery & { status?: RequestStatus | undefined; assetId?: string | undefined },
  enabled = true,
) {
  return useQuery({
    queryKey: ['assets', 'requests', query],
    queryFn: ({ signal }) => api.get('/api/reallocation-requests', { params: { query }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Any asset write changes lists, details, the warehouse and the requests; a lot may now be created. */
function useInvalidateAssets() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ['assets'] });
}

/** A write that answers with the asset: its detail is known at once, the lists are refetched. */
function useAssetWrite<V>(write: (vars: V) => Promise<AssetDetail>) {
  const client = useQueryClient();
  const invalidate = useInvalidateAssets();
  return useMutation({
    mutationFn: write,
    onSuccess: async (asset) => {
      client.setQueryData(['assets', 'detail', asset.id], asset);
      await invalidate();
    },
  });
}

export const useRegisterAsset = () => useAssetWrite((body: AssetInput) => api.post('/api/assets', { body }));

export const useUploadAssetPhoto = () =>
  useAssetWrite(({ assetId, file }: { assetId: string; file: File }) =>
    apiUpload('/api/assets/{id}/photos', file, { path: { id: assetId } }),
  );

/** 放入公物仓: the reallocation window opens for the policy's number of days. */
export const useOfferAsset = () =>
  useAssetWrite((assetId: string) => api.post('/api/assets/{id}/offer', { params: { path: { id: assetId } } }));

export const useWriteOffAsset = () =>
  useAssetWrite(({ assetId, reason }: { assetId: string; reason: string }) =>
    api.post('/api/assets/{id}/write-off', { params: { path: { id: assetId } }, body: { reason } }),
  );

/** 申请调剂: another unit asks for a warehouse asset with its reason. */
export function useRequestAsset() {
  const invalidate = useInvalidateAssets();
  return useMutation({
    mutationFn: ({ assetId, reason }: { assetId: string; reason: string }) =>
      api.post('/api/assets/{id}/requests', { params: { path: { id: assetId } }, body: { reason } }),
    onSuccess: invalidate,
  });
}

/** Center staff grant one request (the others on the asset are declined) or decline one with a reason. */
export function useDecideRequest() {
  const invalidate = useInvalidateAssets();
  return useMutation({
    mutationFn: ({ requestId, decision, reason }: { requestId: string; decision: 'grant' | 'decline'; reason?: string | undefined }) =>
      api.post(`/api/reallocation-requests/{id}/${decision}`, { params: { path: { id: requestId } }, body: reason ? { reason } : {} }),
    onSuccess: invalidate,
  });
}
