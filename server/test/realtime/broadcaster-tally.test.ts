// How a tally reaches the audience (server/src/realtime/broadcaster.ts): staff only for a
// poll whose results are hidden; otherwise every shard room once, in order, back to back
// for a small audience and spread over up to half a second for a large one. The Socket.IO
// server here is a stand-in that records which room was sent what, and when (fake clock).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Server } from 'socket.io';
import type { PollResults } from '../../src/domain/polls/index.ts';
import { SocketBroadcaster } from '../../src/realtime/broadcaster.ts';

function fakeIo(audience: number) {
  const sent: { room: string; event: string; at: number; pollId: string }[] = [];
  const io = {
    to: (room: string) => ({
      emit: (event: string, message: { pollId: string }) => void sent.push({ room, event, at: Date.now(), pollId: message.pollId }),
    }),
    sockets: { adapter: { rooms: new Map([['d:deb1', { size: audience }]]) } },
  };
  return { io: io as unknown as Server, sent };
}

const results = { counts: [3, 1], totalBallots: 4 } as unknown as PollResults;

describe('tally fan-out', () => {
  beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'setImmediate', 'Date'] }));
  afterEach(() => void vi.useRealTimers());

  it('a poll with hidden results: the moderators only', () => {
    const { io, sent } = fakeIo(10_000);
    new SocketBroadcaster(io).tally('deb1', 'poll1', results, false);
    expect(sent.map((s) => [s.room, s.event])).toEqual([['d:deb1:staff', 'poll:tally']]);
  });

  it('a small audience: all 16 shards within a few event-loop turns', async () => {
    const { io, sent } = fakeIo(200);
    const t0 = Date.now();
    new SocketBroadcaster(io).tally('deb1', 'poll1', results, true);
    expect(sent).toHaveLength(1); // one shard per turn: the acks in between go out
    await vi.runAllTimersAsync();
    expect(sent.map((s) => s.room)).toEqual(Array.from({ length: 16 }, (_, k) => `d:deb1:s:${k}`));
    expect(sent.at(-1)!.at - t0).toBeLessThanOrEqual(16); // setImmediate turns, no waiting
  });

  it('10,000 viewers: the shards spread evenly over 500 ms, in order', async () => {
    const { io, sent } = fakeIo(10_000);
    const t0 = Date.now();
    new SocketBroadcaster(io).tally('deb1', 'poll1', results, true);
    expect(sent).toHaveLength(1); // the first shard at once
    await vi.advanceTimersByTimeAsync(250);
    expect(sent.length).toBeGreaterThanOrEqual(8);
    expect(sent.length).toBeLessThanOrEqual(9);
    await vi.advanceTimersByTimeAsync(500);
    expect(sent.map((s) => s.room)).toEqual(Array.from({ length: 16 }, (_, k) => `d:deb1:s:${k}`));
    expect(sent.at(-1)!.at - t0).toBeLessThanOrEqual(500);
    expect(sent.at(-1)!.at - t0).toBeGreaterThanOrEqual(450);
  });

  it('2,000 viewers: over 100 ms (20 writes per ms)', async () => {
    const { io, sent } = fakeIo(2_000);
    const t0 = Date.now();
    new SocketBroadcaster(io).tally('deb1', 'poll1', results, true);
    await vi.advanceTimersByTimeAsync(200);
    expect(sent).toHaveLength(16);
    const last = sent.at(-1)!.at - t0;
    expect(last).toBeGreaterThanOrEqual(90);
    expect(last).toBeLessThanOrEqual(100);
  });
});
