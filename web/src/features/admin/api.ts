import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiRequest } from '../../app/api.ts';
import type { Organization, Paged, Role } from '../../app/types.ts';

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

export function useAdminOrganizations(query: PageQuery & { kind?: string | undefined; q?: string | undefined }) {
  return useQuery({
    queryKey: ['admin', 'organizations', query],
    queryFn: ({ signal }) => api.get<Paged<Organization>>('/api/admin/organizations', { ...query }, signal),
    placeholderData: keepPreviousData,
  });
}

/** A supplier's legal representative and controlling organization: the bid opening rejects related bidders in one lot by them. */
export function useUpdateSupplier() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; legalRepresentative: string | null; controlledByUscc: string | null }) =>
      apiRequest<Organization>(`/api/admin/organizations/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['admin', 'organizations'] }),
  });
}

export function useAdminUsers(query: PageQuery & { role?: string | undefined; q?: string | undefined }) {
  return useQuery({
    queryKey: ['admin', 'users', query],
    queryFn: ({ signal }) => api.get<Paged<AdminUser>>('/api/admin/users', { ...query }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useAuditEntries(query: PageQuery) {
  return useQuery({
    queryKey: ['admin', 'audit', query],
    queryFn: ({ signal }) => api.get<Paged<AuditEntry>>('/api/admin/audit', { ...query }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useVerifyAuditChain() {
  return useMutation({
    mutationFn: () => api.post<AuditVerification>('/api/admin/audit/verify'),
  });
}
