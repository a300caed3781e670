// The fold of turns events into state.turns. Deterministic: it reads only the event's
// payload and the state (never a clock), so replaying the log rebuilds the same state.
import type { DebateState } from '../state.ts';
import type { DebateEvent } from '../types.ts';
import type * as E from './events.ts';
import type { TurnsEventPayloads, TurnsEventType } from './events.ts';
import { priorityPosition } from './queue.ts';
import type { Floor, TurnEndReason, TurnsState } from './state.ts';
import { passedWarnings } from './timing.ts';

function takeFromQueue(turns: TurnsState, participantId: string) {
  const i = turns.queue.findIndex((e) => e.participantId === participantId);
  return i < 0 ? undefined : turns.queue.splice(i, 1)[0];
}

function grant(state: DebateState, p: E.FloorGranted): void {
  const turns = state.turns;
  takeFromQueue(turns, p.participantId);
  if (p.agendaSlotId !== null) {
    // One slot at a time: moving to another slot closes the one the debate was at.
    for (const slot of turns.agenda) {
      if (slot.id === p.agendaSlotId) {
        if (slot.status !== 'done') slot.status = 'current';
      } else if (slot.status === 'current') slot.status = 'done';
    }
  }
  turns.floor = {
    turnId: p.turnId,
    participantId: p.participantId,
    name: p.name,
    role: p.role,
    mode: p.mode,
    group: p.group,
    grantedAt: p.grantedAt,
    allottedMs: p.allottedMs,
    accumulatedMs: 0,
    runningSince: p.grantedAt,
    deadline: p.deadline,
    pausedRemainingMs: null,
    warningsSent: passedWarnings(state.modalities.turn.warningSeconds, p.allottedMs),
    overtimeSince: null,
    agendaSlotId: p.agendaSlotId,
    contributionId: p.contributionId,
  };
}

type Closing = { turnId: string; endedAt: number; spokenMs: number; overtimeMs: number; reason: TurnEndReason };

function close(turns: TurnsState, p: Closing): void {
  const floor = turns.floor;
  if (!floor || floor.turnId !== p.turnId) return;
  turns.turns.push({
    turnId: floor.turnId,
    participantId: floor.participantId,
    name: floor.name,
    role: floor.role,
    group: floor.group,
    mode: floor.mode,
    startedAt: floor.grantedAt,
    endedAt: p.endedAt,
    allottedMs: floor.allottedMs,
    spokenMs: p.spokenMs,
    overtimeMs: p.overtimeMs,
    endReason: p.reason,
    agendaSlotId: floor.agendaSlotId,
    contributionId: floor.contributionId,
  });
  turns.spokenMs[floor.participantId] = (turns.spokenMs[floor.participantId] ?? 0) + p.spokenMs;
  if (floor.group !== null) {
    turns.groupSpokenMs[floor.group] = (turns.groupSpokenMs[floor.group] ?? 0) + p.spokenMs;
  }
  // A speech slot is its one turn; the audience slot stays open until advanced.
  const slot = turns.agenda.find((s) => s.id === floor.agendaSlotId);
  if (slot?.kind === 'speech') slot.status = 'done';
  turns.floor = null;
}

type Folder<T extends TurnsEventType> = (state: DebateState, p: TurnsEventPayloads[T]) => void;

/** The floor event handlers only act on the turn they name (a stale event is a no-op). */
function onFloor<T extends TurnsEventType>(
  fn: (floor: Floor, p: TurnsEventPayloads[T], state: DebateState) => void,
): Folder<T> {
  return (state, p) => {
    const floor = state.turns.floor;
    if (floor && floor.turnId === (p as { turnId: string }).turnId) fn(floor, p, state);
  };
}

const FOLDERS: { [T in TurnsEventType]: Folder<T> } = {
  'queue:raised': ({ turns }, p) => {
    turns.queue.splice(Math.min(p.position, turns.queue.length), 0, { ...p.entry });
  },
  'queue:lowered': ({ turns }, p) => void takeFromQueue(turns, p.participantId),
  'queue:removed': ({ turns }, p) => void takeFromQueue(turns, p.participantId),
  'queue:moved': ({ turns }, p) => {
    const entry = takeFromQueue(turns, p.participantId);
    if (entry) turns.queue.splice(Math.min(p.position, turns.queue.length), 0, entry);
  },
  'queue:prioritized': ({ turns }, p) => {
    const entry = takeFromQueue(turns, p.participantId);
    if (!entry) return;
    entry.priority = true;
    turns.queue.splice(priorityPosition(turns.queue), 0, entry);
  },
  'floor:granted': grant,
  'floor:paused': onFloor<'floor:paused'>((floor, p) => {
    floor.accumulatedMs = p.spokenMs;
    floor.runningSince = null;
    floor.deadline = null;
    floor.pausedRemainingMs = p.remainingMs;
  }),
  'floor:resumed': onFloor<'floor:resumed'>((floor, p) => {
    floor.runningSince = p.resumedAt;
    floor.deadline = p.deadline;
    floor.pausedRemainingMs = null;
  }),
  'floor:extended': onFloor<'floor:extended'>((floor, p, state) => {
    floor.allottedMs = p.allottedMs;
    if (floor.runningSince === null) floor.pausedRemainingMs = p.remainingMs;
    else floor.deadline = p.deadline;
    // Thresholds now ahead of us are re-armed; the ones behind stay silent.
    floor.warningsSent = passedWarnings(state.modalities.turn.warningSeconds, p.remainingMs);
    if (p.remainingMs > 0) floor.overtimeSince = null;
  }),
  'floor:warning': onFloor<'floor:warning'>((floor, p) => {
    if (!floor.warningsSent.includes(p.thresholdSeconds)) floor.warningsSent.push(p.thresholdSeconds);
  }),
  'floor:overtime': onFloor<'floor:overtime'>((floor, p) => {
    floor.overtimeSince = p.since;
  }),
  'floor:expired': ({ turns }, p) => close(turns, p),
  'floor:ended': ({ turns }, p) => close(turns, p),
  'agenda:advanced': ({ turns }, p) => {
    const slot = turns.agenda.find((s) => s.id === p.slotId);
    if (slot) slot.status = 'done';
  },
};

export function applyTurns(state: DebateState, event: DebateEvent): void {
  if (event.type === 'debate:ended') {
    // The application layer logs an explicit floor:ended first; a floor still open here
    // (an older log, a crash between the two) is simply dropped.
    state.turns.floor = null;
    return;
  }
  if (!Object.hasOwn(FOLDERS, event.type)) return;
  const fold = FOLDERS[event.type as TurnsEventType] as Folder<TurnsEventType>;
  fold(state, event.payload as never);
}
