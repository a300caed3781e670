// The durable job queue (notify/job-queue.ts) as the `job-queue` resource: pg-boss on
// DATABASE_URL, or on the embedded PGlite through the executeSql adapter. Registered
// after the database and before anything that enqueues or works, so on close the workers
// stop (running handlers finish) before the mailer and the database go.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { PGlite } from '@electric-sql/pglite';
import { openJobQueue, type JobQueue } from '../notify/job-queue.ts';
import { pgliteExecuteSql } from '../notify/pglite-adapter.ts';
import { releaseOnClose } from './release.ts';

declare module 'fastify' {
  interface FastifyInstance {
    jobs: JobQueue;
  }
}

export const jobQueuePlugin = fp(
  async (app: FastifyInstance) => {
    const { databaseUrl, notify } = app.config;
    const onError = (err: Error) => app.log.warn({ err: { message: err.message } }, 'job queue error');
    const jobs = databaseUrl
      ? await openJobQueue({ databaseUrl, pollingIntervalSeconds: notify.jobsPollSeconds, onError })
      : await openJobQueue({
          // drizzle keeps the driver's client as $client: the same PGlite session.
          db: pgliteExecuteSql((app.database.db as unknown as { $client: PGlite }).$client),
          pollingIntervalSeconds: notify.jobsPollSeconds,
          onError,
        });
    app.decorate('jobs', jobs);
    releaseOnClose(app, 'job-queue', () => jobs.stop());
  },
  { name: 'job-queue', dependencies: ['config', 'database'] },
);
