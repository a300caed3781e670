// A start that fails half-way releases what it had opened: here the media worker cannot
// start (its binary is missing, as on a machine that never built it), after the
// database, the storage, the live debates, Socket.IO and (with REDIS_URL) Redis were
// opened. Its own file: the binary's path is read by the first media start of a process.
import { afterAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../helpers/app.ts';
import { captureLog, connectionsTo, ownRedisPrefix, redisChannels } from '../helpers/lifecycle.ts';
import { createTestDatabaseUrl } from '../helpers/pg.ts';

const workerBin = process.env.MEDIASOUP_WORKER_BIN;
afterAll(() => {
  if (workerBin === undefined) delete process.env.MEDIASOUP_WORKER_BIN;
  else process.env.MEDIASOUP_WORKER_BIN = workerBin;
});

describe('a start that fails half-way', () => {
  it('releases what it had opened when the media worker cannot start', async () => {
    process.env.MEDIASOUP_WORKER_BIN = '/nonexistent/mediasoup-worker';
    const log = captureLog();
    const redis = ownRedisPrefix();
    // A database of our own (when the run uses PostgreSQL), to count its connections afterwards.
    const pg = process.env.DATABASE_URL ? await createTestDatabaseUrl() : null;
    try {
      await expect(
        startTestApp({ logger: log.logger, env: { MEDIA_WORKERS: '1', ...redis.env, ...(pg ? { DATABASE_URL: pg.url } : {}) } }),
      ).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('/nonexistent/mediasoup-worker') });
      expect(log.released()).toEqual([
        'socket-io',
        'live-debates',
        'storage',
        'job-queue',
        'mailer',
        'database',
        ...(process.env.REDIS_URL ? ['redis-bus'] : []),
      ]);
      if (pg) expect(await connectionsTo(pg.url)).toBe(0);
      if (process.env.REDIS_URL) expect(await redisChannels(redis.prefix)).toEqual([]);
    } finally {
      await pg?.drop();
    }
  });
});
