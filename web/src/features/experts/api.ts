import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, ApiProblem, type ApiAnswer, type ApiBody, type ApiFilters, type ApiQuery } from '../../app/api.ts';
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

export type ExpertAccount = ApiAnswer<'/api/experts/{id}/account', 'get'>;
export type Affiliation = ApiAnswer<'/api/experts/me/affiliations', 'get'>[number];
export type DeclareAffiliationInput = ApiBody<'/api/experts/me/affiliations', 'post'>;

/** The expert's login; null when none was ever given (the server answers 404). */
export function useExpertAccount(expertId: string | undefined) {
  return useQuery({
    queryKey: ['experts', 'account', expertId],
    queryFn: async ({ signal }) => {
      try {
        return await api.get('/api/experts/{id}/account', { params: { path: { id: expertId ?? '' } }, signal });
      } catch (error) {
        if (error instanceof ApiProblem && error.status === 404) return null;
        throw error;
      }
    },
    enabled: !!expertId,
  });
}

export function useGrantAccount() {
  const invalidate = useInvalidateExperts();
  return useMutation({
    mutationFn: ({ expertId, username }: { expertId: string; username: string }) =>
      api.post('/api/experts/{id}/account', { params: { path: { id: expertId } }, body: { username } }),
    onSuccess: invalidate,
  });
}

export function useRevokeAccount() {
  const invalidate = useInvalidateExperts();
  return useMutation({
    mutationFn: (expertId: string) => api.delete('/api/experts/{id}/account', { params: { path: { id: expertId } } }),
    onSuccess: invalidate,
  });
}

export function useExpertAffiliations(expertId: string | undefined) {
  return useQuery({
    queryKey: ['experts', 'affiliations', expertId],
    queryFn: ({ signal }) => api.get('/api/experts/{id}/affiliations', { params: { path: { id: expertId ?? '' } }, signal }),
    enabled: !!expertId,
  });
}

export function useReviewAffiliation() {
  const invalidate = useInvalidateExperts();
  return useMutation({
    mutationFn: (input: { expertId: string; affiliationId: string; decision: 'accepted' | 'rejected'; note: string }) =>
      api.post('/api/experts/{id}/affiliations/{affiliationId}/review', {
        params: { path: { id: input.expertId, affiliationId: input.affiliationId } },
        body: { decision: input.decision, note: input.note },
      }),
    onSuccess: invalidate,
  });
}

export function useMyAffiliations() {
  return useQuery({
    queryKey: ['experts', 'my-affiliations'],
    queryFn: ({ signal }) => api.get('/api/experts/me/affiliations', { signal }),
  });
}

export function useDeclareAffiliation() {
  const invalidate = useInvalidateExperts();
  return useMutation({
    mutationFn: (body: DeclareAffiliationInput) => api.post('/api/experts/me/affiliations', { body }),
    onSuccess: invalidate,
  });
}

export function useWithdrawAffiliation() {
  const invalidate = useInvalidateExperts();
  return useMutation({
    mutationFn: (affiliationId: string) =>
      api.delete('/api/experts/me/affiliations/{affiliationId}', { params: { path: { affiliationId } } }),
    onSuccess: invalidate,
  });
}
