// When a receive transport (re)connects, its live video consumers get a key frame
// request (media/rekey.ts): the worker resets their sync on each "connected" without
// asking for one. The transport and consumers here are small stand-ins emitting what
// mediasoup's emit; the effect on real browsers is measured by bench:media.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { MediaLogger } from '../../../media/logger.ts';
import { rekeyOnConnect, type RekeyConsumer, type RekeyTransport } from '../../../media/rekey.ts';

class FakeConsumer extends EventEmitter {
  readonly observer = new EventEmitter();
  closed = false;
  paused = false;
  producerPaused = false;
  requests = 0;
  fail = false;
  constructor(
    readonly id: string,
    readonly kind: 'audio' | 'video',
  ) {
    super();
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

const flush = () => new Promise((r) => setImmediate(r));

describe('key frames when a receive transport connects', () => {
  it('asks for one per live video consumer each time both ICE and DTLS are up', async () => {
    const { transport } = setup();
    const video = transport.add(new FakeConsumer('v1', 'video'));
    const audio = transport.add(new FakeConsumer('a1', 'audio'));
    transport.ice('connected'); // DTLS not yet: the worker does not call Connected()
    expect(video.requests).toBe(0);
    transport.dtls('connecting');
    transport.dtls('connected'); // first Connected()
    expect(video.requests).toBe(1);
    transport.ice('completed'); // second Connected(): the one nobody else answers
    expect(video.requests).toBe(2);
    expect(audio.requests).toBe(0);
    transport.ice('disconnected');
    expect(video.requests).toBe(2);
    transport.ice('connected'); // back after a network change
    expect(video.requests).toBe(3);
  });

  it('leaves paused, producer-paused and closed consumers alone', () => {
    const { transport } = setup();
    const paused = transport.add(new FakeConsumer('v1', 'video'));
    const held = transport.add(new FakeConsumer('v2', 'video'));
    const gone = transport.add(new FakeConsumer('v3', 'video'));
    const live = transport.add(new FakeConsumer('v4', 'video'));
    paused.paused = true;
    held.producerPaused = true;
    gone.close();
    transport.ice('completed');
    transport.dtls('connected');
    expect([paused, held, gone, live].map((c) => c.requests)).toEqual([0, 0, 0, 1]);
  });

  it('a refused request is logged, not thrown', async () => {
    const { transport, warnings } = setup();
    const video = transport.add(new FakeConsumer('v1', 'video'));
    video.fail = true;
    transport.dtls('connected');
    transport.ice('connected');
    await flush();
    expect(video.requests).toBe(1);
    expect(warnings).toEqual(['media: key frame request after connection failed']);
  });
});
