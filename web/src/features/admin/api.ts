import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type ApiAnswer, type ApiFilters, type ApiQuery } from '../../app/api.ts';

// Answers of the admin API, as its routes publish them (web/src/app/api-schema.d.ts).
export type AdminUser = ApiAnswer<'/api/admin/users', 'get'>['items'][number];

export type AuditEntry = ApiAnswer<'/api/admin/audit', 'get'>['items'][number];

export type AuditVerification = ApiAnswer<'/api/admin/audit/verify', 'post'>;

interface PageQuery {
  page: number;
  pageSize: number;
}

export function useAdminOrganizations(query: PageQuery & ApiFilters<'/api/admin/organizations'>) {
  return useQuery({
    queryKey: ['admin', 'organizations', query],
    queryFn: ({ signal }) =>
      api.get('/api/admin/organizations', { params: { query: query as ApiQuery<'/api/admin/organizations'> }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** A supplier's legal representative and controlling organization: the bid opening rejects related bidders in one lot by them. */
export function useUpdateSupplier() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; legalRepresentative: string | null; controlledByUscc: string | null }) =>
      api.patch('/api/admin/organizations/{id}', { params: { path: { id } }, body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['admin', 'organizations'] }),
  });
}

export function useAdminUsers(query: PageQuery & ApiFilters<'/api/admin/users'>) {
  return useQuery({
    queryKey: ['admin', 'users', query],
    queryFn: ({ signal }) => api.get('/api/admin/users', { params: { query: query as ApiQuery<'/api/admin/users'> }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** The audit log, filtered on the server (person, organization, actions, thing, Asia/Shanghai days). */
export function useAuditEntries(query: PageQuery & ApiFilters<'/api/admin/audit'>) {
  return useQuery({
    queryKey: ['admin', 'audit', query],
    queryFn: ({ signal }) => api.get('/api/admin/audit', { params: { query: query as ApiQuery<'/api/admin/audit'> }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** Organizations whose name or USCC holds `q`, for the audit log's organization filter (asked only while its list is open). */
export function useOrganizationOptions(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['admin', 'organizations', 'options', q],
    queryFn: ({ signal }) =>
      api.get('/api/admin/organizations', { params: { query: { q: q || undefined, page: 1, pageSize: 20 } }, signal }),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

export function useVerifyAuditChain() {
  return useMutation({
    mutationFn: () => api.post('/api/admin/audit/verify'),
  });
}
