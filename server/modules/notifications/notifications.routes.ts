import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireAuth } from '../../platform/auth.ts';
import { problemResponses } from '../../platform/http.ts';
import { pageQuery } from '../../../contracts/paging.ts';
import { idParams } from '../../platform/schemas.ts';
import {
  notificationListQuery,
  notificationPageSchema,
  notificationSchema,
  notificationSettingsBody,
  notificationSettingsSchema,
} from '../../../contracts/notifications.schemas.ts';
import type { NotificationsService } from './notifications.service.ts';

export const notificationsRoutes =
  (deps: { notifications: NotificationsService }): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['notifications'];
    const any = { access: { authenticated: true } } as const;

    app.get(
      '/api/notifications',
      {
        config: any,
        schema: {
          tags,
          summary: "The caller's notifications (its organization's and its own), newest first, with the unread count",
          querystring: pageQuery.extend(notificationListQuery.shape),
          response: { 200: notificationPageSchema, ...problemResponses(400, 401) },
        },
      },
      async (request) => {
        const { page, pageSize, unread } = request.query;
        return deps.notifications.list(requireAuth(request), { unread: unread === 'true' }, { page, pageSize });
      },
    );

    app.post(
      '/api/notifications/:id/read',
      {
        config: any,
        schema: {
          tags,
          summary: 'Mark a notification read',
          params: idParams,
          response: { 200: notificationSchema, ...problemResponses(400, 401, 404) },
        },
      },
      async (request) => deps.notifications.markRead(requireAuth(request), request.params.id),
    );

    app.get(
      '/api/notifications/settings',
      {
        config: any,
        schema: {
          tags,
          summary: '通知设置: which kinds reach the caller by e-mail, and where',
          response: { 200: notificationSettingsSchema, ...problemResponses(401) },
        },
      },
      async (request) => deps.notifications.settings.get(requireAuth(request)),
    );

    app.put(
      '/api/notifications/settings',
      {
        config: any,
        schema: {
          tags,
          summary: "Choose which kinds of notification reach the caller by e-mail, and the address (blank: the account's)",
          body: notificationSettingsBody,
          response: { 200: notificationSettingsSchema, ...problemResponses(400, 401) },
        },
      },
      async (request) => deps.notifications.settings.update(requireAuth(request), request.body),
    );
  };
