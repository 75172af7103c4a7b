import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiPath, apiUpload, type ApiBody, type ApiFilters, type ApiQuery } from '../../app/api.ts';
import type {
  appealSchema,
  EventStatus,
  eventSchema,
  exclusionSchema,
  importReportSchema,
  ListType,
  publicLookupSchema,
  Severity,
  Source,
  supplierRecordSchema,
} from '@contracts/credit.schemas.ts';
import type { z } from 'zod';

// Answers of the credit API, typed from its own response schemas (type-only imports from contracts/).
export type { EventStatus, ListType, Severity, Source };
export type CreditEvent = z.infer<typeof eventSchema>;
export type Exclusion = z.infer<typeof exclusionSchema>;
export type Appeal = z.infer<typeof appealSchema>;
export type SupplierRecord = z.infer<typeof supplierRecordSchema>;
export type RecordEvent = SupplierRecord['events'][number];
export type PublicExclusion = SupplierRecord['exclusions'][number];
export type ScoreLine = SupplierRecord['score']['lines'][number];
export type PublicLookup = z.infer<typeof publicLookupSchema>;
export type PublicSupplier = PublicLookup['results'][number];
export type ImportReport = z.infer<typeof importReportSchema>;
export type EvidenceFile = RecordEvent['evidence'][number];

/** A regulator's manual entry: only the sources no platform process records (the server refuses the others). */
export type RecordEventInput = ApiBody<'/api/credit/events', 'post'>;

export type CreateExclusionInput = ApiBody<'/api/credit/exclusions', 'post'>;

interface PageQuery {
  page: number;
  pageSize: number;
}

export const evidenceUrl = (fileId: string) => apiPath('/api/credit/evidence/{id}', { id: fileId });

/** 信用查询: anyone, by USCC or name (at least 2 characters). */
export function usePublicCredit(q: string | undefined) {
  return useQuery({
    queryKey: ['public', 'credit', q],
    queryFn: ({ signal }) => api.get('/api/public/credit', { params: { query: { q: q ?? '' } }, signal }),
    enabled: !!q && q.trim().length >= 2,
    placeholderData: keepPreviousData,
  });
}

export function useSupplierRecord(supplierId: string | undefined) {
  return useQuery({
    queryKey: ['credit', 'record', supplierId],
    queryFn: ({ signal }) => api.get('/api/credit/suppliers/{id}/record', { params: { path: { id: supplierId ?? '' } }, signal }),
    enabled: !!supplierId,
  });
}

export function useCreditEvents(query: PageQuery & ApiFilters<'/api/credit/events'>) {
  return useQuery({
    queryKey: ['credit', 'events', query],
    queryFn: ({ signal }) => api.get('/api/credit/events', { params: { query: query as ApiQuery<'/api/credit/events'> }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useCreditAppeals(query: PageQuery & ApiFilters<'/api/credit/appeals'>) {
  return useQuery({
    queryKey: ['credit', 'appeals', query],
    queryFn: ({ signal }) => api.get('/api/credit/appeals', { params: { query: query as ApiQuery<'/api/credit/appeals'> }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useExclusions(query: PageQuery & ApiFilters<'/api/credit/exclusions'>) {
  return useQuery({
    queryKey: ['credit', 'exclusions', query],
    queryFn: ({ signal }) => api.get('/api/credit/exclusions', { params: { query: query as ApiQuery<'/api/credit/exclusions'> }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** Everything credit-related is stale after any credit write (scores, lists, counts, the public view). */
function useInvalidateCredit() {
  const client = useQueryClient();
  return () =>
    Promise.all([client.invalidateQueries({ queryKey: ['credit'] }), client.invalidateQueries({ queryKey: ['public', 'credit'] })]);
}

export function useRecordEvent() {
  const invalidate = useInvalidateCredit();
  return useMutation({
    mutationFn: (body: RecordEventInput) => api.post('/api/credit/events', { body }),
    onSuccess: invalidate,
  });
}

export function useDecideEvent() {
  const invalidate = useInvalidateCredit();
  return useMutation({
    mutationFn: ({ eventId, decision, reason }: { eventId: string; decision: 'confirm' | 'revoke'; reason: string }) =>
      api.post(`/api/credit/events/{id}/${decision}`, { params: { path: { id: eventId } }, body: { reason } }),
    onSuccess: invalidate,
  });
}

export function useUploadEvidence() {
  const invalidate = useInvalidateCredit();
  return useMutation({
    mutationFn: ({ eventId, file }: { eventId: string; file: File }) =>
      apiUpload('/api/credit/events/{id}/evidence', file, { path: { id: eventId } }),
    onSuccess: invalidate,
  });
}

export function useFileAppeal() {
  const invalidate = useInvalidateCredit();
  return useMutation({
    mutationFn: ({ eventId, reason }: { eventId: string; reason: string }) =>
      api.post('/api/credit/events/{id}/appeals', { params: { path: { id: eventId } }, body: { reason } }),
    onSuccess: invalidate,
  });
}

export function useDecideAppeal() {
  const invalidate = useInvalidateCredit();
  return useMutation({
    mutationFn: ({ appealId, decision, reason }: { appealId: string; decision: 'upheld' | 'revoked'; reason: string }) =>
      api.post('/api/credit/appeals/{id}/decision', { params: { path: { id: appealId } }, body: { decision, reason } }),
    onSuccess: invalidate,
  });
}

export function useCreateExclusion() {
  const invalidate = useInvalidateCredit();
  return useMutation({
    mutationFn: (body: CreateExclusionInput) => api.post('/api/credit/exclusions', { body }),
    onSuccess: invalidate,
  });
}

export function useLiftExclusion() {
  const invalidate = useInvalidateCredit();
  return useMutation({
    mutationFn: ({ exclusionId, reason }: { exclusionId: string; reason: string }) =>
      api.post('/api/credit/exclusions/{id}/lift', { params: { path: { id: exclusionId } }, body: { reason } }),
    onSuccess: invalidate,
  });
}

export function useImportList() {
  const invalidate = useInvalidateCredit();
  return useMutation({
    mutationFn: ({ file, dryRun }: { file: File; dryRun: boolean }) => apiUpload('/api/credit/imports', file, { query: { dryRun } }),
    onSuccess: (report) => (report.dryRun ? undefined : invalidate()),
  });
}
