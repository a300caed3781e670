// The media layer's metrics on GET /metrics, read after causing them on a real server
// (real mediasoup workers, real FFmpeg): live workers, open media sessions, participants'
// consumers, recording files being written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { scrape } from '../helpers/metrics.ts';
import { until } from '../helpers/until.ts';
import { publishRtpSource, type RtpSource } from './rtp-source.ts';
import { cast, grantFloor, publish, startMediaApp, subscribe, waitForPush, type Cast } from './server-helpers.ts';

describe('media metrics', () => {
  let t: TestApp;
  let k: Cast;
  let source: RtpSource | null = null;
  const gauge = async (name: string) => (await scrape(t)).value(name);

  beforeAll(async () => {
    t = await startMediaApp(46_600);
    k = await cast(t);
  });
  afterAll(async () => {
    source?.stop();
    k?.close();
    await t?.close();
  });

  it('counts the live workers and the open media sessions', async () => {
    expect(await gauge('tribune_media_workers')).toBe(2);
    expect(await gauge('tribune_media_sessions')).toBe(0);
    await k.moderator.ok('media:capabilities', {});
    expect(await gauge('tribune_media_sessions')).toBe(1);
  });

  it("counts the participants' consumers", async () => {
    const producerId = await publish(k.moderator, 'audio');
    expect(await gauge('tribune_media_consumers')).toBe(0);
    const a = await subscribe(k.viewer, producerId);
    await subscribe(k.citizen, producerId);
    expect(await gauge('tribune_media_consumers')).toBe(2);
    await k.viewer.ok('media:consumer:close', { consumerId: a.consumer.id });
    await until('the closed consumer to be gone', async () => (await gauge('tribune_media_consumers')) === 1);
  });

  it('counts the recording files being written', async () => {
    expect(await gauge('tribune_media_recordings_active')).toBe(0);
    await grantFloor(k, k.speaker);
    source = await publishRtpSource(await t.app.media!.openSession(k.debateId), { participantId: k.speaker.participantId, role: 'speaker' }, { kinds: ['audio'] });
    await waitForPush(k.moderator, 'media:recording', (p) => p.recording, 20_000);
    expect(await gauge('tribune_media_recordings_active')).toBe(1);
    await k.moderator.ok('media:recording', { action: 'stop' });
    await until('the file to be finished', async () => (await gauge('tribune_media_recordings_active')) === 0, 20_000);
  });
});
