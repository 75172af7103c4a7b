import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, type ApiFilters, type ApiQuery } from '../../app/api.ts';
import type { createExpertBody, expertDetailSchema, expertSchema, ratingBody, ratingSchema } from '@contracts/experts.schemas.ts';

export type Expert = z.infer<typeof expertSchema>;
export type ExpertDetail = z.infer<typeof expertDetailSchema>;
export type ExpertStatus = Expert['status'];
export type Rating = z.infer<typeof ratingSchema>;
export type StatusChange = ExpertDetail['statusHistory'][number];
export type CreateExpertInput = z.input<typeof createExpertBody>;
export type RatingInput = z.input<typeof ratingBody>;

interface PageQuery {
  page: number;
  pageSize: number;
}

export function useExperts(query: PageQuery & ApiFilters<'/api/experts'>) {
  return useQuery({
    queryKey: ['experts', 'list', query],
    queryFn: ({ signal }) => api.get('/api/experts', { params: { query: query as ApiQuery<'/api/experts'> }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useExpert(expertId: string | undefined) {
  return useQuery({
    queryKey: ['experts', 'detail', expertId],
    queryFn: ({ signal }) => api.get('/api/experts/{id}', { params: { path: { id: expertId ?? '' } }, signal }),
    enabled: !!expertId,
  });
}

/** The logged-in expert's own record; a 404 means the account is not linked to the pool. */
export function useMyExpertRecord() {
  return useQuery({
    queryKey: ['experts', 'me'],
    queryFn: ({ signal }) => api.get('/api/experts/me', { signal }),
  });
}

function useInvalidateExperts() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ['experts'] });
}

export function useCreateExpert() {
  const invalidate = useInvalidateExperts();
  return useMutation({
    mutationFn: (body: CreateExpertInput) => api.post('/api/experts', { body }),
    onSuccess: invalidate,
  });
}

export function useRateExpert() {
  const invalidate = useInvalidateExperts();
  return useMutation({
    mutationFn: ({ expertId, body }: { expertId: string; body: RatingInput }) =>
      api.post('/api/experts/{id}/ratings', { params: { path: { id: expertId } }, body }),
    onSuccess: invalidate,
  });
}

export function useSetExpertStatus() {
  const invalidate = useInvalidateExperts();
  return useMutation({
    mutationFn: ({ expertId, status, reason }: { expertId: string; status: ExpertStatus; reason: string }) =>
      api.post('/api/experts/{id}/status', { params: { path: { id: expertId } }, body: { status, reason } }),
    onSuccess: invalidate,
  });
}
