import type { Config } from '../../server/config.ts';
import { mailPendingNotifications } from '../../server/modules/notifications/notifications.email.ts';
import { notificationJobs } from '../../server/modules/notifications/notifications.service.ts';
import { smtpMailer } from '../../server/platform/mail.ts';
import { defineProcessor } from '../../server/platform/queue/job-system.ts';

/** E-mail of notifications, through the SMTP adapter when SMTP_URL is configured. */
export const notificationProcessors = (deps: { config: Config }) => {
  const mailer = smtpMailer(deps.config);
  const publicUrl = deps.config.PUBLIC_URL ?? `http://localhost:${deps.config.PORT}`;
  return [
    defineProcessor(notificationJobs.email, async (_payload, ctx) => {
      const { sent, failed } = await mailPendingNotifications(ctx.db, mailer, {
        publicUrl,
        onError: (err, id) => ctx.log.error({ err, notification: id }, 'notification e-mail failed; retried on the next run'),
      });
      if (sent || failed) ctx.log.info({ sent, failed }, 'notification e-mails');
    }),
  ];
};
