import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../app/api.ts';
import type { IntentionInput, PlanInput, intentionSchema, planExecutionSchema, planSchema } from '@contracts/plans.schemas.ts';

// 采购意向公开 and 年度采购计划, typed from the API's own schemas (type-only imports from contracts/).
export type Intention = z.infer<typeof intentionSchema>;
export type Plan = z.infer<typeof planSchema>;
export type PlanExecution = z.infer<typeof planExecutionSchema>;

/** Published intentions (anyone), optionally of one unit. */
export function usePublicIntentions(
  query: { page: number; pageSize: number; unitOrgId?: string | undefined; q?: string | undefined },
  enabled = true,
) {
  return useQuery({
    queryKey: ['public', 'intentions', query],
    queryFn: ({ signal }) => api.get('/api/public/intentions', { params: { query }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** The unit's own intentions, withdrawn ones included. */
export function useOwnIntentions(query: { page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['intentions', 'own', query],
    queryFn: ({ signal }) => api.get('/api/intentions', { params: { query }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function usePublishIntention() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: IntentionInput) => api.post('/api/intentions', { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['intentions'] }),
  });
}

export function useWithdrawIntention() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post('/api/intentions/{id}/withdraw', { params: { path: { id } } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['intentions'] }),
  });
}

export function usePlans(query: { fiscalYear?: number | undefined }) {
  return useQuery({
    queryKey: ['plans', query],
    queryFn: ({ signal }) => api.get('/api/plans', { params: { query }, signal }),
  });
}

export function useSavePlan() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: PlanInput) => api.post('/api/plans', { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['plans'] }),
  });
}

/** A step of a plan: the unit submits, the finance department approves or returns it. */
export function usePlanStep() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, step, note }: { id: string; step: 'submit' | 'approve' | 'return'; note?: string }) =>
      step === 'submit'
        ? api.post('/api/plans/{id}/submit', { params: { path: { id } } })
        : step === 'approve'
          ? api.post('/api/plans/{id}/approve', { params: { path: { id } }, body: note ? { note } : {} })
          : api.post('/api/plans/{id}/return', { params: { path: { id } }, body: { note: note ?? '' } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['plans'] }),
  });
}

export function usePlanExecution(query: { organizationId?: string | undefined; fiscalYear?: number | undefined }, enabled = true) {
  return useQuery({
    queryKey: ['dashboards', 'plan-execution', query],
    queryFn: ({ signal }) => api.get('/api/dashboards/plan-execution', { params: { query }, signal }),
    enabled,
  });
}
