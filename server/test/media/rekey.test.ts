// When a receive transport (re)connects, its live video consumers that stalled get a key
// frame request (media/rekey.ts): the worker resets their sync on each "connected"
// without asking for one. The transport and consumers here are small stand-ins emitting
// what mediasoup's emit, on a fake clock; the effect on real browsers is measured by
// bench:media.
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MediaLogger } from '../../../media/logger.ts';
import { REKEY_DELAY_MS, rekeyOnConnect, type RekeyConsumer, type RekeyTransport } from '../../../media/rekey.ts';

class FakeConsumer {
  readonly observer = new EventEmitter();
  closed = false;
  paused = false;
  producerPaused = false;
  requests = 0;
  fail = false;
  /** Packets sent to the viewer so far; a test moves it to say "it kept sending". */
  sent = 0;
  constructor(
    readonly id: string,
    readonly kind: 'audio' | 'video',
  ) {}
  async getStats() {
    if (this.closed) throw new Error('Consumer closed');
    return [
      { type: 'outbound-rtp', packetCount: this.sent },
      { type: 'inbound-rtp', packetCount: 99_999 },
    ];
  }
  async requestKeyFrame(): Promise<void> {
    this.requests += 1;
    if (this.fail) throw new Error('Consumer closed');
  }
  close(): void {
    this.closed = true;
    this.observer.emit('close');
  }
}

class FakeTransport extends EventEmitter {
  readonly id = 'tr_1';
  readonly observer = new EventEmitter();
  iceState = 'new';
  dtlsState = 'new';
  ice(state: string): void {
    this.iceState = state;
    this.emit('icestatechange', state);
  }
  dtls(state: string): void {
    this.dtlsState = state;
    this.emit('dtlsstatechange', state);
  }
  add(c: FakeConsumer): FakeConsumer {
    this.observer.emit('newconsumer', c as unknown as RekeyConsumer);
    return c;
  }
}

function setup() {
  const warnings: string[] = [];
  const log: MediaLogger = { info: () => undefined, warn: (_o, msg) => void warnings.push(msg), error: (_o, msg) => void warnings.push(msg) };
  const transport = new FakeTransport();
  rekeyOnConnect(transport as unknown as RekeyTransport, log);
  return { transport, warnings };
}

/** Lets the delay pass and the stats promises settle. */
const settle = async (ms = REKEY_DELAY_MS) => {
  await vi.advanceTimersByTimeAsync(ms);
  await vi.advanceTimersByTimeAsync(0);
};

describe('key frames for consumers stalled by a transport (re)connecting', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('asks once both ICE and DTLS are up and have settled, for a video consumer that sent nothing', async () => {
    const { transport } = setup();
    const video = transport.add(new FakeConsumer('v1', 'video'));
    const audio = transport.add(new FakeConsumer('a1', 'audio'));
    transport.ice('connected'); // DTLS not yet: the worker does not call Connected()
    await settle();
    expect(video.requests).toBe(0);
    transport.dtls('connecting');
    transport.dtls('connected'); // first Connected()
    await settle(REKEY_DELAY_MS - 100);
    transport.ice('completed'); // second Connected(), 250 ms later: the check starts again
    await settle(REKEY_DELAY_MS - 1);
    expect(video.requests).toBe(0); // not before the publisher would answer
    await settle(1);
    expect(video.requests).toBe(1);
    expect(audio.requests).toBe(0);
    await settle(5000);
    expect(video.requests).toBe(1);
  });

  it('leaves alone a consumer that kept sending', async () => {
    const { transport } = setup();
    const flowing = transport.add(new FakeConsumer('v1', 'video'));
    const stalled = transport.add(new FakeConsumer('v2', 'video'));
    flowing.sent = stalled.sent = 40;
    transport.dtls('connected');
    transport.ice('completed');
    await vi.advanceTimersByTimeAsync(0); // the baseline is read at the event
    flowing.sent = 75;
    await settle();
    expect([flowing.requests, stalled.requests]).toEqual([0, 1]);
  });

  it('asks again after ICE comes back (a network change)', async () => {
    const { transport } = setup();
    const video = transport.add(new FakeConsumer('v1', 'video'));
    transport.dtls('connected');
    transport.ice('completed');
    await settle();
    transport.ice('disconnected');
    await settle();
    expect(video.requests).toBe(1);
    transport.ice('connected');
    await settle();
    expect(video.requests).toBe(2);
  });

  it('leaves paused, producer-paused and closed consumers alone, and stops with the transport', async () => {
    const { transport } = setup();
    const paused = transport.add(new FakeConsumer('v1', 'video'));
    const held = transport.add(new FakeConsumer('v2', 'video'));
    const gone = transport.add(new FakeConsumer('v3', 'video'));
    const live = transport.add(new FakeConsumer('v4', 'video'));
    paused.paused = true;
    held.producerPaused = true;
    transport.ice('completed');
    transport.dtls('connected');
    gone.close(); // during the delay
    await settle();
    expect([paused, held, gone, live].map((c) => c.requests)).toEqual([0, 0, 0, 1]);

    transport.ice('connected');
    transport.observer.emit('close');
    await settle();
    expect(live.requests).toBe(1);
  });

  it('a refused request is logged, not thrown', async () => {
    const { transport, warnings } = setup();
    const video = transport.add(new FakeConsumer('v1', 'video'));
    video.fail = true;
    transport.dtls('connected');
    transport.ice('connected');
    await settle();
    expect(video.requests).toBe(1);
    expect(warnings).toEqual(['media: key frame request after connection failed']);
  });
});
