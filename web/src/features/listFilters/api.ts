import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type ApiAnswer } from '../../app/api.ts';
import type { SavedFilterList } from '@contracts/saved-filters.schemas.ts';

export type { SavedFilterList };
/** A saved filter (常用筛选) as GET /api/saved-filters answers it. */
export type SavedFilter = ApiAnswer<'/api/saved-filters', 'get'>['items'][number];

const savedKey = (list: SavedFilterList) => ['saved-filters', list] as const;

/** The caller's own saved filters of a list, kept on the server (they follow the user to any device). */
export function useSavedFilters(list: SavedFilterList, enabled = true) {
  return useQuery({
    queryKey: savedKey(list),
    queryFn: ({ signal }) => api.get('/api/saved-filters', { params: { query: { list } }, signal }),
    enabled,
    staleTime: 60_000,
  });
}

/** Saves the list's current filter under a name; the server checks it against the list's filters. */
export function useSaveFilter(list: SavedFilterList) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; query: Record<string, string> }) => api.post('/api/saved-filters', { body: { list, ...body } }),
    onSuccess: () => client.invalidateQueries({ queryKey: savedKey(list) }),
  });
}

export function useDeleteSavedFilter(list: SavedFilterList) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete('/api/saved-filters/{id}', { params: { path: { id } } }),
    onSuccess: () => client.invalidateQueries({ queryKey: savedKey(list) }),
  });
}

/** The suppliers of the caller's orders by name, for the order list's supplier filter (asked only while open). */
export function useOrderSupplierOptions(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['orders', 'suppliers', q],
    queryFn: ({ signal }) => api.get('/api/orders/suppliers', { params: { query: { q: q || undefined, pageSize: 20 } }, signal }),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}
