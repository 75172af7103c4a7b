import nodemailer from 'nodemailer';

/** One e-mail as the product sends it: plain text, UTF-8. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** The mail port: where notifications leave the platform by e-mail. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/**
 * The SMTP adapter (nodemailer) for SMTP_URL, or null when no mail server is configured (in-app
 * notifications only). Called by the mail job, never inside a request.
 */
export function smtpMailer(config: { SMTP_URL?: string | undefined; SMTP_FROM: string }): Mailer | null {
  if (!config.SMTP_URL) return null;
  const transport = nodemailer.createTransport(config.SMTP_URL);
  return {
    async send(message) {
      await transport.sendMail({ from: config.SMTP_FROM, to: message.to, subject: message.subject, text: message.text });
    },
    close: () => transport.close(),
  };
}
