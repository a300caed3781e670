// The media:* client events (one table merged into the gateway's) and the wiring of the
// media layer to Socket.IO: pushes go to the debate's room `d:<debateId>` or to one
// participant's media room, and socket (dis)connections drive the grace period. Loaded
// only when MEDIA_ENABLED: importing it starts nothing, openMediaLayer starts the workers.
import type { Server, Socket } from 'socket.io';
import type { FastifyBaseLogger } from 'fastify';
import type { Role } from '../protocol/common.ts';
import {
  MediaCapabilitiesSchema, MediaConsumeSchema, MediaConsumerIdSchema, MediaConsumerResumeSchema, MediaTransportCloseSchema, MediaMuteSchema, MediaProduceSchema,
  MediaProducerCloseSchema, MediaProgramSetSchema, MediaRecordingSchema, MediaTransportConnectSchema,
  MediaTransportCreateSchema, MEDIA_COMMANDS as C,
  type MediaCapabilitiesReply, type MediaConsume, type MediaConsumerId, type MediaTransportClose, type MediaConsumerResume, type MediaMute, type MediaProduce,
  type MediaProducerClose, type MediaProgramSet, type MediaRecording, type MediaTransportConnect, type MediaTransportCreate,
} from '../protocol/media.ts';
import type { TokenClaims } from '../auth/claims.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/client.ts';
import type { DebateEvent } from '../domain/types.ts';
import type { MediaConfig } from '../../../media/config.ts';
import type { DebateMedia } from '../../../media/debate-media.ts';
import type { DebateSource, MediaNotifier } from '../../../media/ports.ts';
import { MediaService } from '../../../media/service.ts';
import { DebateRecordings, type RecordingDebates } from '../../../media/recording/debate-recordings.ts';
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

export function buildMediaHandlers(media: MediaService, recordings: DebateRecordings | null = null): Record<string, EventHandler> {
  const me = (ctx: HandlerContext) => ctx.claims.sub;
  return {
    [C.capabilities]: {
      schema: MediaCapabilitiesSchema,
      roles: ALL,
      handle: async (ctx): Promise<MediaCapabilitiesReply> => {
        const caps = (await session(media, ctx)).capabilities();
        return recordings ? { ...caps, recording: await recordings.state(ctx.claims.debateId) } : caps;
      },
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
    [C.consumerPause]: {
      schema: MediaConsumerIdSchema,
      roles: ALL,
      handle: async (ctx, p: MediaConsumerId) => {
        await (await session(media, ctx)).pauseConsumer(me(ctx), p.consumerId);
        return { consumerId: p.consumerId, paused: true };
      },
    },
    [C.consumerClose]: {
      schema: MediaConsumerIdSchema,
      roles: ALL,
      handle: async (ctx, p: MediaConsumerId) => {
        (await session(media, ctx)).closeConsumer(me(ctx), p.consumerId);
        return { consumerId: p.consumerId, closed: true };
      },
    },
    [C.transportClose]: {
      schema: MediaTransportCloseSchema,
      roles: ALL,
      handle: async (ctx, p: MediaTransportClose) => {
        (await session(media, ctx)).closeTransport(me(ctx), p.transportId);
        return { transportId: p.transportId, closed: true };
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
    // Recording into the archive (media/recording/): on by default, the moderator's switch.
    ...(recordings
      ? {
          [C.recording]: {
            schema: MediaRecordingSchema,
            roles: MODERATOR,
            handle: async (ctx: HandlerContext, p: MediaRecording) => {
              await session(media, ctx);
              return recordings.command(ctx.claims.debateId, p.action, ctx.actor);
            },
          },
        }
      : {}),
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
  /** The recorder of the archive (null without a recording wiring); read for metrics. */
  recordings: DebateRecordings | null;
  /** For attachGateway. */
  extraHandlers: Record<string, EventHandler>;
  onConnection: (socket: Socket, claims: TokenClaims) => void;
  onDisconnect: (socket: Socket, claims: TokenClaims) => void;
  close(): Promise<void>;
}

/** Where recordings go: files under `dataDir`, rows in the database, events in the log. */
export interface RecordingWiring {
  database: Pick<Database, 'db'>;
  dataDir: string;
  loadEvents: (debateId: string) => Promise<DebateEvent[]>;
}

export async function openMediaLayer(o: {
  config: MediaConfig;
  io: Server;
  registry: DebateSource & RecordingDebates;
  clock: Clock;
  logger: FastifyBaseLogger;
  recording?: RecordingWiring;
}): Promise<MediaLayer> {
  const notifier = socketNotifier(o.io);
  const logger = o.logger.child({ module: 'media' });
  const service = await MediaService.create({ config: o.config, source: o.registry, notifier, clock: o.clock, logger });
  const recordings = o.recording
    ? new DebateRecordings({
        media: service,
        debates: o.registry,
        loadEvents: o.recording.loadEvents,
        notifier,
        db: o.recording.database,
        dataDir: o.recording.dataDir,
        clock: o.clock,
        logger: logger.child({ module: 'recording' }),
      })
    : null;
  return {
    service,
    recordings,
    extraHandlers: buildMediaHandlers(service, recordings),
    onConnection: (socket, claims) => {
      void socket.join(mediaPersonRoom(claims.debateId, claims.sub));
      service.connected(claims.debateId, claims.sub);
    },
    onDisconnect: (_socket, claims) => service.disconnected(claims.debateId, claims.sub),
    // Recordings first, while media still flows: FFmpeg then ends its files properly.
    close: async () => {
      await recordings?.close();
      await service.close();
    },
  };
}
