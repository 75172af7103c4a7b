import { z } from 'zod';
import { pageOf } from './paging.ts';

export const notificationSchema = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  /** True when addressed to the caller alone, false when to everyone in the organization. */
  personal: z.boolean(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});
export type NotificationDto = z.infer<typeof notificationSchema>;

export const notificationPageSchema = pageOf(notificationSchema).extend({ unread: z.number().int() });
export const notificationListQuery = z.object({ unread: z.enum(['true', 'false']).optional() });
