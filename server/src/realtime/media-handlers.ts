// The media:* client events: one table (schema, roles, handler) merged into the
// gateway's. Thin: the gateway parses and authorizes, each handler opens the debate's
// media session and calls it. Built by the media layer's composition root
// (server/src/media-wiring/), loaded only when MEDIA_ENABLED.
import type { Role } from '../protocol/common.ts';
import {
  MediaCapabilitiesSchema, MediaConsumeSchema, MediaConsumerIdSchema, MediaConsumerResumeSchema, MediaTransportCloseSchema, MediaMuteSchema, MediaProduceSchema,
  MediaProducerCloseSchema, MediaProgramSetSchema, MediaRecordingSchema, MediaTransportConnectSchema,
  MediaTransportCreateSchema, MEDIA_COMMANDS as C,
  type MediaCapabilitiesReply, type MediaConsume, type MediaConsumerId, type MediaTransportClose, type MediaConsumerResume, type MediaMute, type MediaProduce,
  type MediaProducerClose, type MediaProgramSet, type MediaRecording, type MediaTransportConnect, type MediaTransportCreate,
} from '../protocol/media.ts';
import type { DebateMediaSession } from '../../../media/debate-media-session.ts';
import type { MediaManager } from '../../../media/media-manager.ts';
import type { RecordingManager } from '../../../media/recording/recording-manager.ts';
import type { EventHandler, HandlerContext } from './handlers.ts';

const ALL: readonly Role[] = ['moderator', 'speaker', 'participant', 'display', 'captioner'];
const MODERATOR: readonly Role[] = ['moderator'];

async function session(media: MediaManager, ctx: HandlerContext): Promise<DebateMediaSession> {
  const opened = await media.openSession(ctx.claims.debateId);
  opened.enter(ctx.claims.sub, ctx.claims.role);
  return opened;
}

export function buildMediaHandlers(media: MediaManager, recordings: RecordingManager | null = null): Record<string, EventHandler> {
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
