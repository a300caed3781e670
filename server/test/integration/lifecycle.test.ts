// The app's resources as plugins: one app.close() releases them all in order (realtime
// traffic first, the media recorder while the debates still take its events, the
// debates with their queued commands and ballots, then storage, the database, Redis).
// The order is read from each plugin's `released` debug line; the Redis lease and
// subscriptions are checked directly when the run uses Redis. A start that fails
// half-way: startup-failure.test.ts.
import { describe, expect, it } from 'vitest';
import { startTestApp } from '../helpers/app.ts';
import { admin, connect, join, liveDebate } from '../helpers/clients.ts';
import { captureLog, ownRedisPrefix, redisChannels, withRedis } from '../helpers/lifecycle.ts';
import { until } from '../helpers/until.ts';
import { requireWorkerBinary } from '../media/helpers.ts';

describe('the app lifecycle', () => {
  // Two starts with a media worker: on a busy machine, more than the default 30 s.
  it('closes everything in order with one app.close()', { timeout: 90_000 }, async () => {
    requireWorkerBinary();
    const log = captureLog();
    const redis = ownRedisPrefix();
    const t = await startTestApp({
      logger: log.logger,
      env: { MEDIA_WORKERS: '1', MEDIA_RTC_MIN_PORT: '46400', MEDIA_RTC_MAX_PORT: '46499', MEDIA_LOG_LEVEL: 'error', ...redis.env },
    });
    let current = t;
    try {
      const { debateId, moderatorToken } = await liveDebate(t);
      const mod = await connect(t, moderatorToken);
      const citizen = await connect(t, (await join(t, debateId)).token);
      const { pollId } = await mod.ok('poll:create', {
        question: 'On continue ?',
        kind: 'single',
        options: ['Oui', 'Non'],
        anonymous: true,
        visibility: 'live',
        autoCloseSeconds: null,
        openNow: true,
      });
      await citizen.ok('poll:vote', { pollId, choices: [1] });
      const reasons: string[] = [];
      citizen.socket.on('disconnect', (reason) => reasons.push(reason));
      expect(log.released()).toEqual([]);

      await t.stop();
      expect(log.released()).toEqual([
        'socket-io',
        'media',
        'live-debates',
        'storage',
        'job-queue',
        'mailer',
        'database',
        ...(process.env.REDIS_URL ? ['redis-bus'] : []),
      ]);
      await until('the server to disconnect the citizen', () => reasons.includes('io server disconnect'));
      mod.close();
      citizen.close();
      if (process.env.REDIS_URL) {
        // The live debate's lease was released while Redis was open, and nothing listens any more.
        expect(await withRedis((r) => r.exists(`${redis.prefix}:owner:${debateId}`))).toBe(0);
        expect(await redisChannels(redis.prefix)).toEqual([]);
      }

      // The acknowledged ballot was flushed before the database closed.
      current = await t.restart();
      const audit = await admin(current, 'GET', `/api/debates/${debateId}/polls/${pollId}/audit`);
      expect(audit.body).toMatchObject({ ballotRows: 1, results: { counts: [0, 1], totalBallots: 1 } });
    } finally {
      await current.close();
    }
  });
});
