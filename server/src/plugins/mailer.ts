// Outgoing e-mail (notify/mailer.ts) as the `mailer` resource: nodemailer's SMTP pool on
// SMTP_URL, or "e-mail is off" (mailer.enabled false) without it. Closed after the job
// queue, whose mail workers use it.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { createMailer, type Mailer } from '../notify/mailer.ts';
import { releaseOnClose } from './release.ts';

declare module 'fastify' {
  interface FastifyInstance {
    mailer: Mailer;
  }
}

export const mailerPlugin = fp(
  async (app: FastifyInstance) => {
    const { notify } = app.config;
    const mailer = createMailer({
      smtpUrl: notify.smtpUrl,
      from: notify.mailFrom,
      ratePerSecond: notify.mailRatePerSecond,
      maxConnections: notify.mailMaxConnections,
    });
    app.decorate('mailer', mailer);
    releaseOnClose(app, 'mailer', () => mailer.close());
  },
  { name: 'mailer', dependencies: ['config'] },
);
