// The media:* signaling over the debate's own Socket.IO connection: requests validated
// with the shared protocol schemas before they leave the browser (like
// DebateConnection.send), typed acks that never reject, the server's media:* pushes and
// the socket's (re)connections. A MediaSession talks to the server only through a
// MediaLink, so tests can hand it any socket.
import type { Socket } from 'socket.io-client';
import type { z } from 'zod';
import {
  MediaCapabilitiesSchema,
  MediaConsumeSchema,
  MediaConsumerIdSchema,
  MediaConsumerResumeSchema,
  MediaMuteSchema,
  MediaProduceSchema,
  MediaProducerCloseSchema,
  MediaProgramSetSchema,
  MediaRecordingSchema,
  MediaTransportConnectSchema,
  MediaTransportCloseSchema,
  MediaTransportCreateSchema,
  type Consumed,
  type MediaCapabilitiesReply,
  type MediaMuted,
  type MediaProducerEvent,
  type MediaProducerInfo,
  type MediaProgram,
  type MediaRecordingState,
  type Produced,
  type TransportCreated,
} from '../../../../server/src/protocol/media.ts';
import type { Ack } from '../view-types.ts';
import { MediaBroadcastSchema, MediaBroadcastStateSchema, type BroadcastState } from '../../../../server/src/protocol/broadcast.ts';

export const MEDIA_REQUESTS = {
  'media:capabilities': MediaCapabilitiesSchema,
  'media:transport:create': MediaTransportCreateSchema,
  'media:transport:connect': MediaTransportConnectSchema,
  'media:produce': MediaProduceSchema,
  'media:consume': MediaConsumeSchema,
  'media:consumer:resume': MediaConsumerResumeSchema,
  'media:consumer:pause': MediaConsumerIdSchema,
  'media:consumer:close': MediaConsumerIdSchema,
  'media:producer:close': MediaProducerCloseSchema,
  'media:transport:close': MediaTransportCloseSchema,
  'media:mute': MediaMuteSchema,
  'media:unmute': MediaMuteSchema,
  'media:program:set': MediaProgramSetSchema,
  'media:recording': MediaRecordingSchema,
  'media:broadcast': MediaBroadcastSchema,
  'media:broadcast:state': MediaBroadcastStateSchema,
} as const satisfies Record<string, z.ZodType>;

export type MediaRequestName = keyof typeof MEDIA_REQUESTS;
export type MediaRequestPayload<E extends MediaRequestName> = z.input<(typeof MEDIA_REQUESTS)[E]>;

/** The ack `data` of each media request (docs/protocol.md § Media). */
export interface MediaReplies {
  'media:capabilities': MediaCapabilitiesReply;
  'media:transport:create': TransportCreated;
  'media:transport:connect': { transportId: string; connected: true };
  'media:produce': Produced;
  'media:consume': Consumed;
  'media:consumer:resume': { consumerId: string; paused: false };
  'media:consumer:pause': { consumerId: string; paused: true };
  'media:consumer:close': { consumerId: string; closed: true };
  'media:producer:close': { producerId: string; closed: true };
  'media:transport:close': { transportId: string; closed: true };
  'media:mute': MediaMuted;
  'media:unmute': MediaMuted;
  'media:program:set': MediaProgram;
  'media:recording': MediaRecordingState;
  'media:broadcast': BroadcastState;
  'media:broadcast:state': BroadcastState;
}

/** Server → client pushes a session listens to. */
export interface MediaPushes {
  'media:producer:new': MediaProducerInfo;
  'media:producer:closed': MediaProducerEvent;
  'media:producer:paused': MediaProducerEvent;
  'media:producer:resumed': MediaProducerEvent;
  'media:consumer:closed': { consumerId: string };
  'media:program': MediaProgram;
  'media:active-speaker': { participantId: string | null };
  'media:reset': { reason: string };
  'media:recording': MediaRecordingState;
  'media:broadcast': BroadcastState;
}
export type MediaPushName = keyof MediaPushes;

export interface MediaLink {
  request<E extends MediaRequestName>(event: E, payload: MediaRequestPayload<E>): Promise<Ack<MediaReplies[E]>>;
  on<E extends MediaPushName>(event: E, listener: (payload: MediaPushes[E]) => void): () => void;
  /** Called on every (re)connection of the socket; `first` is true for the initial one. */
  onConnect(listener: (first: boolean) => void): () => void;
  readonly connected: boolean;
  /** Stop listening to the socket (pushes subscribed with `on` are removed by their own disposers). */
  close(): void;
}

/** Error codes of this side of the wire (the same as DebateConnection's). */
export const LINK_ERRORS = { TIMEOUT: 'TIMEOUT', OFFLINE: 'OFFLINE', VALIDATION_FAILED: 'VALIDATION_FAILED' } as const;

export function socketLink(socket: Socket, opts: { ackTimeoutMs?: number } = {}): MediaLink {
  let connections = socket.connected ? 1 : 0;
  const connectListeners = new Set<(first: boolean) => void>();
  const onSocketConnect = () => {
    connections += 1;
    for (const l of [...connectListeners]) l(connections === 1);
  };
  socket.on('connect', onSocketConnect);
  return {
    get connected() {
      return socket.connected;
    },
    async request(event, payload) {
      const parsed = MEDIA_REQUESTS[event].safeParse(payload);
      if (!parsed.success) {
        const details = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
        return { ok: false, error: { code: LINK_ERRORS.VALIDATION_FAILED, message: `Invalid ${event} payload`, details } };
      }
      if (!socket.connected) return { ok: false, error: { code: LINK_ERRORS.OFFLINE, message: 'Not connected' } };
      try {
        return (await socket.timeout(opts.ackTimeoutMs ?? 10_000).emitWithAck(event, parsed.data)) as Ack<never>;
      } catch {
        // Rejected by the timeout, or by a disconnection while waiting: then the request may or
        // may not have been applied, and the session rechecks everything once reconnected.
        return socket.connected
          ? { ok: false, error: { code: LINK_ERRORS.TIMEOUT, message: `No answer to ${event}` } }
          : { ok: false, error: { code: LINK_ERRORS.OFFLINE, message: `Disconnected while waiting for ${event}` } };
      }
    },
    on(event, listener) {
      const name: string = event;
      const fn = listener as (p: unknown) => void;
      socket.on(name, fn);
      return () => void socket.off(name, fn);
    },
    onConnect(listener) {
      connectListeners.add(listener);
      return () => void connectListeners.delete(listener);
    },
    close() {
      socket.off('connect', onSocketConnect);
      connectListeners.clear();
    },
  };
}
