// A mediasoup room outlives the death of its worker: its router is rebuilt (on a surviving
// worker, or on the replacement when there is none) and the room emits `reset`.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MediasoupRoom, type MediasoupRoomEvent } from '../../../media/mediasoup-room.ts';
import { WorkerPool } from '../../../media/worker-pool.ts';
import { collectingLogger, isAlive, opusRtpParameters, requireWorkerBinary, testMediaConfig } from './helpers.ts';
import { until } from '../helpers/until.ts';

const allow = () => true;
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function setup(workers: number, rtcMinPort: number) {
  const config = testMediaConfig({ workers, rtcMinPort, rtcMaxPort: rtcMinPort + 199 });
  const log = collectingLogger();
  const pool = await WorkerPool.create(config, log);
  const host = pool.pickWorker();
  const room = await MediasoupRoom.create({ debateId: 'debate-r', pool, config, authorizePublish: allow, logger: log });
  const events: MediasoupRoomEvent[] = [];
  room.onEvent((e) => events.push(e));
  cleanups.push(() => {
    room.close();
    pool.close();
  });
  return { pool, host, room, events, log };
}

describe('MediasoupRoom after a worker death', () => {
  beforeEach(() => {
    requireWorkerBinary();
  });

  it('rebuilds its router on the replacement when the pool had one worker', async () => {
    const { pool, host, room, events } = await setup(1, 46_000);
    const oldRouter = room.router!;
    const feed = await room.createPlainTransport('speaker');
    const mic = await room.produce('speaker', { transportId: feed.id, kind: 'audio', rtpParameters: opusRtpParameters(5150) });
    await room.pauseParticipant('speaker');

    process.kill(host.pid);
    await until('reset', () => events.some((e) => e.type === 'reset'));

    expect(isAlive(host.pid)).toBe(false);
    expect(oldRouter.closed).toBe(true);
    expect(room.router).not.toBe(oldRouter);
    expect(room.router!.closed).toBe(false);
    expect(pool.workers()[0]!.pid).not.toBe(host.pid);
    // Everything on the old router is gone, and said so.
    expect(events).toContainEqual({ type: 'producer:closed', producerId: mic.id, participantId: 'speaker' });
    expect(room.producers()).toEqual([]);
    const stale = room.produce('speaker', { transportId: feed.id, kind: 'audio', rtpParameters: opusRtpParameters(5151) });
    await expect(stale).rejects.toMatchObject({ code: 'TRANSPORT_NOT_FOUND' });
    // The rebuilt router works, and the floor state survived: a paused speaker publishes paused.
    const again = await room.createPlainTransport('speaker');
    const produced = await room.produce('speaker', { transportId: again.id, kind: 'audio', rtpParameters: opusRtpParameters(5152) });
    expect(produced.paused).toBe(true);
    const send = await room.createWebRtcTransport('viewer', 'recv');
    expect(send.iceCandidates[0]!.port).toBeGreaterThanOrEqual(46_000);
  });

  it('moves at once to a surviving worker when there is one', async () => {
    const { pool, host, room, events } = await setup(2, 46_200);
    const survivor = pool.workers().find((w) => w !== host)!;
    process.kill(host.pid);
    await until('reset', () => events.some((e) => e.type === 'reset'));
    const routersOnSurvivor = (await survivor.dump()) as { routerIds: string[] };
    expect(routersOnSurvivor.routerIds).toContain(room.router!.id);
    await room.createWebRtcTransport('viewer', 'send');
    expect(events.filter((e) => e.type === 'reset')).toHaveLength(1);
  });

  it('calls made while the router is being rebuilt get UNAVAILABLE, not a crash', async () => {
    const { host, room, events } = await setup(1, 46_400);
    const during: Promise<unknown>[] = [];
    // Registered after the room's own listener: runs right after the room saw the loss.
    room.router!.on('workerclose', () => {
      expect(room.router).toBeNull();
      expect(() => room.rtpCapabilities()).toThrow(expect.objectContaining({ code: 'UNAVAILABLE' }));
      during.push(room.createWebRtcTransport('p', 'send').then(() => 'created', (err: unknown) => err));
    });
    process.kill(host.pid);
    await until('reset', () => events.some((e) => e.type === 'reset'));
    expect(during).toHaveLength(1);
    expect(await during[0]).toMatchObject({ code: 'UNAVAILABLE' });
    expect(room.rtpCapabilities().codecs?.length).toBeGreaterThan(0);
  });

  it('a room closed while waiting for a replacement stays closed', async () => {
    const { pool, host, room } = await setup(1, 46_600);
    room.router!.on('workerclose', () => room.close());
    process.kill(host.pid);
    await until('replacement worker', () => pool.workers()[0] && pool.workers()[0]!.pid !== host.pid);
    await new Promise((r) => setTimeout(r, 100));
    expect(room.closed).toBe(true);
    expect(room.router).toBeNull();
    expect(((await pool.workers()[0]!.dump()) as { routerIds: string[] }).routerIds).toEqual([]);
  });
});
