import { useQuery } from '@tanstack/react-query';
import { api } from '../../app/api.ts';

export function useOrganization(id: string) {
  return useQuery({
    queryKey: ['organizations', id],
    queryFn: ({ signal }) => api.get('/api/organizations/{id}', { params: { path: { id } }, signal }),
  });
}
