// The floor: who gets it (next in the agenda or queue, or someone named), and the
// moderator's control of the running turn (pause, resume, extend, end). Decisions only.
import { AppError } from '../../errors.ts';
import type { FloorEnd, FloorExtend, FloorGrant, FloorPause, FloorResume } from '../../protocol/turns.ts';
import type { DebateState } from '../state.ts';
import type { CommandContext, EventDraft } from '../types.ts';
import { activeSlot } from './agenda.ts';
import { draft } from './events.ts';
import { assertCanGrant, buildGrant, type GrantRequest } from './grant.ts';
import { guestParticipantId } from './guests.ts';
import { DEFAULT_PRESENCE_GRACE_MS, pickNext } from './presence.ts';
import type { AgendaSlot, Floor } from './state.ts';
import { endFloorDrafts } from './timers.ts';
import { groupQuotaMs, isHardExpired, micCutAt, spokenAt } from './timing.ts';

type Who = Omit<GrantRequest, 'seconds' | 'contributionId' | 'agendaSlotId'>;

function guestWho(state: DebateState, guestId: string): Who | null {
  const guest = state.modalities.guests.find((g) => g.id === guestId);
  if (!guest) return null;
  return { participantId: guestParticipantId(guest.id), name: guest.name, role: 'speaker', group: guest.group ?? null, mode: 'oral' };
}

/** A named participant: their queue entry (it leaves the queue on grant), or a guest. */
function namedWho(state: DebateState, participantId: string): Who {
  const entry = state.turns.queue.find((e) => e.participantId === participantId);
  if (entry) {
    const { participantId: id, name, role, group, mode } = entry;
    return { participantId: id, name, role, group, mode };
  }
  const guest = state.modalities.guests.find((g) => guestParticipantId(g.id) === participantId);
  const who = guest ? guestWho(state, guest.id) : null;
  if (!who) throw new AppError('PARTICIPANT_NOT_FOUND', `"${participantId}" is neither queued nor a guest`);
  return who;
}

/** "Next": the first in the queue who is present (presence.ts), and whom that passes over. */
function headOfQueue(state: DebateState, ctx: CommandContext): { who: Who; skipped: EventDraft[] } {
  if (state.turns.queue.length === 0) throw new AppError('QUEUE_EMPTY', 'nobody is waiting for the floor');
  const graceMs = ctx.presenceGraceMs ?? DEFAULT_PRESENCE_GRACE_MS;
  const { next, skipped } = pickNext(state.turns.queue, state.turns.presence, ctx.now, graceMs);
  if (!next) {
    throw new AppError('EVERYONE_AWAY', 'everyone waiting is away: give the floor to one of them by name', {
      skipped: skipped.map((s) => s.participantId),
    });
  }
  const drafts = skipped.length ? [draft('queue:skipped', { skipped, graceMs })] : [];
  return { who: namedWho(state, next.participantId), skipped: drafts };
}

/** The slot a grant belongs to: the one named, else (for "next") the one the debate is at. */
function slotFor(state: DebateState, p: FloorGrant): AgendaSlot | null {
  if (p.agendaSlotId !== undefined) {
    const slot = state.turns.agenda.find((s) => s.id === p.agendaSlotId);
    if (!slot) throw new AppError('NOT_FOUND', `no agenda slot "${p.agendaSlotId}"`);
    if (slot.status === 'done') throw new AppError('ILLEGAL_TRANSITION', `agenda slot "${slot.id}" is done`);
    return slot;
  }
  if (p.participantId !== undefined) return null;
  const slot = activeSlot(state.turns.agenda);
  if (!slot) return null;
  // A speech slot belongs to its guest; the audience slot takes its turns from the queue.
  if (slot.kind === 'audience') return slot;
  return slot.guestId !== null ? slot : null;
}

