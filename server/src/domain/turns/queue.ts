// The speaking queue: raising and lowering a hand, and the moderator's manual control
// (move, remove, point of order). Decisions only; the fold is in apply.ts.
import { AppError } from '../../errors.ts';
import { priorityPosition } from '../../protocol/folds/turns.ts';
import type { QueueLower, QueueMove, QueuePrioritize, QueueRaise, QueueRemove } from '../../protocol/turns.ts';
import type { DebateState } from '../state.ts';
import type { Actor, CommandContext, EventDraft } from '../types.ts';
import { draft } from './events.ts';
import { guestForParticipant } from './guests.ts';
import type { QueueEntry } from './state.ts';

type ParticipantActor = Extract<Actor, { kind: 'participant' }>;

export function participantActor(ctx: CommandContext): ParticipantActor {
  if (ctx.actor.kind !== 'participant') throw new AppError('FORBIDDEN', 'only a participant can do this');
  return ctx.actor;
}

function indexOf(state: DebateState, participantId: string): number {
  return state.turns.queue.findIndex((e) => e.participantId === participantId);
}

function requireQueued(state: DebateState, participantId: string): number {
  const i = indexOf(state, participantId);
  if (i < 0) throw new AppError('NOT_IN_QUEUE', `participant "${participantId}" is not in the queue`);
  return i;
}

/** Where a new entry goes, by the debate's queue policy. */
export function insertPosition(state: DebateState, participantId: string): number {
  const { queue, spokenMs } = state.turns;
  if (state.modalities.queuePolicy === 'fifo') return queue.length;
  // least_spoken_first: never ahead of a point of order; among the others, before the
  // first one who has spoken longer (equal times keep arrival order).
  const start = priorityPosition(queue);
  const mine = spokenMs[participantId] ?? 0;
  for (let i = start; i < queue.length; i++) {
    if ((spokenMs[queue[i]!.participantId] ?? 0) > mine) return i;
  }
  return queue.length;
}

function groupOfRaiser(state: DebateState, actor: ParticipantActor, requested: string | undefined): string | null {
  const guest = actor.role === 'speaker' ? guestForParticipant(state.modalities, actor.id) : null;
  if (guest) return guest.group ?? null;
  if (requested === undefined) return null;
  if (!state.modalities.groups.some((g) => g.id === requested)) {
    throw new AppError('UNKNOWN_GROUP', `no group "${requested}" in this debate`);
  }
  return requested;
}

export function decideRaise(state: DebateState, p: QueueRaise, ctx: CommandContext): EventDraft[] {
  const actor = participantActor(ctx);
  if (state.status !== 'live') throw new AppError('DEBATE_NOT_LIVE', 'the debate is not live');
  if (!state.modalities.interventionModes.includes(p.mode)) {
    throw new AppError('MODE_NOT_ALLOWED', `"${p.mode}" interventions are not allowed in this debate`);
  }
  if (state.turns.floor?.participantId === actor.id) throw new AppError('FLOOR_BUSY', 'you already hold the floor');
  if (indexOf(state, actor.id) >= 0) throw new AppError('ALREADY_IN_QUEUE', 'you are already in the queue');
  const entry: QueueEntry = {
    participantId: actor.id,
    name: actor.name,
    role: actor.role,
    mode: p.mode,
    group: groupOfRaiser(state, actor, p.group),
    raisedAt: ctx.now,
    priority: false,
  };
  return [draft('queue:raised', { entry, position: insertPosition(state, actor.id) })];
}

export function decideLower(state: DebateState, _p: QueueLower, ctx: CommandContext): EventDraft[] {
  const actor = participantActor(ctx);
  requireQueued(state, actor.id);
  return [draft('queue:lowered', { participantId: actor.id })];
}

export function decideMove(state: DebateState, p: QueueMove, _ctx: CommandContext): EventDraft[] {
  requireQueued(state, p.participantId);
  const position = Math.min(p.position, state.turns.queue.length - 1);
  return [draft('queue:moved', { participantId: p.participantId, position })];
}

export function decideRemove(state: DebateState, p: QueueRemove, _ctx: CommandContext): EventDraft[] {
  requireQueued(state, p.participantId);
  return [draft('queue:removed', { participantId: p.participantId })];
}

export function decidePrioritize(state: DebateState, p: QueuePrioritize, _ctx: CommandContext): EventDraft[] {
  const i = requireQueued(state, p.participantId);
  // Already a point of order: nothing changes (re-applying would push it below newer ones).
  if (state.turns.queue[i]!.priority) return [];
  return [draft('queue:prioritized', { participantId: p.participantId })];
}
