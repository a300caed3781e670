// Large audiences with MEDIA_MAX_CONSUMERS_PER_ROUTER=2: once the debate's router holds
// two consumers, new viewers get receive transports on an edge router on the other
// worker, fed from the origin with pipeToRouter; publishers stay on the origin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { join } from '../helpers/clients.ts';
import { cast, mediaClient, publish, startMediaApp, subscribe, waitForPush, type Cast, type MediaClient } from './server-helpers.ts';
import { until } from '../helpers/until.ts';

describe('edge routers for large audiences', () => {
  let t: TestApp;
  let k: Cast;
  const extra: MediaClient[] = [];

  beforeAll(async () => {
    t = await startMediaApp(47_600, { MEDIA_MAX_CONSUMERS_PER_ROUTER: '2' });
    k = await cast(t);
  });
  afterAll(async () => {
    for (const c of extra) c.close();
    k?.close();
    await t?.close();
  });

  const room = () => t.app.media!.session(k.debateId)!.mediasoupRoom;
  const loads = () => room().routerLoads();

  it('serves the third viewer from an edge router on another worker, through a pipe', async () => {
    const mic = await publish(k.moderator, 'audio');
    const a = await subscribe(k.viewer, mic);
    const b = await subscribe(k.citizen, mic);
    expect(loads()).toEqual([expect.objectContaining({ origin: true, consumers: 2, viewers: 2 })]);
    const originTransports = async () => ((await room().router!.dump()) as { transportIds: string[] }).transportIds.length;
    const beforeEdge = await originTransports();

    const c = await subscribe(k.display, mic);
    // One pipe transport opened on the origin towards the edge.
    expect(await originTransports()).toBe(beforeEdge + 1);
    const [origin, edge] = loads();
    expect(origin).toMatchObject({ origin: true, consumers: 2 });
    expect(edge).toMatchObject({ origin: false, consumers: 1, viewers: 1 });
    expect(edge!.workerPid).not.toBeNull();
    expect(edge!.workerPid).not.toBe(origin!.workerPid);
    // The consumer on the edge consumes the pipe of the origin producer (same id).
    expect(c.consumer).toMatchObject({ producerId: mic, kind: 'audio', producerPaused: false });
    await k.display.ok('media:consumer:resume', { consumerId: c.consumer.id });
    expect(room().consumerState(k.display.participantId, c.consumer.id)).toEqual({ paused: false, producerPaused: false });

    // The fourth viewer fits on the same edge (the pipe is reused); the origin stays at two.
    const d = await subscribe(k.speaker, mic);
    expect(loads().map((l) => [l.origin, l.consumers])).toEqual([[true, 2], [false, 2]]);
    expect(await originTransports()).toBe(beforeEdge + 1);

    // Floor control / mutes reach edge consumers through the pipe.
    await k.moderator.ok('media:mute', { producerId: mic });
    await until('edge consumers to see the mute', () =>
      room().consumerState(k.display.participantId, c.consumer.id).producerPaused &&
      room().consumerState(k.speaker.participantId, d.consumer.id).producerPaused,
    );
    expect(room().consumerState(k.viewer.participantId, a.consumer.id).producerPaused).toBe(true);
    await k.moderator.ok('media:unmute', { producerId: mic });
    await until('edge consumers to see the unmute', () => !room().consumerState(k.display.participantId, c.consumer.id).producerPaused);

    // Closing the producer closes every consumer, on the origin and on the edge.
    await k.moderator.ok('media:producer:close', { producerId: mic });
    for (const [who, consumer] of [[k.viewer, a], [k.citizen, b], [k.display, c], [k.speaker, d]] as const) {
      expect(await waitForPush(who, 'media:consumer:closed')).toEqual({ consumerId: consumer.consumer.id });
    }
    await until('consumer counts to drop', () => loads().every((l) => l.consumers === 0));
  });

  it('an audience that joins before anyone publishes still spreads (a viewer counts as one)', async () => {
    // The four receive transports of the previous test are still open: 2 on the origin, 2 on the edge.
    expect(loads().map((l) => [l.origin, l.viewers])).toEqual([[true, 2], [false, 2]]);
    const late = [];
    for (const name of ['Eden', 'Farah']) {
      const j = await join(t, k.debateId, { displayName: name });
      const c = await mediaClient(t, j.token, j.participantId);
      extra.push(c);
      late.push(await c.ok('media:transport:create', { direction: 'recv' }));
    }
    // Both routers were full: a second edge opened, and it took the newcomers up to the limit.
    const now = loads();
    expect(now).toHaveLength(3);
    expect(now.map((l) => l.viewers)).toEqual([2, 2, 2]);
    expect(now.filter((l) => !l.origin).length).toBe(2);
    expect(late.map((x) => x.direction)).toEqual(['recv', 'recv']);
    // Publishers stay on the origin router whatever its load.
    const cam = await publish(k.speaker, 'video');
    expect(JSON.stringify(await room().router!.dump())).toContain(cam);
  });
});
