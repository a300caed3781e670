// Floor control enforced on the server: the core's floor events pause, resume and close
// the holder's producers, every client is told, a hard expiry cuts the citizen within
// 100 ms of the deadline (measured on server timestamps), and the moderator can mute and
// unmute any producer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { audioPayload, cast, grantFloor, publish, pushesOf, startMediaApp, subscribe, waitForPush, type Cast } from './server-helpers.ts';
import { until } from '../helpers/until.ts';

describe('floor control of media', () => {
  let t: TestApp;
  let k: Cast;

  beforeAll(async () => {
    t = await startMediaApp(47_200);
    k = await cast(t, { turn: { defaultSeconds: 60, warningSeconds: [30, 10], expiry: 'hard' } });
  });
  afterAll(async () => {
    k?.close();
    await t?.close();
  });

  const room = () => t.app.media!.session(k.debateId)!.mediasoupRoom;
  const producer = (id: string) => room().producers().find((p) => p.producerId === id);

  it('pause / resume of the floor pause / resume the holder\'s producers, and everyone is told', async () => {
    await grantFloor(k, k.citizen);
    const mic = await publish(k.citizen, 'audio');
    const cam = await publish(k.citizen, 'video');
    const { consumer } = await subscribe(k.viewer, mic);

    await k.moderator.ok('floor:pause', {});
    for (const c of k.all) {
      await waitForPush(c, 'media:producer:paused', (p) => p.producerId === mic);
      await waitForPush(c, 'media:producer:paused', (p) => p.producerId === cam);
    }
    expect(producer(mic)?.paused).toBe(true);
    await until('the consumer to see its producer paused', () => room().consumerState(k.viewer.participantId, consumer.id).producerPaused);
    // Published while the floor is paused: created paused.
    const late = await publish(k.citizen, 'audio');
    expect(producer(late)?.paused).toBe(true);

    await k.moderator.ok('floor:resume', {});
    await waitForPush(k.display, 'media:producer:resumed', (p) => p.producerId === late);
    expect([mic, cam, late].map((id) => producer(id)?.paused)).toEqual([false, false, false]);
    await k.moderator.ok('floor:end', {});
    // A citizen loses the right to publish when the floor ends: closed, not just paused.
    for (const id of [mic, cam, late]) await waitForPush(k.viewer, 'media:producer:closed', (p) => p.producerId === id);
    expect(room().producers().filter((p) => p.participantId === k.citizen.participantId)).toEqual([]);
    expect(await waitForPush(k.viewer, 'media:consumer:closed')).toEqual({ consumerId: consumer.id });
  });

  it('a hard 1 s turn: the citizen is cut within 100 ms of the deadline and may not publish again', async () => {
    const before = k.viewer.pushes.length;
    await grantFloor(k, k.citizen, { seconds: 1 });
    const granted = await k.moderator.waitForEvent('floor:granted', (e) => e.payload.participantId === k.citizen.participantId && e.payload.allottedMs === 1000);
    const mic = await publish(k.citizen, 'audio');
    const cam = await publish(k.citizen, 'video');
    const expired = await k.moderator.waitForEvent('floor:expired', (e) => e.payload.turnId === granted.payload.turnId, 5_000);
    const deadline = expired.payload.endedAt as number;
    expect(deadline).toBe(granted.payload.deadline);

    // The first push that stopped each producer (paused at the deadline, closed at the event).
    const cuts = await Promise.all(
      [mic, cam].map(async (id) => {
        await waitForPush(k.viewer, 'media:producer:closed', (p) => p.producerId === id);
        const stops = k.viewer.pushes
          .slice(before)
          .filter((p) => (p.event === 'media:producer:paused' || p.event === 'media:producer:closed') && p.payload.producerId === id);
        return stops[0]!.payload.at as number;
      }),
    );
    const latencies = cuts.map((at) => at - deadline);
    const closedAt = pushesOf(k.viewer, 'media:producer:closed', (p) => p.producerId === mic)[0].at as number;
    console.log(
      `after the hard deadline (server clock): producers stopped at +${latencies.join(' / +')} ms; ` +
        `closed on floor:expired at +${closedAt - deadline} ms`,
    )
    for (const ms of latencies) {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThanOrEqual(100);
    }
    // Every client was told, not only the viewer.
    for (const c of k.all) await waitForPush(c, 'media:producer:closed', (p) => p.producerId === mic);
    // The floor is gone: publishing again is refused.
    expect(await k.citizen.refused('media:produce', audioPayload(k.citizen.sendTransportId!))).toBe('MEDIA_NOT_ALLOWED');
  });

  it('a guest speaker is paused (not closed) when their turn ends, and resumed at their next turn', async () => {
    const mic = await publish(k.speaker, 'audio');
    expect(producer(mic)?.paused).toBe(false);
    await grantFloor(k, k.speaker);
    await k.moderator.ok('floor:end', {});
    await waitForPush(k.viewer, 'media:producer:paused', (p) => p.producerId === mic);
    expect(producer(mic)?.paused).toBe(true);
    await grantFloor(k, k.speaker);
    await waitForPush(k.viewer, 'media:producer:resumed', (p) => p.producerId === mic);
    expect(producer(mic)?.paused).toBe(false);
    await k.moderator.ok('floor:end', {});
    await until('paused again', () => producer(mic)?.paused);
    expect(pushesOf(k.viewer, 'media:producer:closed', (p) => p.producerId === mic)).toEqual([]);
  });

  it('the moderator mutes and unmutes any producer; a mute holds through a floor resume', async () => {
    await grantFloor(k, k.citizen);
    const mic = await publish(k.citizen, 'audio');
    const cam = await publish(k.citizen, 'video');
    expect(await k.moderator.ok('media:mute', { producerId: mic })).toEqual({ producerId: mic, paused: true });
    await waitForPush(k.speaker, 'media:producer:paused', (p) => p.producerId === mic && p.participantId === k.citizen.participantId);
    expect(producer(mic)?.paused).toBe(true);

    await k.moderator.ok('floor:pause', {});
    await waitForPush(k.viewer, 'media:producer:paused', (p) => p.producerId === cam);
    await k.moderator.ok('floor:resume', {});
    await waitForPush(k.viewer, 'media:producer:resumed', (p) => p.producerId === cam);
    expect(producer(mic)?.paused).toBe(true);
    expect(pushesOf(k.viewer, 'media:producer:resumed', (p) => p.producerId === mic)).toEqual([]);

    expect(await k.moderator.ok('media:unmute', { producerId: mic })).toEqual({ producerId: mic, paused: false });
    await waitForPush(k.viewer, 'media:producer:resumed', (p) => p.producerId === mic);
    // The client cannot bypass it: its own "resume" is not a command it has.
    expect(await k.citizen.refused('media:unmute', { producerId: mic })).toBe('FORBIDDEN');
    await k.moderator.ok('floor:end', {});
    await waitForPush(k.viewer, 'media:producer:closed', (p) => p.producerId === cam);
  });
});
