import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api.ts';
import type { Paged } from '../../app/types.ts';
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

export interface RecordEventInput {
  supplierId: string;
  source: Source;
  severity: Severity;
  title: string;
  description: string;
  sourceRef?: string;
  occurredAt?: string;
}

export interface CreateExclusionInput {
  supplierId: string;
  listType: ListType;
  regionCode: string;
  startsOn: string;
  endsOn: string | null;
  legalBasis: string;
}

interface PageQuery {
  page: number;
  pageSize: number;
}

const id = encodeURIComponent;

export const evidenceUrl = (fileId: string) => `/api/credit/evidence/${id(fileId)}`;

/** 信用查询: anyone, by USCC or name (at least 2 characters). */
export function usePublicCredit(q: string | undefined) {
  return useQuery({
    queryKey: ['public', 'credit', q],
    queryFn: ({ signal }) => api.get<PublicLookup>('/api/public/credit', { q }, signal),
    enabled: !!q && q.trim().length >= 2,
    placeholderData: keepPreviousData,
  });
}

export function useSupplierRecord(supplierId: string | undefined) {
  return useQuery({
    queryKey: ['credit', 'record', supplierId],
    queryFn: ({ signal }) => api.get<SupplierRecord>(`/api/credit/suppliers/${id(supplierId ?? '')}/record`, undefined, signal),
    enabled: !!supplierId,
  });
}

export function useCreditEvents(query: PageQuery & { status?: string | undefined; source?: string | undefined; q?: string | undefined }) {
  return useQuery({
    queryKey: ['credit', 'events', query],
    queryFn: ({ signal }) => api.get<Paged<CreditEvent>>('/api/credit/events', { ...query }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useCreditAppeals(query: PageQuery & { status?: string | undefined }) {
  return useQuery({
    queryKey: ['credit', 'appeals', query],
    queryFn: ({ signal }) => api.get<Paged<Appeal>>('/api/credit/appeals', { ...query }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useExclusions(query: PageQuery & { status?: string | undefined; q?: string | undefined }) {
  return useQuery({
    queryKey: ['credit', 'exclusions', query],
    queryFn: ({ signal }) => api.get<Paged<Exclusion>>('/api/credit/exclusions', { ...query }, signal),
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
    mutationFn: (body: RecordEventInput) => api.post<CreditEvent>('/api/credit/events', body),
    onSuccess: invalidate,
  });
}

export function useDecideEvent() {
  const invalidate = useInvalidateCredit();
  return useMutation({
    mutationFn: ({ eventId, decision, reason }: { eventId: string; decision: 'confirm' | 'revoke'; reason: string }) =>
      api.post<CreditEvent>(`/api/credit/events/${id(eventId)}/${decision}`, { reason }),
    onSuccess: invalidate,
  });
}

export function useUploadEvidence() {
  const invalidate = useInvalidateCredit();
  return useMutation({
    mutationFn: ({ eventId, file }: { eventId: string; file: File }) =>
      api.upload<EvidenceFile>(`/api/credit/events/${id(eventId)}/evidence`, file),
    onSuccess: invalidate,
  });
}

export function useFileAppeal() {
  const invalidate = useInvalidateCredit();
  return useMutation({
    mutationFn: ({ eventId, reason }: { eventId: string; reason: string }) =>
      api.post<Appeal>(`/api/credit/events/${id(eventId)}/appeals`, { reason }),
    onSuccess: invalidate,
  });
}

export function useDecideAppeal() {
  const invalidate = useInvalidateCredit();
  return useMutation({
    mutationFn: ({ appealId, decision, reason }: { appealId: string; decision: 'upheld' | 'revoked'; reason: string }) =>
      api.post<Appeal>(`/api/credit/appeals/${id(appealId)}/decision`, { decision, reason }),
    onSuccess: invalidate,
  });
}

export function useCreateExclusion() {
  const invalidate = useInvalidateCredit();
  return useMutation({
    mutationFn: (body: CreateExclusionInput) => api.post<Exclusion>('/api/credit/exclusions', body),
    onSuccess: invalidate,
  });
}

export function useLiftExclusion() {
  const invalidate = useInvalidateCredit();
  return useMutation({
    mutationFn: ({ exclusionId, reason }: { exclusionId: string; reason: string }) =>
      api.post<Exclusion>(`/api/credit/exclusions/${id(exclusionId)}/lift`, { reason }),
    onSuccess: invalidate,
  });
}

export function useImportList() {
  const invalidate = useInvalidateCredit();
  return useMutation({
    mutationFn: ({ file, dryRun }: { file: File; dryRun: boolean }) =>
      api.upload<ImportReport>('/api/credit/imports', file, { query: { dryRun } }),
    onSuccess: (report) => (report.dryRun ? undefined : invalidate()),
  });
}
