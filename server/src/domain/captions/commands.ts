// The caption commands: a human captioner's line (vélotypie / CART) goes into the same
// stream as the engine's segments, attributed to whoever has the floor, and the
// moderator switches the room display's captions on or off. Decisions only: the fold of
// caption:display is the screen's (protocol/folds/screen.ts); caption:final changes no
// state. The organizer's corrections after the debate are appended by the archive
// (server/src/archive/caption-corrections.ts), not decided here: the debate is over.
import { AppError } from '../../errors.ts';
import { CaptionDisplaySetSchema, CaptionWriteSchema, type CaptionDisplaySet, type CaptionWrite } from '../../protocol/captions.ts';
import { draft } from '../../protocol/events/index.ts';
import type { CommandTable, DebateState } from '../state.ts';
import type { CommandContext, EventDraft } from '../types.ts';

/** A typed line was spoken before it was sent: about this long per word, at most MAX_LAG_MS. */
const MS_PER_WORD = 350;
const MAX_LAG_MS = 8000;

function requireLive(state: DebateState): void {
  if (state.status !== 'live') throw new AppError('DEBATE_NOT_LIVE', 'the debate is not live');
}

/** The captioner's line, the reference text of the turn it falls in. */
export function decideWrite(state: DebateState, p: CaptionWrite, ctx: CommandContext): EventDraft[] {
  requireLive(state);
  const floor = state.turns.floor;
  const words = p.text.split(/\s+/).filter(Boolean).length;
  // The line's start is estimated from its length, never before the turn it belongs to.
  const start = Math.max(ctx.now - Math.min(MAX_LAG_MS, words * MS_PER_WORD), floor?.grantedAt ?? Number.NEGATIVE_INFINITY);
  return [
    draft('caption:final', {
      segmentId: `cap_${ctx.newId()}`,
      start,
      end: ctx.now,
      text: p.text,
      speakerId: floor?.participantId ?? null,
      turnId: floor?.turnId ?? null,
      final: true,
      source: 'captioner',
    }),
  ];
}

export function decideDisplay(state: DebateState, p: CaptionDisplaySet, _ctx: CommandContext): EventDraft[] {
  if (state.screen.captions === p.on) return [];
  return [draft('caption:display', { on: p.on })];
}

export const captionsCommands: CommandTable = {
  'caption:write': { schema: CaptionWriteSchema, roles: ['captioner'], decide: decideWrite },
  'caption:display': { schema: CaptionDisplaySetSchema, roles: ['moderator'], decide: decideDisplay },
};
