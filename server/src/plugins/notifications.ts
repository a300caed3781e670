// E-mail notifications (notify/notifier.ts) as the `notifications` plugin: listens to the
// committed lifecycle events of the debates this node owns and starts the mail workers
// on the job queue. Nothing of its own to close: the job queue stops its workers.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { baseUrlOf } from '../http/debate-view.ts';
import { createNotifier, type Notifier } from '../notify/notifier.ts';
import { createSubscriptionTokens } from '../notify/subscriptions.ts';

declare module 'fastify' {
  interface FastifyInstance {
    notifier: Notifier;
  }
}

export const notificationsPlugin = fp(
  async (app: FastifyInstance) => {
    const notifier = createNotifier({
      database: app.database,
      jobs: app.jobs,
      mailer: app.mailer,
      clock: app.clock,
      config: app.config.notify,
      tokens: createSubscriptionTokens(app.config.jwtSecret),
      baseUrl: () => baseUrlOf(app),
      log: app.log,
    });
    app.registry.onEvent((e) => notifier.onEvent(e));
    await notifier.start();
    app.decorate('notifier', notifier);
  },
  { name: 'notifications', dependencies: ['config', 'database', 'job-queue', 'mailer', 'live-debates'] },
);
