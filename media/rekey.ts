// A key frame for a receive transport's video consumers each time the transport becomes
// connected. The worker tells a transport's consumers "connected" on DTLS connected and
// again when ICE then reaches connected/completed (WebRtcTransport::OnIceServer*), and
// each time a video consumer drops everything until its next key frame, without asking
// for one (versatica/mediasoup#787, still so in 3.8.4). When that second call comes
// after the consumer's first key frame, the viewer's picture stays black or frozen until
// its browser asks for a key frame after ~3 s: 4 joins in 60 did so in bench:media.
import type { types } from 'mediasoup';
import type { MediaLogger } from './logger.ts';

/** What this module reads of a WebRtcTransport (mediasoup's satisfies it). */
export interface RekeyTransport {
  readonly id: string;
  readonly iceState: string;
  readonly dtlsState: string;
  on(event: 'icestatechange' | 'dtlsstatechange', listener: (state: string) => void): unknown;
  readonly observer: { on(event: 'newconsumer', listener: (consumer: RekeyConsumer) => void): unknown };
}

export type RekeyConsumer = Pick<types.Consumer, 'id' | 'kind' | 'paused' | 'producerPaused' | 'closed' | 'requestKeyFrame'> & {
  readonly observer: { once(event: 'close', listener: () => void): unknown };
};

const ICE_UP = new Set(['connected', 'completed']);

export function rekeyOnConnect(transport: RekeyTransport, log: MediaLogger): void {
  const video = new Set<RekeyConsumer>();
  transport.observer.on('newconsumer', (consumer) => {
    if (consumer.kind !== 'video') return;
    video.add(consumer);
    consumer.observer.once('close', () => video.delete(consumer));
  });
  const rekey = () => {
    for (const c of video) {
      // A paused consumer gets its key frame when it is resumed (room.resumeConsumer).
      if (c.closed || c.paused || c.producerPaused) continue;
      c.requestKeyFrame().catch((err: Error) =>
        log.warn({ transportId: transport.id, consumerId: c.id, err: err.message }, 'media: key frame request after connection failed'),
      );
    }
  };
  transport.on('icestatechange', (state) => {
    if (ICE_UP.has(state) && transport.dtlsState === 'connected') rekey();
  });
  transport.on('dtlsstatechange', (state) => {
    if (state === 'connected' && ICE_UP.has(transport.iceState)) rekey();
  });
}