export function decideGrant(state: DebateState, p: FloorGrant, ctx: CommandContext): EventDraft[] {
  assertCanGrant(state);
  const slot = slotFor(state, p);
  let who: Who | null;
  if (p.participantId !== undefined) who = namedWho(state, p.participantId);
  else if (slot?.kind === 'speech' && slot.guestId !== null) who = guestWho(state, slot.guestId);
  else who = null;
  // Named or a guest's slot: given as asked, present or not. "Next" passes over the absent.
  const head = who ? null : headOfQueue(state, ctx);
  const request: GrantRequest = { ...(who ?? head!.who), agendaSlotId: slot?.id ?? null };
  if (p.seconds !== undefined) request.seconds = p.seconds;
  return [...(head?.skipped ?? []), ...buildGrant(state, request, ctx)];
}

/** The floor a moderator can act on. A hard turn past its deadline is already over. */
function requireFloor(state: DebateState, now: number): Floor {
  const floor = state.turns.floor;
  if (!floor) throw new AppError('NO_FLOOR', 'nobody holds the floor');
  if (isHardExpired(state, now)) throw new AppError('NO_FLOOR', 'the turn has expired');
  return floor;
}

export function decidePause(state: DebateState, _p: FloorPause, ctx: CommandContext): EventDraft[] {
  const floor = requireFloor(state, ctx.now);
  if (floor.runningSince === null) throw new AppError('FLOOR_PAUSED', 'the turn is already paused');
  const spokenMs = spokenAt(floor, ctx.now);
  return [
    draft('floor:paused', { turnId: floor.turnId, pausedAt: ctx.now, remainingMs: floor.allottedMs - spokenMs, spokenMs }),
  ];
}

export function decideResume(state: DebateState, _p: FloorResume, ctx: CommandContext): EventDraft[] {
  const floor = requireFloor(state, ctx.now);
  if (floor.runningSince !== null || floor.pausedRemainingMs === null) {
    throw new AppError('FLOOR_NOT_PAUSED', 'the turn is not paused');
  }
  const deadline = ctx.now + floor.pausedRemainingMs;
  return [draft('floor:resumed', { turnId: floor.turnId, resumedAt: ctx.now, deadline, cutAt: micCutAt(state, floor.mode, deadline) })];
}

export function decideExtend(state: DebateState, p: FloorExtend, ctx: CommandContext): EventDraft[] {
  const floor = requireFloor(state, ctx.now);
  let addedMs = p.seconds * 1000;
  const quota = p.overrideQuota ? null : groupQuotaMs(state, floor.group);
  if (quota !== null && floor.group !== null) {
    // The turn's whole allotment counts against the quota, so what can be added is
    // what the group has left once this turn's allotment is reserved.
    const addable = quota - (state.turns.groupSpokenMs[floor.group] ?? 0) - floor.allottedMs;
    if (addable <= 0) {
      throw new AppError('QUOTA_EXHAUSTED', `group "${floor.group}" has no speaking time left`, { group: floor.group });
    }
    addedMs = Math.min(addedMs, addable);
  }
  const allottedMs = floor.allottedMs + addedMs;
  const paused = floor.runningSince === null;
  const deadline = paused ? null : floor.deadline! + addedMs;
  const remainingMs = paused ? floor.pausedRemainingMs! + addedMs : deadline! - ctx.now;
  const cutAt = micCutAt(state, floor.mode, deadline);
  const requestedMs = p.seconds * 1000;
  const quotaOverridden = p.overrideQuota === true && groupQuotaMs(state, floor.group) !== null;
  return [draft('floor:extended', { turnId: floor.turnId, addedMs, allottedMs, deadline, remainingMs, cutAt, requestedMs, quotaOverridden })];
}

/** The moderator ends the turn; the holder may end their own (a yield). */
export function decideEnd(state: DebateState, _p: FloorEnd, ctx: CommandContext): EventDraft[] {
  const floor = state.turns.floor;
  if (!floor) throw new AppError('NO_FLOOR', 'nobody holds the floor');
  const actor = ctx.actor;
  if (actor.kind === 'participant' && actor.role !== 'moderator') {
    if (actor.id !== floor.participantId) throw new AppError('FORBIDDEN', 'only the floor holder can yield it');
    return endFloorDrafts(state, ctx.now, 'yielded');
  }
  return endFloorDrafts(state, ctx.now, 'ended');
}
