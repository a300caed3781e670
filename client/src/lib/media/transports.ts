// One WebRTC transport of the page (send or receive) wired to the server: created with
// `media:transport:create`, its DTLS parameters sent once with `media:transport:connect`,
// its `produce` requests turned into `media:produce`. Also the probe a reconnected page
// uses to learn whether the server still holds its transports (see `transportAlive`).
import type { Device, types } from 'mediasoup-client';
import type { DtlsParameters, MediaAppData, TransportCreated, TransportDirection } from '../../../../server/src/protocol/media.ts';
import type { MediaLink, MediaReplies, MediaRequestName, MediaRequestPayload } from './signaling.ts';

/** A refused media request, carrying the server's (or the link's) code. */
export class MediaRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'MediaRequestError';
  }
}

/** Codes after which the page's transports are to be rebuilt rather than reported. */
export const RECOVERABLE_CODES: ReadonlySet<string> = new Set([
  'TRANSPORT_NOT_FOUND',
  'MEDIA_ROOM_CLOSED',
  'UNAVAILABLE',
  'NOT_OWNER',
  'TIMEOUT',
  'INTERNAL',
  'DEBATE_NOT_LIVE',
]);

export function codeOf(err: unknown): string {
  return err instanceof MediaRequestError ? err.code : 'INTERNAL';
}

/** A request whose refusal throws a MediaRequestError. */
export async function ask<E extends MediaRequestName>(
  link: MediaLink,
  event: E,
  payload: MediaRequestPayload<E>,
): Promise<MediaReplies[E]> {
  const ack = await link.request(event, payload);
  if (!ack.ok) throw new MediaRequestError(ack.error.code, ack.error.message);
  return ack.data;
}

export interface TrackedTransport {
  transport: types.Transport;
  direction: TransportDirection;
  /** What was sent in `media:transport:connect` (null until then). */
  dtls: DtlsParameters | null;
}

export interface TransportHooks {
  /** The server's answer to a `media:produce` (paused: the floor holds it). */
  onProduced?(producerId: string, paused: boolean): void;
  /** ICE/DTLS failed for good: the page should rebuild its media. */
  onFailed(): void;
}

export async function openTransport(
  link: MediaLink,
  device: Device,
  direction: TransportDirection,
  hooks: TransportHooks,
): Promise<TrackedTransport> {
  return wireTransport(link, device, await ask(link, 'media:transport:create', { direction }), hooks);
}

/** A transport the server created (the request may have been sent before the device loaded). */
export function wireTransport(link: MediaLink, device: Device, created: TransportCreated, hooks: TransportHooks): TrackedTransport {
  const direction = created.direction;
  const options: types.TransportOptions = {
    id: created.id,
    iceParameters: created.iceParameters,
    // mediasoup 3.8 names the address `ip`; mediasoup-client 3.18 reads `address` first.
    iceCandidates: created.iceCandidates.map((c) => ({ ...c, address: c.ip })),
    dtlsParameters: created.dtlsParameters as types.DtlsParameters,
  };
  const transport = direction === 'send' ? device.createSendTransport(options) : device.createRecvTransport(options);
  const tracked: TrackedTransport = { transport, direction, dtls: null };

  transport.on('connect', ({ dtlsParameters }, callback, errback) => {
    const dtls = dtlsParameters as DtlsParameters;
    ask(link, 'media:transport:connect', { transportId: transport.id, dtlsParameters: dtls }).then(
      () => {
        tracked.dtls = dtls;
        callback();
      },
      (err: Error) => errback(err),
    );
  });
  transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
    const payload = {
      transportId: transport.id,
      kind,
      rtpParameters: rtpParameters as MediaRequestPayload<'media:produce'>['rtpParameters'],
      appData: appData as MediaAppData,
    };
    ask(link, 'media:produce', payload).then(
      ({ id, paused }) => {
        hooks.onProduced?.(id, paused);
        callback({ id });
      },
      (err: Error) => errback(err),
    );
  });
  transport.on('connectionstatechange', (state) => {
    if (state === 'failed') hooks.onFailed();
  });
  return tracked;
}

/**
 * Whether the server still holds this transport, after the socket came back: a second
 * `media:transport:connect` is refused with CONFLICT when it does, TRANSPORT_NOT_FOUND
 * when the grace period passed (or the server restarted). Null: never connected, the
 * next use will tell.
 */
export async function transportAlive(link: MediaLink, t: TrackedTransport): Promise<boolean | null> {
  if (!t.dtls) return null;
  const ack = await link.request('media:transport:connect', { transportId: t.transport.id, dtlsParameters: t.dtls });
  if (ack.ok || ack.error.code === 'CONFLICT') return true;
  if (ack.error.code === 'TRANSPORT_NOT_FOUND') return false;
  throw new MediaRequestError(ack.error.code, ack.error.message);
}
