import { z } from 'zod';
import { pageOf } from './paging.ts';

export const notificationSchema = z.object({
  id: z.string(),
  /** A stable code per notice (contracts/notifications.kinds.ts), worded by the storefront from `params`. */
  kind: z.string(),
  /** In Chinese, as stored: the words where the kind or its params are unknown. */
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  /** The facts to word it in the page's language (amounts in fen, times ISO); null for a notice stored without them. */
  params: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
  /** True when addressed to the caller alone, false when to everyone in the organization. */
  personal: z.boolean(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});
export type NotificationDto = z.infer<typeof notificationSchema>;

export const notificationPageSchema = pageOf(notificationSchema).extend({ unread: z.number().int() });
export const notificationListQuery = z.object({ unread: z.enum(['true', 'false']).optional() });

/**
 * The kinds of notification a user may choose to receive by e-mail: a notification's kind is
 * "<topic>.<what>" (order.placed, tender.awarded…); a kind of another topic counts as 'other'.
 */
export const notificationTopics = ['order', 'quotation', 'tender', 'auction', 'credit', 'risk', 'plan', 'other'] as const;
export type NotificationTopic = (typeof notificationTopics)[number];

export const topicOfKind = (kind: string): NotificationTopic => {
  const head = kind.split('.')[0] as NotificationTopic;
  return (notificationTopics as readonly string[]).includes(head) ? head : 'other';
};

export const notificationSettingsSchema = z.object({
  /** Where e-mail goes; null: the address on the user's account (accountEmail). */
  email: z.string().nullable(),
  accountEmail: z.string().nullable(),
  emailTopics: z.array(z.enum(notificationTopics)),
  /** Whether the platform has a mail server: without one nothing is sent by e-mail. */
  emailEnabled: z.boolean(),
});

export const notificationSettingsBody = z.object({
  /** Blank or null: the account's own address. */
  email: z
    .string()
    .max(200)
    .refine((v) => v === '' || z.email().safeParse(v).success, '请输入有效的电子邮件地址')
    .nullable(),
  emailTopics: z.array(z.enum(notificationTopics)).max(notificationTopics.length),
});
