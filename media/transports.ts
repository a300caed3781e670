// How the room's transports are opened and described to clients: the mediasoup options
// (within the API shared by 3.8.4 and current releases: listenIps / listenIp) and the
// reply shapes of the protocol. Also the per-publication checks mediasoup 3.8.4 lacks.
import type { types } from 'mediasoup';
import type { MediaConfig } from './config.ts';
import { AppError } from '../server/src/errors.ts';
import type {
  MediaAppData, MediaKind, MediaProducerInfo, TransportCreated, TransportDirection,
} from '../server/src/protocol/media.ts';
import type { PlainTransportCreated } from './mediasoup-room-types.ts';

export function webRtcTransportOptions(config: MediaConfig, appData: Record<string, unknown>): types.WebRtcTransportOptions {
  return {
    listenIps: [{ ip: config.listenIp, announcedIp: config.announcedIp }],
    enableUdp: true,
    enableTcp: true,
    preferUdp: true,
    appData,
  };
}

export function describeWebRtcTransport(t: types.WebRtcTransport, direction: TransportDirection): TransportCreated {
  return {
    id: t.id,
    direction,
    iceParameters: t.iceParameters,
    iceCandidates: t.iceCandidates.map(({ tcpType, ...c }) => (tcpType ? { ...c, tcpType } : c)),
    dtlsParameters: t.dtlsParameters as TransportCreated['dtlsParameters'],
  };
}

/** comedia: learn the remote address from the first packet (an encoder pushing RTP). */
export function plainTransportOptions(
  config: MediaConfig,
  o: { comedia?: boolean; rtcpMux?: boolean },
  appData: Record<string, unknown>,
): types.PlainTransportOptions {
  return {
    listenIp: { ip: config.listenIp, announcedIp: config.announcedIp },
    comedia: o.comedia ?? true,
    rtcpMux: o.rtcpMux ?? true,
    appData,
  };
}

export function describePlainTransport(t: types.PlainTransport): PlainTransportCreated {
  return { id: t.id, ip: t.tuple.localIp, port: t.tuple.localPort, rtcpPort: t.rtcpTuple?.localPort ?? null };
}

/** mediasoup 3.8.4 accepts e.g. kind 'audio' with a VP8 codec; refuse that here. */
export function assertCodecsMatchKind(kind: MediaKind, rtpParameters: unknown): void {
  const codecs: unknown = (rtpParameters as { codecs?: unknown } | null)?.codecs;
  if (!Array.isArray(codecs)) return; // mediasoup's own validation names what is missing
  const prefix = `${kind}/`;
  if (codecs.some((c) => !String((c as { mimeType?: unknown } | null)?.mimeType).toLowerCase().startsWith(prefix))) {
    throw new AppError('INVALID_RTP_PARAMETERS', `${kind} refused: every codec must be ${kind}/*`);
  }
}

export function producerInfo(producer: types.Producer, participantId: string): MediaProducerInfo {
  const { participantId: _owner, ...appData } = producer.appData as MediaAppData;
  return { producerId: producer.id, participantId, kind: producer.kind, paused: producer.paused, appData };
}
