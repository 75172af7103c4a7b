import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../app/api.ts';
import type {
  CreateFrameworkCallBody,
  EvaluateFrameworkBody,
  frameworkCallSchema,
  frameworkFiguresSchema,
  frameworkResponseSchema,
  rotationOrderSchema,
  supplierFrameworkCallSchema,
} from '@contracts/frameworks.schemas.ts';

// Answers of the frameworks API, typed from its own response schemas (type-only imports from contracts/).
export type FrameworkCall = z.infer<typeof frameworkCallSchema>;
export type SupplierFrameworkCall = z.infer<typeof supplierFrameworkCallSchema>;
export type FrameworkResponse = z.infer<typeof frameworkResponseSchema>;
export type RotationOrder = z.infer<typeof rotationOrderSchema>;
export type FrameworkFigures = z.infer<typeof frameworkFiguresSchema>;
export type { CreateFrameworkCallBody, EvaluateFrameworkBody };

export interface PageArgs {
  page: number;
  pageSize: number;
}

/** 征集公告与入围结果 (anyone). */
export function usePublicFrameworks(query: PageArgs, enabled = true) {
  return useQuery({
    queryKey: ['frameworks', 'public', query],
    queryFn: ({ signal }) => api.get('/api/public/frameworks', { params: { query }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function usePublicFramework(id: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['frameworks', 'public', 'detail', id],
    queryFn: ({ signal }) => api.get('/api/public/frameworks/{id}', { params: { path: { id: id ?? '' } }, signal }),
    enabled: !!id && enabled,
  });
}

/** The center's own calls (regulators: all). */
export function useStaffFrameworks(query: PageArgs, enabled = true) {
  return useQuery({
    queryKey: ['frameworks', 'staff', query],
    queryFn: ({ signal }) => api.get('/api/frameworks', { params: { query }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useStaffFramework(id: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['frameworks', 'staff', 'detail', id],
    queryFn: ({ signal }) => api.get('/api/frameworks/{id}', { params: { path: { id: id ?? '' } }, signal }),
    enabled: !!id && enabled,
  });
}

export function useSupplierFrameworks(query: PageArgs, enabled = true) {
  return useQuery({
    queryKey: ['frameworks', 'supplier', query],
    queryFn: ({ signal }) => api.get('/api/supplier/frameworks', { params: { query }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useFrameworkFigures(id: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['frameworks', 'figures', id],
    queryFn: ({ signal }) => api.get('/api/frameworks/{id}/figures', { params: { path: { id: id ?? '' } }, signal }),
    enabled: !!id && enabled,
  });
}

export function useRotationOrders(id: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['frameworks', 'rotation', id],
    queryFn: ({ signal }) => api.get('/api/frameworks/{id}/rotation-orders', { params: { path: { id: id ?? '' } }, signal }),
    enabled: !!id && enabled,
  });
}

function useInvalidate() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ['frameworks'] });
}

export function useCreateFramework() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (body: CreateFrameworkCallBody) => api.post('/api/frameworks', { body }), onSuccess: invalidate });
}

export function useEvaluateFramework() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: EvaluateFrameworkBody }) =>
      api.post('/api/frameworks/{id}/evaluate', { params: { path: { id } }, body }),
    onSuccess: invalidate,
  });
}

export function useDecideJoin() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, responseId, admit, reason }: { id: string; responseId: string; admit: boolean; reason: string }) =>
      api.post('/api/frameworks/{id}/joins/{responseId}/decision', { params: { path: { id, responseId } }, body: { admit, reason } }),
    onSuccess: invalidate,
  });
}

export function useRespondFramework() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, unitPriceFen, qualityOffer, join }: { id: string; unitPriceFen: number; qualityOffer: string; join: boolean }) =>
      join
        ? api.post('/api/frameworks/{id}/join', { params: { path: { id } }, body: { unitPriceFen, qualityOffer } })
        : api.put('/api/frameworks/{id}/response', { params: { path: { id } }, body: { unitPriceFen, qualityOffer } }),
    onSuccess: invalidate,
  });
}

export function usePlaceRotation() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, title, quantity, budgetLineId }: { id: string; title: string; quantity: number; budgetLineId: string }) =>
      api.post('/api/frameworks/{id}/rotation-orders', { params: { path: { id } }, body: { title, quantity, budgetLineId } }),
    onSuccess: invalidate,
  });
}
