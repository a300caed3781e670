// MEDIA_ENABLED=false keeps the debate core runnable without the mediasoup worker:
// nothing of mediasoup is loaded, no media:* event exists, the core works. And the
// MEDIA_* variables are part of the configuration (a bad one names itself).
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { startTestApp } from '../helpers/app.ts';
import { connect, join, liveDebate } from '../helpers/clients.ts';

const mediasoupLoaded = () =>
  Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes('/node_modules/mediasoup/'));

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('media disabled', () => {
  it('loads nothing of mediasoup, answers media:* as unknown, and the core runs', async () => {
    const t = await startTestApp({ env: { MEDIA_ENABLED: 'false', MEDIA_WORKERS: 'not-read' } });
    try {
      expect(t.config.media).toBeNull();
      expect(t.app.media).toBeNull();
      const { debateId, moderatorToken } = await liveDebate(t);
      const citizen = await join(t, debateId);
      const mod = await connect(t, moderatorToken);
      const c = await connect(t, citizen.token);
      try {
        expect(await c.refused('media:capabilities', {})).toBe('UNKNOWN_EVENT');
        await c.ok('queue:raise', { mode: 'oral' });
        await mod.ok('floor:grant', {});
        await c.waitForEvent('floor:granted');
      } finally {
        mod.close();
        c.close();
      }
      expect(mediasoupLoaded()).toBe(false);
    } finally {
      await t.close();
    }
  });

  it('loads mediasoup and starts workers when enabled (the default)', async () => {
    const t = await startTestApp({ env: { MEDIA_WORKERS: '1', MEDIA_RTC_MIN_PORT: '48400', MEDIA_RTC_MAX_PORT: '48499' } });
    try {
      expect(t.config.media).toMatchObject({ workers: 1, rtcMinPort: 48_400 });
      expect(t.app.media!.pool.workers()).toHaveLength(1);
      expect(mediasoupLoaded()).toBe(true);
    } finally {
      await t.close();
    }
    expect(t.app.media!.pool.closed).toBe(true);
  });
});

describe('media configuration', () => {
  const tmp = () => {
    const dir = mkdtempSync(joinPath(tmpdir(), 'tribune-media-config-'));
    dirs.push(dir);
    return dir;
  };

  it.each([
    [{ MEDIA_ENABLED: 'yes' }, 'MEDIA_ENABLED'],
    [{ MEDIA_WORKERS: 'two' }, 'MEDIA_WORKERS'],
    [{ MEDIA_LISTEN_IP: 'nope' }, 'MEDIA_LISTEN_IP'],
    [{ MEDIA_MAX_CONSUMERS_PER_ROUTER: '0' }, 'MEDIA_MAX_CONSUMERS_PER_ROUTER'],
    [{ MEDIA_PARTICIPANT_GRACE_MS: '-1' }, 'MEDIA_PARTICIPANT_GRACE_MS'],
  ])('refuses %o with one line naming %s', (env, name) => {
    let error: unknown;
    try {
      loadConfig({ DATA_DIR: tmp(), ...env });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(name);
    expect((error as Error).message).not.toContain('\n');
  });

  it('reads the media options, with defaults', () => {
    const c = loadConfig({ DATA_DIR: tmp(), MEDIA_ANNOUNCED_IP: '203.0.113.9', MEDIA_PARTICIPANT_GRACE_MS: '2500' });
    expect(c.media).toMatchObject({ announcedIp: '203.0.113.9', participantGraceMs: 2500, maxTransportsPerParticipant: 4 });
    expect(loadConfig({ DATA_DIR: tmp(), MEDIA_ENABLED: '0', MEDIA_WORKERS: 'bad' }).media).toBeNull();
  });
});
