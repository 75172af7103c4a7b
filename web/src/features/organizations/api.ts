import { useQuery } from '@tanstack/react-query';
import { api } from '../../app/api.ts';
import type { Organization } from '../../app/types.ts';

export function useOrganization(id: string) {
  return useQuery({
    queryKey: ['organizations', id],
    queryFn: ({ signal }) => api.get<Organization>(`/api/organizations/${encodeURIComponent(id)}`, undefined, signal),
  });
}
