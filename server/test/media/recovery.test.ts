// A mediasoup worker killed during a debate: the debate's router is rebuilt, its clients
// get media:reset and can publish and consume again, floor control survives, and other
// debates and the debate core keep running. Losing an edge router resets only its viewers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { cast, grantFloor, publish, pushesOf, startMediaApp, subscribe, waitForPush, type Cast } from './server-helpers.ts';
import { isAlive } from './helpers.ts';
import { until } from '../helpers/until.ts';

describe('a worker dies during a debate', () => {
  let t: TestApp;
  let k: Cast;
  let other: Cast;

  beforeAll(async () => {
    t = await startMediaApp(47_800);
    k = await cast(t);
    other = await cast(t);
  });
  afterAll(async () => {
    k?.close();
    other?.close();
    await t?.close();
  });

  it('the router is rebuilt, media:reset reaches the clients, and the room works again', async () => {
    const media = t.app.media!;
    const mic = await publish(k.moderator, 'audio');
    await subscribe(k.viewer, mic);
    await grantFloor(k, k.citizen);
    await publish(k.citizen, 'audio');
    await k.moderator.ok('floor:pause', {});
    await waitForPush(k.viewer, 'media:producer:paused');
    // The other debate's router lives on the other worker.
    const otherMic = await publish(other.moderator, 'audio');
    const room = media.session(k.debateId)!.mediasoupRoom;
    const victim = media.pool.workerOf(room.router!)!;
    expect(media.pool.workerOf(media.session(other.debateId)!.mediasoupRoom.router!)).not.toBe(victim);

    process.kill(victim.pid, 'SIGKILL');
    for (const c of k.all) {
      expect(await waitForPush(c, 'media:reset')).toEqual({ reason: expect.stringMatching(/worker died/) });
    }
    await waitForPush(k.viewer, 'media:producer:closed', (p) => p.producerId === mic);
    await until('the dead worker to be replaced', () => media.pool.workers().length === 2 && !media.pool.workers().some((w) => w.pid === victim.pid));
    expect(isAlive(victim.pid)).toBe(false);

    // Clients start over: capabilities, transports, publications.
    const caps = await k.viewer.ok('media:capabilities', {});
    expect(caps.producers).toEqual([]);
    k.moderator.sendTransportId = undefined;
    k.citizen.sendTransportId = undefined;
    const mic2 = await publish(k.moderator, 'audio');
    const { consumer } = await subscribe(k.viewer, mic2);
    await k.viewer.ok('media:consumer:resume', { consumerId: consumer.id });
    expect(room.consumerState(k.viewer.participantId, consumer.id)).toEqual({ paused: false, producerPaused: false });
    // Floor control survived: the citizen's floor is paused, so they publish paused.
    const citizenMic = await publish(k.citizen, 'audio');
    expect(room.producers().find((p) => p.producerId === citizenMic)?.paused).toBe(true);
    await k.moderator.ok('floor:resume', {});
    await waitForPush(k.viewer, 'media:producer:resumed', (p) => p.producerId === citizenMic);
    await k.moderator.ok('floor:end', {});

    // The other debate was not touched.
    expect(pushesOf(other.viewer, 'media:reset')).toEqual([]);
    expect((await other.viewer.ok('media:capabilities', {})).producers.map((p: any) => p.producerId)).toEqual([otherMic]);
  });
});

describe('an edge router\'s worker dies', () => {
  let t: TestApp;
  let k: Cast;

  beforeAll(async () => {
    t = await startMediaApp(48_000, { MEDIA_MAX_CONSUMERS_PER_ROUTER: '1' });
    k = await cast(t);
  });
  afterAll(async () => {
    k?.close();
    await t?.close();
  });

  it('only the viewers served from it are reset; publishers and origin viewers keep going', async () => {
    const media = t.app.media!;
    const mic = await publish(k.moderator, 'audio');
    const onOrigin = await subscribe(k.viewer, mic);
    const onEdge = await subscribe(k.display, mic);
    const room = media.session(k.debateId)!.mediasoupRoom;
    const [origin, edge] = room.routerLoads();
    expect(edge).toMatchObject({ origin: false, consumers: 1 });
    expect(edge!.workerPid).not.toBe(origin!.workerPid);

    process.kill(edge!.workerPid!, 'SIGKILL');
    expect(await waitForPush(k.display, 'media:reset')).toEqual({ reason: expect.stringMatching(/edge router/) });
    await new Promise((r) => setTimeout(r, 200));
    for (const c of [k.moderator, k.viewer, k.citizen, k.speaker]) expect(pushesOf(c, 'media:reset')).toEqual([]);
    expect(room.producers().map((p) => p.producerId)).toEqual([mic]);
    expect(room.consumerState(k.viewer.participantId, onOrigin.consumer.id)).toMatchObject({ producerPaused: false });
    // The reset viewer starts over and is served again (from a new edge).
    await until('the dead worker to be replaced', () => media.pool.workers().length === 2);
    const again = await subscribe(k.display, mic);
    expect(again.consumer.id).not.toBe(onEdge.consumer.id);
    expect(room.routerLoads().filter((l) => !l.origin).map((l) => l.consumers)).toEqual([1]);
  });
});
