import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type ApiFilters, type ApiQuery } from '../../app/api.ts';
import type { Role } from '../../app/types.ts';

export interface AdminUser {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  status: 'active' | 'disabled';
  organizationId: string;
  organizationName: string;
  lastLoginAt: string | null;
}

export interface AuditEntry {
  seq: number;
  occurredAt: string;
  actorUserId: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string;
  hash: string;
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  firstBroken: { seq: number; reason: string } | null;
}

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

export function useAuditEntries(query: PageQuery) {
  return useQuery({
    queryKey: ['admin', 'audit', query],
    queryFn: ({ signal }) => api.get('/api/admin/audit', { params: { query }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useVerifyAuditChain() {
  return useMutation({
    mutationFn: () => api.post('/api/admin/audit/verify'),
  });
}
