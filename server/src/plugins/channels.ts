// The town's channels that Tribune drives itself (issue 11, items 4 and 6): citizens'
// debate requests (requests/) and the organizer's webhooks (webhooks/). Their mails and
// deliveries are jobs of the shared durable queue (plugins/job-queue.ts); the workers
// start here and stop when the queue closes, after this plugin.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { baseUrlOf } from '../http/debate-view.ts';
import { createRequestsService, REQUEST_MAIL_QUEUE, type RequestMailJob, type RequestsService } from '../requests/requests-service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    requests: RequestsService;
  }
}

export const channelsPlugin = fp(
  async (app: FastifyInstance) => {
    const requests = createRequestsService({
      database: app.database,
      jobs: app.jobs,
      mailer: app.mailer,
      baseUrl: () => baseUrlOf(app),
      now: () => app.clock.now(),
      secret: app.config.jwtSecret,
      createDraft: async (draft) => (await app.registry.create({ ...draft, location: null }, { kind: 'admin' })).id,
    });
    app.decorate('requests', requests);
    await app.jobs.work<RequestMailJob>(REQUEST_MAIL_QUEUE, (job) => requests.deliver(job.data), { concurrency: 2 });
  },
  { name: 'channels', dependencies: ['config', 'database', 'job-queue', 'mailer', 'live-debates'] },
);
