// The media:* client events (one table merged into the gateway's) and the wiring of the
// media layer to Socket.IO: pushes go to the debate's room `d:<debateId>` or to one
// participant's media room, and socket (dis)connections drive the grace period. Loaded
// only when MEDIA_ENABLED: importing it starts nothing, openMediaLayer starts the workers.
import type { Server, Socket } from 'socket.io';
import type { FastifyBaseLogger } from 'fastify';
import type { Role } from '../protocol/common.ts';
import {
  MediaCapabilitiesSchema, MediaConsumeSchema, MediaConsumerResumeSchema, MediaMuteSchema, MediaProduceSchema,
  MediaProducerCloseSchema, MediaProgramSetSchema, MediaTransportConnectSchema, MediaTransportCreateSchema,
  MEDIA_COMMANDS as C,
  type MediaConsume, type MediaConsumerResume, type MediaMute, type MediaProduce, type MediaProducerClose,
  type MediaProgramSet, type MediaTransportConnect, type MediaTransportCreate,
} from '../protocol/media.ts';
import type { TokenClaims } from '../auth/claims.ts';
import type { Clock } from '../clock.ts';
import type { MediaConfig } from '../../../media/config.ts';
import type { DebateMedia } from '../../../media/debate-media.ts';
import type { DebateSource, MediaNotifier } from '../../../media/ports.ts';
import { MediaService } from '../../../media/service.ts';
import { rooms } from './broadcaster.ts';
import type { EventHandler, HandlerContext } from './handlers.ts';

const ALL: readonly Role[] = ['moderator', 'speaker', 'participant', 'display'];
const MODERATOR: readonly Role[] = ['moderator'];

/** Every socket of one participant of a debate, whatever its role (pushes meant for them). */
export const mediaPersonRoom = (debateId: string, participantId: string) => `d:${debateId}:m:${participantId}`;

async function session(media: MediaService, ctx: HandlerContext): Promise<DebateMedia> {
  const dm = await media.room(ctx.claims.debateId);
  dm.enter(ctx.claims.sub, ctx.claims.role);
  return dm;
}

export function buildMediaHandlers(media: MediaService): Record<string, EventHandler> {
  const me = (ctx: HandlerContext) => ctx.claims.sub;
  return {
    [C.capabilities]: {
      schema: MediaCapabilitiesSchema,
      roles: ALL,
      handle: async (ctx) => (await session(media, ctx)).capabilities(),
    },
    [C.transportCreate]: {
      schema: MediaTransportCreateSchema,
      roles: ALL,
      handle: async (ctx, p: MediaTransportCreate) => (await session(media, ctx)).createTransport(me(ctx), p.direction),
    },
    [C.transportConnect]: {
      schema: MediaTransportConnectSchema,
      roles: ALL,
      handle: async (ctx, p: MediaTransportConnect) => {
        await (await session(media, ctx)).connectTransport(me(ctx), p);
        return { transportId: p.transportId, connected: true };
      },
    },
    // Every role may try; the publish policy (media/publish-policy.ts) decides.
    [C.produce]: {
      schema: MediaProduceSchema,
      roles: ALL,
      handle: async (ctx, p: MediaProduce) => (await session(media, ctx)).produce(me(ctx), p),
    },
    [C.consume]: {
      schema: MediaConsumeSchema,
      roles: ALL,
      handle: async (ctx, p: MediaConsume) => (await session(media, ctx)).consume(me(ctx), p),
    },
    [C.consumerResume]: {
      schema: MediaConsumerResumeSchema,
      roles: ALL,
      handle: async (ctx, p: MediaConsumerResume) => {
        await (await session(media, ctx)).resumeConsumer(me(ctx), p.consumerId);
        return { consumerId: p.consumerId, paused: false };
      },
    },
    [C.producerClose]: {
      schema: MediaProducerCloseSchema,
      roles: ALL,
      handle: async (ctx, p: MediaProducerClose) => {
        (await session(media, ctx)).closeProducer(me(ctx), p.producerId);
        return { producerId: p.producerId, closed: true };
      },
    },
    [C.mute]: {
      schema: MediaMuteSchema,
      roles: MODERATOR,
      handle: async (ctx, p: MediaMute) => (await session(media, ctx)).mute(p.producerId, true),
    },
    [C.unmute]: {
      schema: MediaMuteSchema,
      roles: MODERATOR,
      handle: async (ctx, p: MediaMute) => (await session(media, ctx)).mute(p.producerId, false),
    },
    [C.programSet]: {
      schema: MediaProgramSetSchema,
      roles: MODERATOR,
      handle: async (ctx, p: MediaProgramSet) => (await session(media, ctx)).setProgram(p.participantId),
    },
  };
}

export function socketNotifier(io: Server): MediaNotifier {
  return {
    toDebate: (debateId, event, payload) => {
      io.to(rooms.all(debateId)).emit(event, payload);
    },
    toParticipants: (debateId, participantIds, event, payload) => {
      if (participantIds.length === 0) return;
      io.to(participantIds.map((id) => mediaPersonRoom(debateId, id))).emit(event, payload);
    },
  };
}

export interface MediaLayer {
  service: MediaService;
  /** For attachGateway. */
  extraHandlers: Record<string, EventHandler>;
  onConnection: (socket: Socket, claims: TokenClaims) => void;
  onDisconnect: (socket: Socket, claims: TokenClaims) => void;
  close(): Promise<void>;
}

export async function openMediaLayer(o: {
  config: MediaConfig;
  io: Server;
  registry: DebateSource;
  clock: Clock;
  logger: FastifyBaseLogger;
}): Promise<MediaLayer> {
  const service = await MediaService.create({
    config: o.config,
    source: o.registry,
    notifier: socketNotifier(o.io),
    clock: o.clock,
    logger: o.logger.child({ module: 'media' }),
  });
  return {
    service,
    extraHandlers: buildMediaHandlers(service),
    onConnection: (socket, claims) => {
      void socket.join(mediaPersonRoom(claims.debateId, claims.sub));
      service.connected(claims.debateId, claims.sub);
    },
    onDisconnect: (_socket, claims) => service.disconnected(claims.debateId, claims.sub),
    close: () => service.close(),
  };
}
