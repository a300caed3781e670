// A key frame for a receive transport's video consumers that stalled when the transport
// became connected. The worker tells a transport's consumers "connected" on DTLS
// connected and again when ICE then reaches connected/completed (WebRtcTransport::
// OnIceServer*); each time, a video consumer drops everything until its next key frame,
// without asking for one (versatica/mediasoup#787, still so in 3.8.4). When the second
// call comes just after the consumer's first key frame, the viewer's picture stays black
// or frozen until its browser asks after ~3 s: 8 joins in 147 did so in bench:media.
//
// So after each such event, once things settle, a consumer that sent nothing meanwhile
// gets a key frame request. The check waits REKEY_DELAY_MS: a Chromium publisher ignores
// key frame requests for 300 ms after its last key frame (libwebrtc's minimum interval),
// which the consumer got moments before, and the worker would then wait 1 s before asking
// again. Consumers that kept sending are left alone: every key frame goes to the whole
// audience of that stream.
import type { types } from 'mediasoup';
import type { MediaLogger } from './logger.ts';

/** What this module reads of a WebRtcTransport (mediasoup's satisfies it). */
export interface RekeyTransport {
  readonly id: string;
  readonly iceState: string;
  readonly dtlsState: string;
  on(event: 'icestatechange' | 'dtlsstatechange', listener: (state: string) => void): unknown;
  readonly observer: {
    on(event: 'newconsumer', listener: (consumer: RekeyConsumer) => void): unknown;
    once(event: 'close', listener: () => void): unknown;
  };
}

export type RekeyConsumer = Pick<types.Consumer, 'id' | 'kind' | 'paused' | 'producerPaused' | 'closed' | 'requestKeyFrame'> & {
  getStats(): Promise<readonly { type: string; packetCount?: number }[]>;
  readonly observer: { once(event: 'close', listener: () => void): unknown };
};

const ICE_UP = new Set(['connected', 'completed']);
/** Past the 300 ms a Chromium sender ignores key frame requests after sending one. */
export const REKEY_DELAY_MS = 350;

/** Packets the consumer has sent to the viewer, or null when unknown. */
async function sentPackets(c: RekeyConsumer): Promise<number | null> {
  try {
    const out = (await c.getStats()).find((s) => s.type === 'outbound-rtp');
    return out?.packetCount ?? null;
  } catch {
    return null; // closed meanwhile
  }
}

export function rekeyOnConnect(transport: RekeyTransport, log: MediaLogger): void {
  const video = new Set<RekeyConsumer>();
  transport.observer.on('newconsumer', (consumer) => {
    if (consumer.kind !== 'video') return;
    video.add(consumer);
    consumer.observer.once('close', () => video.delete(consumer));
  });
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  transport.observer.once('close', () => {
    closed = true;
    if (timer) clearTimeout(timer);
  });

  const live = (c: RekeyConsumer) => !c.closed && !c.paused && !c.producerPaused;

  // DTLS and ICE often change within a few ms: one check, REKEY_DELAY_MS after the last.
  const connected = () => {
    if (closed) return;
    const before = new Map([...video].filter(live).map((c) => [c, sentPackets(c)] as const));
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void check(before);
    }, REKEY_DELAY_MS);
  };

  const check = async (before: Map<RekeyConsumer, Promise<number | null>>) => {
    for (const [c, was] of before) {
      if (!live(c)) continue; // a paused consumer gets its key frame when resumed (mediasoup-room.ts)
      const [then, now] = [await was, await sentPackets(c)];
      if (then !== null && now !== null && now > then) continue;
      c.requestKeyFrame().catch((err: Error) =>
        log.warn({ transportId: transport.id, consumerId: c.id, err: err.message }, 'media: key frame request after connection failed'),
      );
    }
  };

  transport.on('icestatechange', (state) => {
    if (ICE_UP.has(state) && transport.dtlsState === 'connected') connected();
  });
  transport.on('dtlsstatechange', (state) => {
    if (state === 'connected' && ICE_UP.has(transport.iceState)) connected();
  });
}
