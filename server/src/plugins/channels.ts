// The town's channels that Tribune drives itself (issue 11, items 4 and 6): citizens'
// debate requests (requests/) and the organizer's webhooks (webhooks/). Their mails and
// deliveries are jobs of the shared durable queue (plugins/job-queue.ts); the workers
// start here and stop when the queue closes, after this plugin.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { isAppError } from '../errors.ts';
import { subscribeConfirmed } from '../notify/subscriptions.ts';
import { existingDebate, searchDebates } from '../http/debate-lookup.ts';
import { baseUrlOf, toDebateDto } from '../http/debate-view.ts';
import {
  createWebhooksService,
  WEBHOOK_DELIVER_QUEUE,
  WEBHOOK_STARTING_QUEUE,
  type DeliverJob,
  type StartingJob,
  type WebhooksService,
} from '../webhooks/webhooks-service.ts';
import { createRequestsService, REQUEST_MAIL_QUEUE, type RequestMailJob, type RequestsService } from '../requests/requests-service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    requests: RequestsService;
    webhooks: WebhooksService;
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
      // Supporters confirmed their address for this request: they follow the debate it became.
      subscribe: async (debateId, supporters) => {
        await subscribeConfirmed(app.database, debateId, supporters, new Date(app.clock.now()));
      },
    });
    app.decorate('requests', requests);
    await app.jobs.work<RequestMailJob>(REQUEST_MAIL_QUEUE, (job) => requests.deliver(job.data), { concurrency: 2 });

    const { config } = app;
    const webhooks = createWebhooksService({
      database: app.database,
      jobs: app.jobs,
      now: () => app.clock.now(),
      publicDebate: async (id) => {
        try {
          const row = await existingDebate(app, id);
          return row.status === 'draft' ? null : toDebateDto(row, false, baseUrlOf(app));
        } catch (err) {
          if (isAppError(err) && err.code === 'DEBATE_NOT_FOUND') return null;
          throw err;
        }
      },
      upcoming: async () => (await searchDebates(app, { statuses: ['scheduled'] })).debates.map((row) => toDebateDto(row, false, baseUrlOf(app))),
      options: {
        allowPrivate: config.webhookAllowPrivate,
        retries: config.webhookRetries,
        retryDelaySeconds: config.webhookRetryDelaySeconds,
        timeoutMs: config.webhookTimeoutMs,
      },
    });
    app.decorate('webhooks', webhooks);
    app.registry.onEvent((e) => {
      webhooks.onDebateEvent(e).catch((err: unknown) => app.log.warn({ err, debateId: e.debateId, type: e.type }, 'webhook event not enqueued'));
    });
    await app.jobs.work<DeliverJob>(WEBHOOK_DELIVER_QUEUE, (job) => webhooks.deliver(job.data, job.retryCount), { concurrency: 4 });
    await app.jobs.work<StartingJob>(WEBHOOK_STARTING_QUEUE, (job) => webhooks.runStarting(job.data));
  },
  { name: 'channels', dependencies: ['config', 'database', 'job-queue', 'mailer', 'live-debates'] },
);
