// The offline-built worker: where it is, how it is keyed, and that mediasoup runs it.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMediasoup } from '../../../media/mediasoup.ts';
import { workerBinaryPath, workerCacheLocation } from '../../../media/worker/locate.ts';
import { requireWorkerBinary } from './helpers.ts';

const savedBin = process.env.MEDIASOUP_WORKER_BIN;
afterAll(() => {
  if (savedBin === undefined) delete process.env.MEDIASOUP_WORKER_BIN;
  else process.env.MEDIASOUP_WORKER_BIN = savedBin;
});

describe('mediasoup worker binary', () => {
  it('is built (run media/worker/build-worker.sh otherwise)', () => {
    expect(requireWorkerBinary()).toMatch(/mediasoup-worker$/);
  });

  it('is keyed by mediasoup version and the sha256 of the fix script, like build-worker.sh', () => {
    const fixes = readFileSync(new URL('../../../media/worker/apply-fixes.sh', import.meta.url));
    const key = createHash('sha256').update(fixes).digest('hex').slice(0, 12);
    const loc = workerCacheLocation({ HOME: '/home/x' });
    expect(loc.version).toBe('3.8.4');
    expect(loc.key).toBe(key);
    expect(loc.binary).toBe(join('/home/x/.cache/tribune/mediasoup-worker', `3.8.4-${key}`, 'mediasoup-worker'));
    expect(workerCacheLocation({ TRIBUNE_CACHE_DIR: '/c' }).binary).toBe(
      join('/c/mediasoup-worker', `3.8.4-${key}`, 'mediasoup-worker'),
    );
    expect(workerCacheLocation({}).binary.startsWith(join(homedir(), '.cache', 'tribune'))).toBe(true);
  });

  it('prefers MEDIASOUP_WORKER_BIN, else the cache, else null (no in-package build here)', () => {
    expect(workerBinaryPath({ MEDIASOUP_WORKER_BIN: '/opt/w' })).toBe('/opt/w');
    expect(workerBinaryPath({ TRIBUNE_CACHE_DIR: '/nonexistent-cache' })).toBeNull();
    const { HOME, TRIBUNE_CACHE_DIR } = process.env;
    expect(workerBinaryPath({ HOME, TRIBUNE_CACHE_DIR })).toBe(workerCacheLocation().binary);
  });

  it('a missing binary is refused with the build instruction', async () => {
    process.env.MEDIASOUP_WORKER_BIN = '/nonexistent/mediasoup-worker';
    await expect(loadMediasoup()).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('media/worker/build-worker.sh'),
    });
    delete process.env.MEDIASOUP_WORKER_BIN;
  });

  it('runs under mediasoup 3.8.4: a worker and a router come up', async () => {
    requireWorkerBinary();
    const mediasoup = await loadMediasoup();
    expect(mediasoup.version).toBe('3.8.4');
    expect(process.env.MEDIASOUP_WORKER_BIN).toBe(workerBinaryPath());
    const worker = await mediasoup.createWorker({ logLevel: 'error', rtcMinPort: 42_000, rtcMaxPort: 42_099 });
    try {
      const router = await worker.createRouter({
        mediaCodecs: [{ kind: 'audio', mimeType: 'audio/opus', clockRate: 48_000, channels: 2 }],
      });
      expect(router.rtpCapabilities.codecs?.map((c) => c.mimeType)).toContain('audio/opus');
      const usage = await worker.getResourceUsage();
      expect(usage.ru_maxrss).toBeGreaterThan(0);
    } finally {
      worker.close();
    }
  });
});
