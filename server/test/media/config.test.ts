// Media options: defaults, environment parsing, and refusals that name the variable.
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { MediaConfigError, mediaConfigFromEnv, parseMediaConfig } from '../../../media/config.ts';

describe('media config', () => {
  it('defaults: one worker per core, loopback, bounded limits', () => {
    const c = parseMediaConfig();
    expect(c.workers).toBe(os.availableParallelism());
    expect(c.listenIp).toBe('127.0.0.1');
    expect(c.announcedIp).toBeUndefined();
    expect(c.rtcMinPort).toBeLessThan(c.rtcMaxPort);
    expect(c.maxTransportsPerParticipant).toBe(4);
    expect(c.maxConsumersPerRouter).toBeGreaterThan(0);
  });

  it('reads MEDIA_* variables', () => {
    const c = mediaConfigFromEnv({
      MEDIA_WORKERS: '3',
      MEDIA_RTC_MIN_PORT: '20000',
      MEDIA_RTC_MAX_PORT: '20999',
      MEDIA_LISTEN_IP: '0.0.0.0',
      MEDIA_ANNOUNCED_IP: '203.0.113.7',
      MEDIA_MAX_TRANSPORTS_PER_PARTICIPANT: '2',
    });
    expect(c).toMatchObject({
      workers: 3,
      rtcMinPort: 20_000,
      rtcMaxPort: 20_999,
      listenIp: '0.0.0.0',
      announcedIp: '203.0.113.7',
      maxTransportsPerParticipant: 2,
    });
  });

  it('names the bad variable', () => {
    expect(() => mediaConfigFromEnv({ MEDIA_LISTEN_IP: 'not-an-ip' })).toThrow(/MEDIA_LISTEN_IP/);
    expect(() => mediaConfigFromEnv({ MEDIA_WORKERS: 'two' })).toThrow(/MEDIA_WORKERS/);
    expect(() => mediaConfigFromEnv({ MEDIA_RTC_MIN_PORT: '80' })).toThrow(MediaConfigError);
  });

  it('refuses a port range too small for the workers', () => {
    expect(() => parseMediaConfig({ workers: 4, rtcMinPort: 40_000, rtcMaxPort: 40_005 })).toThrow(/rtcMaxPort/);
  });
});
