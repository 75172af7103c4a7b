import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../app/api.ts';
import type { notificationPageSchema, notificationSchema } from '@contracts/notifications.schemas.ts';

// Answers of the notifications API, typed from its own response schemas (type-only imports from contracts/).
export type Notification = z.infer<typeof notificationSchema>;
export type NotificationPage = z.infer<typeof notificationPageSchema>;

const key = ['notifications'] as const;

/** The caller's notifications, newest first, with the unread count; the header polls the first page. */
export function useNotifications(query: { page: number; pageSize: number; unread?: boolean | undefined }, poll = false) {
  return useQuery({
    queryKey: [...key, query],
    queryFn: ({ signal }) =>
      api.get('/api/notifications', {
        params: { query: { page: query.page, pageSize: query.pageSize, ...(query.unread ? { unread: 'true' } : {}) } },
        signal,
      }),
    placeholderData: keepPreviousData,
    refetchInterval: poll ? 60_000 : false,
  });
}

export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post('/api/notifications/{id}/read', { params: { path: { id } } }),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });
}
