// The broadcast's client events (media/broadcast/), merged into the gateway's table with
// the media:* ones: `media:broadcast` (moderator: start / stop the HLS + RTMP broadcast of
// the program) and `media:broadcast:state` (anyone: what the console and the citizen page
// show). Thin: parse and authorize in the gateway, the manager decides.
import type { Role } from '../protocol/common.ts';
import { BROADCAST_COMMAND, MediaBroadcastSchema, MediaBroadcastStateSchema, type MediaBroadcast } from '../protocol/broadcast.ts';
import type { BroadcastManager } from '../../../media/broadcast/broadcast-manager.ts';
import type { MediaManager } from '../../../media/media-manager.ts';
import type { EventHandler, HandlerContext } from './handlers.ts';

const ALL: readonly Role[] = ['moderator', 'speaker', 'participant', 'display'];

export function buildBroadcastHandlers(media: MediaManager, broadcasts: BroadcastManager): Record<string, EventHandler> {
  return {
    [BROADCAST_COMMAND]: {
      schema: MediaBroadcastSchema,
      roles: ['moderator'],
      handle: async (ctx: HandlerContext, p: MediaBroadcast) => {
        // The debate's media session must be open for the broadcast to follow its program.
        await media.openSession(ctx.claims.debateId);
        return broadcasts.command(ctx.claims.debateId, p.action, ctx.actor);
      },
    },
    [`${BROADCAST_COMMAND}:state`]: {
      schema: MediaBroadcastStateSchema,
      roles: ALL,
      handle: async (ctx: HandlerContext) => broadcasts.stateWithChoice(ctx.claims.debateId),
    },
  };
}
